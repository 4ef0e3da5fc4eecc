import { stemmer } from 'stemmer';
import { eng } from 'stopword';
import { createRequire } from 'node:module';
import type winkNLP from 'wink-nlp';

/**
 * The lexical side of the scorer: sentences, tokens, stems, negation. Everything here is a pure
 * function of the text, so the same answer always gives the same units and stems.
 */

const STOP = new Set(eng.map((w) => w.toLowerCase()));
/** Words that carry meaning in an argument although stop-word lists drop them. */
const KEEP = new Set([
  'below',
  'above',
  'over',
  'under',
  'before',
  'after',
  'against',
  'without',
  'more',
  'less',
  'most',
  'few',
  'only',
  'all',
  'not',
  'no',
  'nor',
]);

/** Words that flip a statement; "n't" is handled on the token. */
const NEGATIONS = new Set([
  'not',
  'no',
  'never',
  'nor',
  'neither',
  'none',
  'nobody',
  'nothing',
  'cannot',
  'without',
  'hardly',
  'false',
  'untrue',
  'myth',
  'wrong',
]);

const wordSegmenter = new Intl.Segmenter('en', { granularity: 'word' });
const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Lower-cased word tokens (letters, digits, apostrophes inside words); slashes and hyphens split words. */
export function tokens(text: string): string[] {
  const out: string[] = [];
  for (const s of wordSegmenter.segment(text.normalize('NFKC').replace(/[/_]/g, ' '))) {
    if (!s.isWordLike) continue;
    const w = s.segment.toLowerCase().replace(/[’‘]/g, "'");
    for (const part of w.split('-')) if (part) out.push(part);
  }
  return out;
}

export function isStopWord(token: string): boolean {
  return STOP.has(token) && !KEEP.has(token);
}

export function isNegation(token: string): boolean {
  return NEGATIONS.has(token) || token.endsWith("n't");
}

/** Content stems: stop words dropped (except the few that carry an argument's direction), Porter-stemmed. */
export function contentStems(text: string): string[] {
  return tokens(text)
    .filter((t) => !isStopWord(t) && !isNegation(t) && !/^\d+$/.test(t))
    .map((t) => stemmer(t.replace(/'s$/, '')));
}

// "… is false." ends a clause; "a false sense of security" does not refute anything.
const REFUTED_AFTER =
  /\b(?:is|are|was|were)\s+(?:(?:simply|just|plainly|completely|a)\s+)*(?:false|untrue|nonsense|a myth|a lie|not true|not the case)(?=\s*(?:$|[.,;:!?)]|but\b|and\b|because\b))|\b(?:isn't|aren't|wasn't) true\b/;
const REFUTED_BEFORE = /\b(?:it is|it's|it was)\s+(?:simply\s+|just\s+)?(?:not true|untrue|false|a myth|nonsense|not the case)\s+that\b/;

const SCOPED_NEGATIONS = new Set(['not', 'no', 'never', 'nor', 'neither', 'cannot']);
const NOT_JUST = new Set(['just', 'only', 'merely', 'simply']);
// Skipped between a negation and the word it denies: "did not argue", "was not an isolated revolt", "nor do they plan".
const ARTICLES = new Set([
  'a',
  'an',
  'the',
  'one',
  'do',
  'does',
  'did',
  'be',
  'been',
  'being',
  'is',
  'are',
  'was',
  'were',
  'have',
  'has',
  'had',
  'they',
  'we',
  'it',
  'he',
  'she',
  'really',
  'actually',
  'even',
  'always',
  'necessarily',
]);

/**
 * Stems that the text plainly denies: the word right after "not", "no", "never", "n't" (articles,
 * auxiliaries and pronouns skipped: "did not argue"), everything after "it is not true that…", and
 * everything before "… is false / a myth / not true". "The charge is accurate, not inaccurate" denies
 * "inaccurate"; "not just the state" denies nothing. Narrow on purpose: wider scopes turned
 * paraphrases with a negative verb ("uniforms don't let pupils express themselves") into denials on
 * ArgKP, and the matcher only treats a negated word as a denial in a sentence that would otherwise
 * make the key point.
 */
export function negatedStems(text: string): Set<string> {
  const ts = tokens(text);
  const out = new Set<string>();
  const add = (w: string) => {
    if (w && !isStopWord(w) && !isNegation(w)) out.add(stemmer(w.replace(/'s$/, '')));
  };
  ts.forEach((t, i) => {
    if (!SCOPED_NEGATIONS.has(t) && !t.endsWith("n't")) return;
    // "not just the state", "not only the goal" add to a statement; they deny nothing.
    if (NOT_JUST.has(ts[i + 1] ?? '')) return;
    let j = i + 1;
    while (ARTICLES.has(ts[j] ?? '')) j++;
    const w = ts[j];
    if (w) add(w);
  });
  const lower = text.toLowerCase().replace(/[’‘]/g, "'");
  const before = REFUTED_BEFORE.exec(lower);
  if (before) for (const w of tokens(lower.slice(before.index + before[0].length))) add(w);
  const after = REFUTED_AFTER.exec(lower);
  if (after) for (const w of tokens(lower.slice(0, after.index))) add(w);
  return out;
}

// Loaded on first use, not at import: the model takes ~0.3 s to load and parse, which every start
// paid (the console, lookups) although only scoring tags words. Both packages are CommonJS, so a
// synchronous require keeps the functions below synchronous.
const require = createRequire(import.meta.url);
let loadedTagger: ReturnType<typeof winkNLP> | undefined;
function tagger(): ReturnType<typeof winkNLP> {
  loadedTagger ??= (require('wink-nlp') as typeof winkNLP)(require('wink-eng-lite-web-model'));
  return loadedTagger;
}
const CONTENT_TAGS = new Set(['NOUN', 'PROPN', 'ADJ', 'NUM', 'X', 'SYM']);
const GRAMMAR_TAGS = new Set(['DET', 'ADP', 'AUX', 'PRON', 'SCONJ', 'PART']);

/**
 * A unit that reads as a sentence rather than a list of words: at least four words, a verb, no long
 * run of nouns and adjectives, and not a run of short items joined by commas, "and", hashes or
 * slashes (unless grammar words show it is an enumeration inside a sentence). Keyword lists ("centralisation participation power few hands B.2") fail,
 * which is what stops a list of a key point's words from making it; short real claims ("austerity
 * policies hurt the poorest people") pass. Part-of-speech tags come from wink-nlp's English model.
 */
const hasVerb = (tags: readonly string[]) => tags.some((t) => t === 'VERB' || t === 'AUX');

/**
 * The tagger reads "Anarchists support direct action…" as a noun compound ("anarchists support") with
 * no verb. Put a pronoun in the subject's place and ask again: "They support direct action…" has one.
 */
function retaggedWithPronounSubject(text: string): string[] {
  const rest = text.trim().replace(/^\S+/, 'They');
  const t = tagger();
  return t.readDoc(rest).tokens().out(t.its.pos) as string[];
}

export function isProse(text: string): boolean {
  const words = tokens(text);
  if (words.length < 4) return false;
  const t = tagger();
  let tags = t.readDoc(text).tokens().out(t.its.pos) as string[];
  if (!hasVerb(tags) && CONTENT_TAGS.has(tags[0] ?? '')) tags = retaggedWithPronounSubject(text);
  if (!hasVerb(tags)) return false;
  let run = 0;
  let longest = 0;
  for (const t of tags) {
    run = CONTENT_TAGS.has(t) ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  const items = text
    .split(/[,;#/|•·]|\band\b|\s[-–—]\s/)
    .map((x) => tokens(x).length)
    .filter((n) => n > 0);
  const listShare = items.filter((n) => n <= 3).length / items.length;
  // Enumerations inside real sentences ("in the family, the workplace, the church") carry grammar
  // words; a stuffed list has at most one, or is a long run of short items.
  const grammar = tags.filter((t) => GRAMMAR_TAGS.has(t)).length;
  if (grammar >= 2) return longest < 5 && !(items.length >= 6 && listShare >= 0.75);
  return longest < 4 && !(items.length >= 4 && listShare >= 0.75);
}

/** Sentences of an answer, as written (trimmed); long run-ons are split at semicolons. */
export function sentences(text: string): string[] {
  const out: string[] = [];
  for (const s of sentenceSegmenter.segment(text)) {
    for (const part of s.segment.split(/;\s+|\n+/)) {
      const t = part.trim();
      if (t) out.push(t);
    }
  }
  return out;
}
