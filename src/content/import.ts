import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '../db/client.ts';
import type { Tx } from '../db/rows.ts';
import {
  claimRefs,
  claims,
  claimTopics,
  keyPoints,
  packs,
  quoteRefs,
  quotes,
  quoteTopics,
  rebuttalRefs,
  rebuttals,
  references,
  topics,
} from '../db/schema/index.ts';
import { UserError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { normalizeCode, quoteSlug } from './codes.ts';
import { checkPackFile } from './pack-file.ts';
import type { PackInput, RebuttalInput } from './pack-schema.ts';
import { refreshSearchIndex } from './search-index.ts';

export interface ImportOptions {
  /** Owner server; null or absent for a global pack. */
  guildId?: string | null;
  onProgress?: (stage: string, done: number, total: number) => void;
}

export interface ImportResult {
  packId: number;
  slug: string;
  version: number;
  counts: { topics: number; references: number; claims: number; rebuttals: number; keyPoints: number; quotes: number };
}

/** A pack that failed validation: every problem, each with its path in the file. */
export class PackError extends UserError {
  constructor(
    readonly source: string,
    readonly errors: string[],
  ) {
    super('pack.invalid', { source, errors });
    this.name = 'PackError';
  }
}

const CHUNK = 1000;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function importPackFile(database: Database, path: string, opts: ImportOptions = {}): Promise<ImportResult> {
  // The file's size, encoding, nesting and aliases are bounded there, before it costs memory.
  const check = await checkPackFile(path);
  if (!check.ok) throw new PackError(path, check.errors);
  return importPack(database, check.pack, opts);
}

/**
 * Upserts a validated pack by slug in one transaction: records that left the file are deleted,
 * the rest keep their ids (drills and practice cards point at them), nothing is duplicated.
 */
export async function importPack(database: Database, pack: PackInput, opts: ImportOptions = {}): Promise<ImportResult> {
  const guildId = opts.guildId ?? null;
  const progress = opts.onProgress ?? (() => {});
  return database.db.transaction(async (tx) => {
    const owner = guildId === null ? isNull(packs.guildId) : eq(packs.guildId, guildId);
    const [existing] = await tx
      .select({ id: packs.id, version: packs.version })
      .from(packs)
      .where(and(owner, eq(packs.slug, pack.slug)));
    if (existing && existing.version > pack.version) {
      throw new UserError('pack.older-version', { pack: pack.slug, current: existing.version, offered: pack.version });
    }
    const fields = {
      title: pack.title,
      description: pack.description,
      source: pack.source,
      licence: pack.licence,
      version: pack.version,
      synonyms: pack.synonyms,
      importedAt: new Date(),
    };
    let packId: number;
    if (existing) {
      await tx.update(packs).set(fields).where(eq(packs.id, existing.id));
      packId = existing.id;
    } else {
      const [row] = await tx
        .insert(packs)
        .values({ slug: pack.slug, guildId, ...fields })
        .returning({ id: packs.id });
      packId = row!.id;
    }

    const topicIds = await upsertTopics(tx, packId, pack);
    progress('topics', pack.topics.length, pack.topics.length);
    const refIds = await upsertReferences(tx, packId, pack);
    progress('references', pack.references.length, pack.references.length);
    const claimIds = await upsertClaims(tx, packId, pack, topicIds, refIds, progress);
    const { rebuttals: nRebuttals, keyPoints: nKeyPoints } = await upsertRebuttals(tx, packId, pack, claimIds, refIds, progress);
    await upsertQuotes(tx, packId, pack, topicIds, refIds, progress);
    await refreshSearchIndex(tx, packId);

    return {
      packId,
      slug: pack.slug,
      version: pack.version,
      counts: {
        topics: pack.topics.length,
        references: pack.references.length,
        claims: pack.claims.length,
        rebuttals: nRebuttals,
        keyPoints: nKeyPoints,
        quotes: pack.quotes.length,
      },
    };
  });
}

async function upsertTopics(tx: Tx, packId: number, pack: PackInput): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const part of chunks(pack.topics)) {
    const rows = await tx
      .insert(topics)
      .values(part.map((t) => ({ packId, slug: t.slug, name: t.name, description: t.description ?? null })))
      .onConflictDoUpdate({
        target: [topics.packId, topics.slug],
        set: { name: sql`excluded.name`, description: sql`excluded.description` },
      })
      .returning({ id: topics.id, slug: topics.slug });
    for (const r of rows) ids.set(r.slug, r.id);
  }
  await deleteMissing(tx, topics, topics.packId, topics.id, packId, [...ids.values()]);
  return ids;
}

async function upsertReferences(tx: Tx, packId: number, pack: PackInput): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const part of chunks(pack.references)) {
    const rows = await tx
      .insert(references)
      .values(
        part.map((r) => ({
          packId,
          code: r.code.trim().replace(/\s+/g, ' '),
          codeNorm: normalizeCode(r.code),
          title: r.title,
          work: r.work,
          url: r.url ?? null,
        })),
      )
      .onConflictDoUpdate({
        target: [references.packId, references.codeNorm],
        set: { code: sql`excluded.code`, title: sql`excluded.title`, work: sql`excluded.work`, url: sql`excluded.url` },
      })
      .returning({ id: references.id, codeNorm: references.codeNorm });
    for (const r of rows) ids.set(r.codeNorm, r.id);
  }
  await deleteMissing(tx, references, references.packId, references.id, packId, [...ids.values()]);
  return ids;
}

async function upsertClaims(
  tx: Tx,
  packId: number,
  pack: PackInput,
  topicIds: Map<string, number>,
  refIds: Map<string, number>,
  progress: NonNullable<ImportOptions['onProgress']>,
): Promise<Map<string, number>> {
  const topicName = new Map(pack.topics.map((t) => [t.slug, t.name]));
  const ids = new Map<string, number>();
  let done = 0;
  for (const part of chunks(pack.claims)) {
    const rows = await tx
      .insert(claims)
      .values(
        part.map((c) => ({
          packId,
          slug: c.slug,
          text: c.text,
          attributedTo: c.attributedTo,
          keywords: [...c.topics.map((t) => topicName.get(t) ?? t), ...c.refs].join(' '),
        })),
      )
      .onConflictDoUpdate({
        target: [claims.packId, claims.slug],
        set: { text: sql`excluded.text`, attributedTo: sql`excluded.attributed_to`, keywords: sql`excluded.keywords` },
      })
      .returning({ id: claims.id, slug: claims.slug });
    for (const r of rows) ids.set(r.slug, r.id);
    done += part.length;
    progress('claims', done, pack.claims.length);
  }
  await deleteMissing(tx, claims, claims.packId, claims.id, packId, [...ids.values()]);
  const all = [...ids.values()];
  await replaceChildren(
    tx,
    claimTopics,
    claimTopics.claimId,
    all,
    pack.claims.flatMap((c) => c.topics.map((t) => ({ claimId: ids.get(c.slug)!, topicId: topicIds.get(t)! }))),
  );
  await replaceChildren(
    tx,
    claimRefs,
    claimRefs.claimId,
    all,
    pack.claims.flatMap((c) => c.refs.map((r) => ({ claimId: ids.get(c.slug)!, referenceId: refIds.get(normalizeCode(r))! }))),
  );
  return ids;
}

interface FlatRebuttal {
  input: RebuttalInput;
  claimSlug: string;
  parentSlug: string | null;
  position: number;
}

function flatten(pack: PackInput): FlatRebuttal[] {
  const out: FlatRebuttal[] = [];
  const walk = (list: RebuttalInput[], claimSlug: string, parentSlug: string | null) =>
    list.forEach((r, position) => {
      out.push({ input: r, claimSlug, parentSlug, position });
      walk(r.rebuttals, claimSlug, r.slug);
    });
  for (const c of pack.claims) walk(c.rebuttals, c.slug, null);
  return out;
}

async function upsertRebuttals(
  tx: Tx,
  packId: number,
  pack: PackInput,
  claimIds: Map<string, number>,
  refIds: Map<string, number>,
  progress: NonNullable<ImportOptions['onProgress']>,
): Promise<{ rebuttals: number; keyPoints: number }> {
  const flat = flatten(pack);
  const ids = new Map<string, number>();
  let done = 0;
  // Parents first (flatten is depth-first, pre-order), so a child's parent id is always known.
  for (const part of chunks(flat)) {
    // A child in the same chunk as its parent is inserted before the parent's id is known.
    const unresolved = part.filter((r) => r.parentSlug && !ids.has(r.parentSlug));
    const rows = await tx
      .insert(rebuttals)
      .values(
        part.map((r) => ({
          packId,
          claimId: claimIds.get(r.claimSlug)!,
          parentId: r.parentSlug ? (ids.get(r.parentSlug) ?? null) : null,
          slug: r.input.slug,
          text: r.input.text,
          position: r.position,
        })),
      )
      .onConflictDoUpdate({
        target: [rebuttals.packId, rebuttals.slug],
        set: {
          claimId: sql`excluded.claim_id`,
          parentId: sql`excluded.parent_id`,
          text: sql`excluded.text`,
          position: sql`excluded.position`,
        },
      })
      .returning({ id: rebuttals.id, slug: rebuttals.slug });
    for (const r of rows) ids.set(r.slug, r.id);
    for (const r of unresolved) {
      await tx
        .update(rebuttals)
        .set({ parentId: ids.get(r.parentSlug!)! })
        .where(eq(rebuttals.id, ids.get(r.input.slug)!));
    }
    done += part.length;
    progress('rebuttals', done, flat.length);
  }
  await deleteMissing(tx, rebuttals, rebuttals.packId, rebuttals.id, packId, [...ids.values()]);
  const all = [...ids.values()];
  const kps = flat.flatMap((r) =>
    r.input.keyPoints.map((k, position) => ({ rebuttalId: ids.get(r.input.slug)!, position, text: k.text, terms: k.terms ?? [] })),
  );
  await replaceChildren(tx, keyPoints, keyPoints.rebuttalId, all, kps);
  await replaceChildren(
    tx,
    rebuttalRefs,
    rebuttalRefs.rebuttalId,
    all,
    flat.flatMap((r) =>
      r.input.refs.map((code) => ({ rebuttalId: ids.get(r.input.slug)!, referenceId: refIds.get(normalizeCode(code))! })),
    ),
  );
  return { rebuttals: flat.length, keyPoints: kps.length };
}

async function upsertQuotes(
  tx: Tx,
  packId: number,
  pack: PackInput,
  topicIds: Map<string, number>,
  refIds: Map<string, number>,
  progress: NonNullable<ImportOptions['onProgress']>,
): Promise<void> {
  const withSlugs = pack.quotes.map((q) => ({ ...q, slug: q.slug ?? quoteSlug(q.speaker, q.text) }));
  const ids = new Map<string, number>();
  let done = 0;
  for (const part of chunks(withSlugs)) {
    const rows = await tx
      .insert(quotes)
      .values(
        part.map((q) => ({
          packId,
          slug: q.slug,
          text: q.text,
          speaker: q.speaker,
          work: q.work ?? null,
          year: q.year ?? null,
          context: q.context ?? null,
        })),
      )
      .onConflictDoUpdate({
        target: [quotes.packId, quotes.slug],
        set: {
          text: sql`excluded.text`,
          speaker: sql`excluded.speaker`,
          work: sql`excluded.work`,
          year: sql`excluded.year`,
          context: sql`excluded.context`,
        },
      })
      .returning({ id: quotes.id, slug: quotes.slug });
    for (const r of rows) ids.set(r.slug, r.id);
    done += part.length;
    progress('quotes', done, withSlugs.length);
  }
  await deleteMissing(tx, quotes, quotes.packId, quotes.id, packId, [...ids.values()]);
  const all = [...ids.values()];
  await replaceChildren(
    tx,
    quoteTopics,
    quoteTopics.quoteId,
    all,
    withSlugs.flatMap((q) => q.topics.map((t) => ({ quoteId: ids.get(q.slug)!, topicId: topicIds.get(t)! }))),
  );
  await replaceChildren(
    tx,
    quoteRefs,
    quoteRefs.quoteId,
    all,
    withSlugs.flatMap((q) => q.refs.map((r) => ({ quoteId: ids.get(q.slug)!, referenceId: refIds.get(normalizeCode(r))! }))),
  );
}

/** Replaces the rows of a child table (links, key points) that belong to the given owners. */
async function replaceChildren<T extends PgTable>(
  tx: Tx,
  table: T,
  ownerCol: PgColumn,
  ownerIds: number[],
  rows: T['$inferInsert'][],
): Promise<void> {
  await tx.delete(table).where(sql`${ownerCol} = any(${sql.param(ownerIds)}::int[])`);
  for (const part of chunks(rows))
    await tx
      .insert(table)
      .values(part as never)
      .onConflictDoNothing();
}

/** Deletes a pack's rows of one table whose ids are not among those just upserted. */
async function deleteMissing(tx: Tx, table: PgTable, packCol: PgColumn, idCol: PgColumn, packId: number, keep: number[]): Promise<void> {
  if (keep.length === 0) {
    await tx.delete(table).where(eq(packCol, packId));
    return;
  }
  // One array parameter instead of NOT IN (…100,000 values…), which is slow to plan.
  await tx.delete(table).where(and(eq(packCol, packId), sql`not (${idCol} = any(${sql.param(keep)}::int[]))`));
}

/** On first start with an empty store, loads every pack shipped in the packs folder. */
export async function importShippedPacksIfEmpty(database: Database, packsDir: string, log: Logger): Promise<number> {
  const [row] = await database.db.select({ n: sql<number>`count(*)::int` }).from(packs);
  if ((row?.n ?? 0) > 0) return 0;
  let files: string[];
  try {
    files = (await readdir(packsDir)).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
  } catch {
    log.warn({ packsDir }, 'no packs folder; starting with an empty store');
    return 0;
  }
  let imported = 0;
  for (const f of files) {
    const result = await importPackFile(database, join(packsDir, f));
    log.info({ pack: result.slug, ...result.counts }, 'imported shipped pack');
    imported++;
  }
  return imported;
}
