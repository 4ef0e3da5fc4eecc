import { createHash } from 'node:crypto';

/** Reference codes compare case- and spacing-insensitively: "appendix  3.4 q4" is "Appendix 3.4 Q4". */
export function normalizeCode(code: string): string {
  return code.trim().replace(/\s+/g, ' ').toLowerCase();
}

export function slugify(text: string, max = 40): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
  return s || 'x';
}

/** A quote without a slug keeps the same one across imports as long as its words and speaker stay. */
export function quoteSlug(speaker: string, text: string): string {
  const hash = createHash('sha1').update(`${speaker}\n${text}`).digest('hex').slice(0, 8);
  return `${slugify(speaker, 30)}-${hash}`;
}
