import { prefixQuery } from './query-text.ts';
import type { LazyCorrection } from './search-correct.ts';

/**
 * What autocomplete offers for typed words, whatever it completes: the rows holding the words (the
 * last still a prefix); when fewer than `limit`, then those holding the words a spelling correction
 * makes of them ("vangaurd"); and only when no row holds either, the rows that look like the text
 * (trigram similarity, `lookAlike`: for run-together words and slips the vocabulary cannot mend —
 * padding word matches with look-alikes would cost the most of all and add noise). `prefix` is
 * `prefixQuery(t)`, which the caller has found non-null.
 */
export async function wordsThenCorrected<T extends { id: number }>(
  t: string,
  prefix: string,
  limit: number,
  how: { byWords: (text: string, prefix: string) => Promise<T[]>; correct: LazyCorrection; lookAlike: () => Promise<T[]> },
): Promise<T[]> {
  const byWords = await how.byWords(t, prefix);
  if (byWords.length >= limit || t.length < 3 || t.length > 60) return byWords;
  const out = [...byWords];
  const { corrected } = await how.correct();
  const correctedPrefix = corrected ? prefixQuery(corrected) : null;
  if (corrected && correctedPrefix) {
    const seen = new Set(out.map((c) => c.id));
    for (const c of await how.byWords(corrected, correctedPrefix))
      if (!seen.has(c.id)) {
        seen.add(c.id);
        out.push(c);
      }
  }
  return out.length > 0 ? out.slice(0, limit) : how.lookAlike();
}
