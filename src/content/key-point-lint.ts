import { eng } from 'stopword';
import type { PackInput, RebuttalInput } from './pack-schema.ts';

/**
 * Warnings about key points that one generic word, or only stop words, would make. Such a key point
 * rewards vocabulary instead of an argument: "state" turns up in almost any answer about this pack,
 * and "from below" is dropped whole by a stop-word filter, so the point goes to "from above" too.
 *
 * "Common" is defined from the pack itself: a word is common when it occurs in a large share of the
 * pack's claims (each claim counted with its rebuttals and key points, i.e. the document frequency of
 * the word over the pack's argument threads), or when it is an English stop word.
 */

/**
 * The English list of the `stopword` package, plus the words of the Snowball English list (the one
 * PostgreSQL's `english` text-search configuration drops) that `stopword` keeps. The latter matter
 * most here: "below", "above", "against", "not" and "no" carry a key point's meaning, yet a lexical
 * matcher built on that configuration never sees them.
 */
const SNOWBALL_EXTRA = [
  'myself',
  'ours',
  'ourselves',
  'yours',
  'yourself',
  'yourselves',
  'she',
  'hers',
  'herself',
  'its',
  'itself',
  'theirs',
  'themselves',
  'whom',
  'having',
  'does',
  'doing',
  'until',
  'against',
  'during',
  'above',
  'below',
  'down',
  'off',
  'again',
  'further',
  'once',
  'when',
  'why',
  'few',
  'no',
  'nor',
  'not',
  'own',
  'so',
  's',
  't',
  'will',
  'just',
  'don',
];
export const STOP_WORDS: ReadonlySet<string> = new Set([...eng, ...SNOWBALL_EXTRA]);

/** A word is common when at least this share of the pack's claim threads use it … */
export const COMMON_SHARE = 0.2;
/** … and at least this many do, so that a small pack does not call every word common. */
export const COMMON_MIN_THREADS = 4;

export interface KeyPointWarning {
  path: (string | number)[];
  message: string;
}

const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

/** Words of a text, lower-cased, with "Trotsky's" → "trotsky". A slash separates words. */
export function words(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).map((w) => w.replace(/’/g, "'").replace(/'s$/, ''));
}

/** A light plural folding, so that "anarchists" and "anarchist" count as one word. */
export function fold(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

function contentWords(text: string): string[] {
  return words(text).filter((w) => !isStopWord(w));
}

function threadText(claim: PackInput['claims'][number]): string[] {
  const out = [claim.text];
  const walk = (list: RebuttalInput[]) =>
    list.forEach((r) => {
      out.push(r.text);
      for (const k of r.keyPoints) out.push(k.text, ...(k.terms ?? []));
      walk(r.rebuttals);
    });
  walk(claim.rebuttals);
  return out;
}

/** The folded words that a large share of the pack's claim threads use. */
export function commonWords(pack: PackInput): Set<string> {
  const df = new Map<string, number>();
  for (const claim of pack.claims) {
    const seen = new Set(threadText(claim).flatMap((t) => contentWords(t).map(fold)));
    for (const w of seen) df.set(w, (df.get(w) ?? 0) + 1);
  }
  const min = Math.max(COMMON_MIN_THREADS, Math.ceil(COMMON_SHARE * pack.claims.length));
  return new Set([...df].filter(([, n]) => n >= min).map(([w]) => w));
}

export function keyPointWarnings(pack: PackInput): KeyPointWarning[] {
  const common = commonWords(pack);
  const distinctive = (text: string) => contentWords(text).filter((w) => !common.has(fold(w)));
  const warnings: KeyPointWarning[] = [];
  const walk = (list: RebuttalInput[], at: (string | number)[]) =>
    list.forEach((r, i) => {
      const here = [...at, 'rebuttals', i];
      r.keyPoints.forEach((k, j) => {
        const path = [...here, 'keyPoints', j];
        k.terms?.forEach((term, t) => {
          const content = contentWords(term);
          if (content.length === 0) {
            warnings.push({
              path: [...path, 'terms', t],
              message: `term "${term}" is only stop words, which a matcher ignores: name what it means`,
            });
          } else if (content.length === 1 && common.has(fold(content[0]!))) {
            warnings.push({
              path: [...path, 'terms', t],
              message: `term "${term}" is a word most answers in this pack use: use a distinctive word or phrase`,
            });
          }
        });
        const found = new Set((k.terms ?? [k.text]).flatMap(distinctive).map(fold));
        if (found.size < 2) {
          const what = k.terms ? 'its terms hold' : 'its text (it has no terms) holds';
          const list = found.size ? `only "${[...found][0]}"` : 'none';
          warnings.push({ path, message: `one common word could make this key point: ${what} fewer than two distinctive words (${list})` });
        }
      });
      walk(r.rebuttals, here);
    });
  pack.claims.forEach((c, i) => {
    walk(c.rebuttals, ['claims', i]);
  });
  return warnings;
}
