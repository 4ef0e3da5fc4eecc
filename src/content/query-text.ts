import { sql, type SQL } from 'drizzle-orm';
import { UserError } from '../errors.ts';
import { MAX_QUERY_LENGTH } from './visibility.ts';

/** Trims and checks what a person typed as a search; autocomplete clips instead of refusing. */
export function searchText(query: string, what = 'search'): string {
  const q = query.trim().replace(/\s+/g, ' ');
  if (!q) throw new UserError(`Type something to ${what} for.`);
  if (q.length > MAX_QUERY_LENGTH) {
    throw new UserError(`That ${what} is ${q.length} characters long; keep it under ${MAX_QUERY_LENGTH}.`);
  }
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
  const words = typed.toLowerCase().match(/[\p{L}\p{N}]+/gu)?.slice(0, 12) ?? [];
  if (words.length === 0) return null;
  return words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(' & ');
}

/** The english tsquery of prefixQuery's text; when it is only stop words ("s", "the"), the unstemmed one. */
export function prefixTsquery(prefix: string): SQL {
  return sql`(case when numnode(to_tsquery('english', ${prefix})) > 0 then to_tsquery('english', ${prefix}) else to_tsquery('simple', ${prefix}) end)`;
}
