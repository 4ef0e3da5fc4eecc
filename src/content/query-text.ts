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
