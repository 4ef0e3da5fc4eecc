import { sql } from 'drizzle-orm';
import { stringify } from 'yaml';
import type { Database } from '../db/client.ts';
import type { PackSource } from '../db/schema/index.ts';
import { UserError } from '../errors.ts';
import type { PackInput, RebuttalInput } from './pack-schema.ts';

/** Rebuilds a pack file from the store; importing the result gives back the same content. */
export async function exportPack(database: Database, slug: string, guildId: string | null = null): Promise<PackInput> {
  const owner = guildId === null ? sql`guild_id is null` : sql`guild_id = ${guildId}`;
  const [pack] = await database.rows<{
    id: number;
    slug: string;
    title: string;
    description: string;
    version: number;
    licence: string;
    source: PackSource;
    synonyms: string[][];
  }>(sql`select id, slug, title, description, version, licence, source, synonyms from packs where slug = ${slug} and ${owner}`);
  if (!pack) throw new UserError('pack.not-found', { pack: slug, guildId: guildId ?? null });
  const id = pack.id;

  const [
    topicRows,
    refRows,
    claimRows,
    claimTopicRows,
    claimRefRows,
    rebuttalRows,
    kpRows,
    rebRefRows,
    quoteRows,
    quoteTopicRows,
    quoteRefRows,
  ] = await Promise.all([
    database.rows<{ slug: string; name: string; description: string | null }>(
      sql`select slug, name, description from topics where pack_id = ${id} order by id`,
    ),
    database.rows<{ code: string; title: string; work: string; url: string | null }>(
      sql`select code, title, work, url from "references" where pack_id = ${id} order by id`,
    ),
    database.rows<{ id: number; slug: string; text: string; attributedTo: string }>(
      sql`select id, slug, text, attributed_to as "attributedTo" from claims where pack_id = ${id} order by id`,
    ),
    database.rows<{ ownerId: number; v: string }>(
      sql`select ct.claim_id as "ownerId", t.slug as v from claim_topics ct join topics t on t.id = ct.topic_id where t.pack_id = ${id} order by t.id`,
    ),
    database.rows<{ ownerId: number; v: string }>(
      sql`select cr.claim_id as "ownerId", r.code as v from claim_refs cr join "references" r on r.id = cr.reference_id where r.pack_id = ${id} order by r.id`,
    ),
    database.rows<{ id: number; claimId: number; parentId: number | null; slug: string; text: string }>(sql`
        select id, claim_id as "claimId", parent_id as "parentId", slug, text from rebuttals where pack_id = ${id} order by position, id`),
    database.rows<{ rebuttalId: number; text: string; terms: string[] }>(sql`
        select k.rebuttal_id as "rebuttalId", k.text, k.terms from key_points k join rebuttals r on r.id = k.rebuttal_id where r.pack_id = ${id} order by k.position`),
    database.rows<{ ownerId: number; v: string }>(
      sql`select rr.rebuttal_id as "ownerId", r.code as v from rebuttal_refs rr join "references" r on r.id = rr.reference_id where r.pack_id = ${id} order by r.id`,
    ),
    database.rows<{
      id: number;
      slug: string;
      text: string;
      speaker: string;
      work: string | null;
      year: number | null;
      context: string | null;
    }>(sql`
        select id, slug, text, speaker, work, year, context from quotes where pack_id = ${id} order by id`),
    database.rows<{ ownerId: number; v: string }>(
      sql`select qt.quote_id as "ownerId", t.slug as v from quote_topics qt join topics t on t.id = qt.topic_id where t.pack_id = ${id} order by t.id`,
    ),
    database.rows<{ ownerId: number; v: string }>(
      sql`select qr.quote_id as "ownerId", r.code as v from quote_refs qr join "references" r on r.id = qr.reference_id where r.pack_id = ${id} order by r.id`,
    ),
  ]);

  const group = (rows: { ownerId: number; v: string }[]) => {
    const m = new Map<number, string[]>();
    for (const r of rows) m.set(r.ownerId, [...(m.get(r.ownerId) ?? []), r.v]);
    return (ownerId: number) => m.get(ownerId) ?? [];
  };
  const claimTopics = group(claimTopicRows);
  const claimRefs = group(claimRefRows);
  const rebRefs = group(rebRefRows);
  const quoteTopics = group(quoteTopicRows);
  const quoteRefs = group(quoteRefRows);

  const kps = new Map<number, RebuttalInput['keyPoints']>();
  for (const k of kpRows)
    kps.set(k.rebuttalId, [...(kps.get(k.rebuttalId) ?? []), k.terms.length ? { text: k.text, terms: k.terms } : { text: k.text }]);
  const nodes = new Map<number, RebuttalInput>();
  for (const r of rebuttalRows)
    nodes.set(r.id, { slug: r.slug, text: r.text, keyPoints: kps.get(r.id) ?? [], refs: rebRefs(r.id), rebuttals: [] });
  const byClaim = new Map<number, RebuttalInput[]>();
  for (const r of rebuttalRows) {
    const node = nodes.get(r.id)!;
    if (r.parentId !== null) nodes.get(r.parentId)?.rebuttals.push(node);
    else byClaim.set(r.claimId, [...(byClaim.get(r.claimId) ?? []), node]);
  }

  return {
    format: 'riposte-pack/1',
    slug: pack.slug,
    title: pack.title,
    description: pack.description,
    version: pack.version,
    licence: pack.licence,
    source: pack.source,
    synonyms: pack.synonyms,
    topics: topicRows.map((t) =>
      t.description ? { slug: t.slug, name: t.name, description: t.description } : { slug: t.slug, name: t.name },
    ),
    references: refRows.map((r) =>
      r.url ? { code: r.code, title: r.title, work: r.work, url: r.url } : { code: r.code, title: r.title, work: r.work },
    ),
    claims: claimRows.map((c) => ({
      slug: c.slug,
      text: c.text,
      attributedTo: c.attributedTo,
      topics: claimTopics(c.id),
      refs: claimRefs(c.id),
      rebuttals: byClaim.get(c.id) ?? [],
    })),
    quotes: quoteRows.map((q) => ({
      slug: q.slug,
      text: q.text,
      speaker: q.speaker,
      ...(q.work !== null && { work: q.work }),
      ...(q.year !== null && { year: q.year }),
      ...(q.context !== null && { context: q.context }),
      topics: quoteTopics(q.id),
      refs: quoteRefs(q.id),
    })),
  };
}

export function packToYaml(pack: PackInput): string {
  return stringify(pack, { lineWidth: 0 });
}
