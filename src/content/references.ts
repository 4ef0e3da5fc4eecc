import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import type { ClaimSummary } from './claims.ts';
import { normalizeCode } from './codes.ts';
import { likePattern, typedText } from './query-text.ts';
import { correctQuery } from './search-correct.ts';
import { trigramRows, visiblePack } from './visibility.ts';

export interface ReferenceDetail {
  code: string;
  title: string;
  work: string;
  url: string | null;
  claims: ClaimSummary[];
  rebuttals: { id: number; slug: string; text: string; claimId: number; claimText: string }[];
}

/**
 * Codes match by prefix ("h.2" finds H.2.4), titles by substring or, for a typo, trigram word
 * similarity; each over a bounded set of candidates. When too few match, misspelt title words are
 * corrected against the vocabulary ("durutti" finds the Friends of Durruti) and matched again.
 */
export async function autocompleteReferences(
  database: Database,
  guildId: string,
  typed: string,
  limit = 25,
): Promise<{ code: string; title: string }[]> {
  const t = typedText(typed);
  const found = await referencesMatching(database, guildId, t, limit, true);
  if (found.length >= limit || t.length < 3 || t.length > 60) return found;
  const { corrected } = await correctQuery(database, guildId, t, { lastIsPrefix: true });
  if (!corrected) return found;
  const seen = new Set(found.map((r) => r.code));
  return [...found, ...(await referencesMatching(database, guildId, corrected, limit, false)).filter((r) => !seen.has(r.code))].slice(
    0,
    limit,
  );
}

type RefChoice = { code: string; title: string };

/**
 * The code-prefix and title-substring lookups run apart from the trigram one: in one OR the
 * planner read every visible reference and computed word similarity for each (20–30 ms at
 * 2,000 references). Trigram matching, the costly one, only fills in when the cheap ones found too
 * few, and only for typed words (three letters running), never for a code like "a.2" whose
 * one-letter trigrams match half the titles. In the trigram lookup `pack_id + 0` keeps the planner
 * from reading each visible pack's references by their (pack_id, code) key and testing word
 * similarity on every one (8 ms for a typo at 1,000 references) instead of reading the trigram index.
 */
async function referencesMatching(database: Database, guildId: string, t: string, limit: number, fuzzy: boolean): Promise<RefChoice[]> {
  const norm = normalizeCode(t);
  const codePrefix = `${norm.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const match = t.length === 0 ? sql`` : sql`and (r.code_norm like ${codePrefix} or r.title ilike ${likePattern(t)})`;
  const exact = await database.rows<RefChoice>(sql`
    select distinct on (code_norm) code, title from (
      select r.code, r.title, r.code_norm, p.guild_id from "references" r join packs p on p.id = r.pack_id
      where ${visiblePack(guildId)} ${match} limit ${limit * 8}
    ) k
    order by code_norm, guild_id nulls last
    limit ${limit}`);
  if (!fuzzy || exact.length >= limit || t.length < 3 || t.length > 60 || !/\p{L}{3}/u.test(t)) return exact;
  const seen = new Set(exact.map((r) => r.code));
  const similar = await trigramRows<RefChoice>(
    database,
    sql`
    select distinct on (code_norm) code, title from (
      select r.code, r.title, r.code_norm, p.guild_id from "references" r join packs p on p.id = r.pack_id + 0
      where ${visiblePack(guildId)} and ${t} <% r.title limit ${limit * 8}
    ) k
    order by code_norm, guild_id nulls last
    limit ${limit}`,
  );
  return [...exact, ...similar.filter((r) => !seen.has(r.code))].slice(0, limit);
}

export async function getReference(database: Database, guildId: string, code: string): Promise<ReferenceDetail | null> {
  const norm = normalizeCode(code);
  if (!norm || norm.length > 60) return null;
  const refs = await database.rows<{ id: number; code: string; title: string; work: string; url: string | null }>(sql`
    select r.id, r.code, r.title, r.work, r.url from "references" r join packs p on p.id = r.pack_id
    where r.code_norm = ${norm} and ${visiblePack(guildId)} order by r.id`);
  const first = refs[0];
  if (!first) return null;
  // The same code can exist in several visible packs; show everything that cites any of them.
  const ids = refs.map((r) => r.id);
  const [claimRows, rebuttalRows] = await Promise.all([
    database.rows<ClaimSummary>(sql`
      select distinct c.id, c.slug, c.text, c.attributed_to as "attributedTo", p.slug as "packSlug"
      from claim_refs cr join claims c on c.id = cr.claim_id join packs p on p.id = c.pack_id
      where cr.reference_id = any(${sql.param(ids)}::int[]) order by c.id`),
    database.rows<ReferenceDetail['rebuttals'][number]>(sql`
      select distinct r.id, r.slug, r.text, c.id as "claimId", c.text as "claimText"
      from rebuttal_refs rr join rebuttals r on r.id = rr.rebuttal_id join claims c on c.id = r.claim_id
      where rr.reference_id = any(${sql.param(ids)}::int[]) order by r.id`),
  ]);
  return { code: first.code, title: first.title, work: first.work, url: first.url, claims: claimRows, rebuttals: rebuttalRows };
}
