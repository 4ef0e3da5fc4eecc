import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { commonWords, isStopWord, keyPointWarnings, words } from '../../src/content/key-point-lint.ts';
import { runPackCommand } from '../../src/content/pack-cli.ts';
import { packSchema } from '../../src/content/pack-schema.ts';
import { checkPackText, formatPath } from '../../src/content/validate-pack.ts';

type KeyPoint = { text: string; terms?: string[] };

/**
 * A pack of `filler` claims that all talk about "the state" (so that "state" is a word most threads
 * use) plus one claim whose rebuttal has the key points under test, at claims[0].rebuttals[0].
 */
function packWith(keyPoints: KeyPoint[], filler = 8) {
  const claims = [
    {
      slug: 'claim-under-test',
      text: 'Anarchists see the state as the main evil.',
      attributedTo: 'Engels',
      rebuttals: [{ slug: 'answer-under-test', text: 'Anarchists oppose the state and capitalism together.', keyPoints }],
    },
  ];
  for (let i = 0; i < filler; i++) {
    claims.push({
      slug: `filler-${i}`,
      text: `The state must do thing number ${i}.`,
      attributedTo: 'Marxists',
      rebuttals: [
        {
          slug: `filler-answer-${i}`,
          text: `No state can do topic${i} well.`,
          keyPoints: [{ text: `Federations handle topic${i} without any state.` }],
        },
      ],
    });
  }
  return packSchema.parse({
    format: 'riposte-pack/1',
    slug: 'lint-test',
    title: 'Lint test',
    description: 'Key points for the lint tests.',
    version: 1,
    licence: 'CC0 test data',
    source: { title: 'Tests', author: 'Tests' },
    claims,
  });
}

/** The warnings about the rebuttal under test, as "keyPoints[i]…: message". */
function warningsFor(keyPoints: KeyPoint[], filler?: number): string[] {
  return keyPointWarnings(packWith(keyPoints, filler))
    .filter((w) => w.path[1] === 0)
    .map((w) => `${formatPath(w.path.slice(4))}: ${w.message}`);
}

describe('key point warnings', () => {
  it('the shipped first pack has none', async () => {
    const { readFile } = await import('node:fs/promises');
    const check = checkPackText(await readFile('packs/marxism-or-anarchism.yaml', 'utf8'), { warnings: true });
    expect(check.ok).toBe(true);
    if (check.ok) expect(check.warnings).toEqual([]);
  });

  it('a key point with two distinctive terms passes', () => {
    expect(warningsFor([{ text: 'Anarchists oppose every form of hierarchy.', terms: ['hierarchy', 'forms of hierarchy'] }])).toEqual([]);
    expect(warningsFor([{ text: 'Federations of councils co-ordinate production.' }])).toEqual([]);
  });

  it('flags a term that is a word most threads of the pack use, and the key point it leaves with one distinctive word', () => {
    const w = warningsFor([{ text: 'Anarchists oppose capitalism as much as the state.', terms: ['capitalism', 'state'] }]);
    expect(w).toEqual([
      'keyPoints[0].terms[1]: term "state" is a word most answers in this pack use: use a distinctive word or phrase',
      'keyPoints[0]: one common word could make this key point: its terms hold fewer than two distinctive words (only "capitalism")',
    ]);
  });

  it('"common" comes from the pack itself: the same term in a pack where few threads use it passes', () => {
    const kp = [{ text: 'Anarchists oppose capitalism as much as the state.', terms: ['capitalism', 'state'] }];
    expect(commonWords(packWith(kp, 8)).has('state')).toBe(true);
    expect(commonWords(packWith(kp, 1)).has('state')).toBe(false);
    expect(warningsFor(kp, 1)).toEqual([]);
  });

  it('flags terms that are only stop words: "from below", "over", "before" vanish in a matcher', () => {
    const w = warningsFor([
      { text: 'Anarchists used the idea of socialism from below first.', terms: ['socialism', 'from below', 'first'] },
      { text: 'It becomes a dictatorship over the proletariat.', terms: ['dictatorship', 'over', 'proletariat'] },
      { text: 'Authoritarianism began before the civil war.', terms: ['authoritarianism', 'before', 'civil war'] },
    ]);
    expect(w).toEqual([
      'keyPoints[0].terms[1]: term "from below" is only stop words, which a matcher ignores: name what it means',
      'keyPoints[1].terms[1]: term "over" is only stop words, which a matcher ignores: name what it means',
      'keyPoints[2].terms[1]: term "before" is only stop words, which a matcher ignores: name what it means',
    ]);
  });

  it('flags a key point without terms whose text has fewer than two distinctive words', () => {
    expect(warningsFor([{ text: 'The state.' }, { text: 'Not the state at all.' }])).toEqual([
      'keyPoints[0]: one common word could make this key point: its text (it has no terms) holds fewer than two distinctive words (none)',
      'keyPoints[1]: one common word could make this key point: its text (it has no terms) holds fewer than two distinctive words (none)',
    ]);
    expect(warningsFor([{ text: 'Hierarchy.' }])).toEqual([
      'keyPoints[0]: one common word could make this key point: its text (it has no terms) holds fewer than two distinctive words (only "hierarchy")',
    ]);
  });

  it('counts plural and singular as one word, so a term list cannot pass by repeating itself', () => {
    expect(warningsFor([{ text: 'Councils.', terms: ['council', 'councils'] }])).toEqual([
      'keyPoints[0]: one common word could make this key point: its terms hold fewer than two distinctive words (only "council")',
    ]);
  });

  it('splits words joined by a slash and keeps hyphenated words whole', () => {
    expect(words('equality/unity and top-down, Trotsky’s workers’ state')).toEqual([
      'equality',
      'unity',
      'and',
      'top-down',
      'trotsky',
      'workers',
      'state',
    ]);
  });

  it('uses the stopword package list plus the Snowball words that carry a key point’s direction', () => {
    for (const w of ['the', 'over', 'before', 'below', 'above', 'not', 'against']) expect(isStopWord(w)).toBe(true);
    for (const w of ['state', 'hierarchy', 'centralisation']) expect(isStopWord(w)).toBe(false);
  });

  it('npm run pack -- validate prints the warnings on stderr and still exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'riposte-lint-'));
    const file = join(dir, 'warn.yaml');
    writeFileSync(
      file,
      stringify(packWith([{ text: 'It becomes a dictatorship over the proletariat.', terms: ['dictatorship', 'over'] }])),
    );
    const out: string[] = [];
    const err: string[] = [];
    const code = await runPackCommand(['validate', file], { out: (t) => out.push(t), err: (t) => err.push(t) });
    expect(code).toBe(0);
    expect(out.join('')).toContain('valid pack "lint-test" v1');
    expect(err.join('')).toContain('claims[0].rebuttals[0].keyPoints[0].terms[1]: term "over" is only stop words');
    expect(err.join('')).toContain('claims[0].rebuttals[0].keyPoints[0]: one common word could make this key point');
  });
});
