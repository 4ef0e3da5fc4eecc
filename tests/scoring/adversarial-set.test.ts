/**
 * Checks the DATA of the adversarial set against the first pack as it is on disk: the slugs exist,
 * every answer is there and of a sensible length, and the judge's key-point indices point at key points
 * that exist. The scorer's ordering on this set is tested elsewhere.
 */
import { describe, expect, it } from 'vitest';
import {
  ADVERSARIAL_EDGE_CASES,
  ADVERSARIAL_SET,
  ANSWER_CATEGORIES,
  JUDGED_CATEGORIES,
  WORD_RANGES,
  countWords,
  loadReferenceRebuttals,
  type ReferenceRebuttal,
} from './adversarial-set.ts';

const references = loadReferenceRebuttals();

function referenceOf(slug: string): ReferenceRebuttal {
  const reference = references.get(slug);
  if (!reference) throw new Error(`claim "${slug}" is not in packs/marxism-or-anarchism.yaml`);
  return reference;
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s'-]/gu, ' ')
    .split(/\s+/)
    .filter((word) => /[\p{L}\p{N}]/u.test(word));
}

/** Runs of n consecutive words, to catch an answer that copies the rebuttal instead of arguing it. */
function runs(text: string, n: number): Set<string> {
  const list = words(text);
  const found = new Set<string>();
  for (let i = 0; i + n <= list.length; i++) found.add(list.slice(i, i + n).join(' '));
  return found;
}

const STOP = new Set(
  'the a an and or of to in on for with by as at is are was were be been it its this that these those not no than from into only their they them our we who which what will would can could has have had just also more most all any much every one other only some such then there when where how'.split(
    ' ',
  ),
);

/** Share of the key points' content words (stemmed to 5 letters) that the answer uses. */
function keyPointWordShare(answer: string, keyPoints: readonly string[]): number {
  const stem = (word: string) => word.replace(/'s$/, '').slice(0, 5);
  const content = (text: string) =>
    new Set(
      words(text)
        .filter((w) => w.length > 2 && !STOP.has(w))
        .map(stem),
    );
  const wanted = content(keyPoints.join(' '));
  const used = content(answer);
  return [...wanted].filter((word) => used.has(word)).length / wanted.size;
}

/** Reference codes as the pack writes them: "H.2.4", "B.2", "Appendix 3.4 Q15", "J". */
const CODE = /\bAppendix \d+(?:\.\d+)*(?: Q\d+)?|\b[A-J](?:\.\d+)+\b/g;

describe('adversarial set: data', () => {
  it('covers at least 14 distinct claims of the first pack, across many topics', () => {
    const slugs = ADVERSARIAL_SET.map((entry) => entry.claimSlug);
    expect(new Set(slugs).size).toBe(slugs.length);
    expect(slugs.length).toBeGreaterThanOrEqual(14);
    const missing = slugs.filter((slug) => !references.has(slug));
    expect(missing, 'claim slugs not in the pack').toEqual([]);
    const topics = new Set(slugs.flatMap((slug) => referenceOf(slug).topics));
    expect(topics.size).toBeGreaterThanOrEqual(12);
  });

  describe.each(ADVERSARIAL_SET.map((entry) => [entry.claimSlug, entry] as const))('%s', (slug, entry) => {
    const reference = referenceOf(slug);
    const pointCount = reference.keyPoints.length;

    it('has every category, each a non-empty answer within its word range', () => {
      for (const category of ANSWER_CATEGORIES) {
        const answer = entry[category];
        expect(typeof answer, category).toBe('string');
        const [min, max] = WORD_RANGES[category];
        const count = countWords(answer);
        expect(count, `${category} has ${count} words, wants ${min}–${max}`).toBeGreaterThanOrEqual(min);
        expect(count, `${category} has ${count} words, wants ${min}–${max}`).toBeLessThanOrEqual(max);
      }
    });

    it('lists valid key point indices: strong makes most, paraphrase the same, partial one (two of 4+)', () => {
      for (const category of JUDGED_CATEGORIES) {
        const made = entry.keyPointsMade[category];
        for (const index of made) {
          expect(Number.isInteger(index) && index >= 0 && index < pointCount, `${category}: ${index} of ${pointCount}`).toBe(true);
        }
        expect(
          [...made].sort((a, b) => a - b),
          `${category} indices sorted, no repeats`,
        ).toEqual([...new Set(made)]);
      }
      expect(entry.keyPointsMade.strong.length * 2, 'strong makes most key points').toBeGreaterThan(pointCount);
      expect(entry.keyPointsMade.paraphrase).toEqual(entry.keyPointsMade.strong);
      const partial = entry.keyPointsMade.partial.length;
      expect(partial).toBeGreaterThanOrEqual(1);
      expect(partial).toBeLessThanOrEqual(pointCount >= 4 ? 2 : 1);
    });

    it('argues rather than copies: no answer shares eight words in a row with the rebuttal', () => {
      const rebuttalRuns = runs(reference.rebuttalText, 8);
      for (const category of ANSWER_CATEGORIES) {
        const copied = [...runs(entry[category], 8)].filter((run) => rebuttalRuns.has(run));
        expect(copied, `${category} copies the rebuttal`).toEqual([]);
      }
    });

    it('paraphrases in other words: it uses fewer of the key points’ words than the strong answer', () => {
      const strong = keyPointWordShare(entry.strong, reference.keyPoints);
      const paraphrase = keyPointWordShare(entry.paraphrase, reference.keyPoints);
      expect(paraphrase, `paraphrase ${paraphrase.toFixed(2)} vs strong ${strong.toFixed(2)}`).toBeLessThan(strong);
      expect(paraphrase).toBeLessThanOrEqual(0.3);
    });

    it('baits a word matcher: the stuffed and arguing-the-claim answers use the key points’ words', () => {
      expect(keyPointWordShare(entry.stuffed, reference.keyPoints), 'stuffed').toBeGreaterThanOrEqual(0.25);
      expect(keyPointWordShare(entry.arguesClaim, reference.keyPoints), 'arguesClaim').toBeGreaterThanOrEqual(0.3);
    });

    it('stuffs without arguing: no sentence ends, and it carries one of the rebuttal’s reference codes', () => {
      expect(entry.stuffed).not.toMatch(/\p{L}[.!?](?:\s|$)/u);
      const codes = entry.stuffed.match(CODE) ?? [];
      expect(
        codes.some((code) => reference.refs.includes(code)),
        `codes ${codes.join(', ')}`,
      ).toBe(true);
    });

    it('cites only the rebuttal’s own references, and argues the claim with negations', () => {
      for (const category of ANSWER_CATEGORIES) {
        for (const code of entry[category].match(CODE) ?? []) {
          if (category === 'offTopic') continue;
          expect(reference.refs, `${category} cites ${code}`).toContain(code);
        }
      }
      expect(entry.arguesClaim).toMatch(/\b(?:not|no|never)\b|n't\b/);
    });
  });

  describe('edge cases', () => {
    it('cover the cases a judge asked for, on claims of the pack, with valid indices', () => {
      expect(ADVERSARIAL_EDGE_CASES.length).toBeGreaterThanOrEqual(5);
      expect(new Set(ADVERSARIAL_EDGE_CASES.map((edge) => edge.name)).size).toBe(ADVERSARIAL_EDGE_CASES.length);
      for (const edge of ADVERSARIAL_EDGE_CASES) {
        const reference = referenceOf(edge.claimSlug);
        expect(edge.answer.trim(), edge.name).not.toBe('');
        expect(edge.why.trim(), edge.name).not.toBe('');
        for (const index of edge.keyPointsMade) {
          expect(Number.isInteger(index) && index >= 0 && index < reference.keyPoints.length, edge.name).toBe(true);
        }
        if (edge.verdict === 'nothing') expect(edge.keyPointsMade, edge.name).toEqual([]);
        if (edge.verdict === 'atMostPartial') expect(edge.keyPointsMade.length, edge.name).toBe(1);
      }
    });

    it('the citation-only answers cite a reference of their rebuttal, so the bonus is what is at stake', () => {
      for (const edge of ADVERSARIAL_EDGE_CASES.filter((candidate) => /reference/.test(candidate.name))) {
        const codes = edge.answer.match(CODE) ?? [];
        expect(codes.length, edge.name).toBeGreaterThan(0);
        for (const code of codes) expect(referenceOf(edge.claimSlug).refs, edge.name).toContain(code);
      }
    });
  });

  it('word counting ignores punctuation-only tokens', () => {
    expect(countWords('  centralisation — power,  few hands … B.2 ')).toBe(5);
    expect(countWords('')).toBe(0);
  });

  it('the loader names the file and the problem when a pack is malformed', () => {
    expect(() => loadReferenceRebuttals(new URL('../fixtures/quotes-pack.yaml', import.meta.url).pathname)).toThrow(
      /quotes-pack\.yaml: not a pack with claims and rebuttals/,
    );
  });
});
