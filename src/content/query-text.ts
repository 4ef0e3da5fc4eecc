import { sql, type SQL } from 'drizzle-orm';
import { UserError } from '../errors.ts';
import { MAX_QUERY_LENGTH } from './visibility.ts';

/** Trims and checks what a person typed as a search; autocomplete clips instead of refusing. */
export function searchText(query: string): string {
  const q = query.trim().replace(/\s+/g, ' ');
  if (!q) throw new UserError('search.empty');
  if (q.length > MAX_QUERY_LENGTH) throw new UserError('search.too-long', { length: q.length, max: MAX_QUERY_LENGTH });
  return q;
}

export function typedText(typed: string): string {
  return typed.trim().replace(/\s+/g, ' ').slice(0, MAX_QUERY_LENGTH);
}

/** Escapes LIKE wildcards so a typed % or _ matches itself. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * A tsquery text for what someone is typing: every whole word must match, the last one as a prefix
 * ("the state mach" → state & mach:*). Only letters and digits pass, so the text is always a valid
 * query; null when nothing is left.
 */
export function prefixQuery(typed: string): string | null {
  // Callers turn it into a tsquery with prefixTsquery(), which copes with stop words.
  const words =
    typed
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu)
      ?.slice(0, 12) ?? [];
  if (words.length === 0) return null;
  return words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(' & ');
}

/** The english tsquery of prefixQuery's text; when it is only stop words ("s", "the"), the unstemmed one. */
export function prefixTsquery(prefix: string): SQL {
  return sql`(case when numnode(to_tsquery('english', ${prefix})) > 0 then to_tsquery('english', ${prefix}) else to_tsquery('simple', ${prefix}) end)`;
}

export interface QueryWord {
  /** As typed. */
  text: string;
  start: number;
  /** Inside double quotes: the person asked for exactly this, so it is never corrected. */
  quoted: boolean;
}

/** The words of a query (runs of letters and digits, as the simple text-search parser splits them), with where they stand. */
export function queryWords(text: string): QueryWord[] {
  const out: QueryWord[] = [];
  let quoted = false;
  for (const m of text.matchAll(/["“”]|[\p{L}\p{N}]+/gu)) {
    if (/^["“”]$/u.test(m[0])) quoted = !quoted;
    else out.push({ text: m[0], start: m.index, quoted });
  }
  return out;
}

/** True when some word is in double quotes: the person asked for exactly it, so nothing look-alike stands in. */
export function asksExactly(text: string): boolean {
  return queryWords(text).some((w) => w.quoted);
}

/**
 * Edit distance counting a swap of neighbours as one edit (optimal string alignment): "trotksy" is
 * one edit from "trotsky". Stops early past `max`, returning max + 1.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const x = [...a];
  const y = [...b];
  let prev2: number[] = [];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[y.length]!;
}
