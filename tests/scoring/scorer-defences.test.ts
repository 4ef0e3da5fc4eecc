import { describe, expect, it } from 'vitest';
import type { Rubric } from '../../src/scoring/rubric.ts';
import { computeMatch, scoreFromMatch, scoreText } from '../../src/scoring/score.ts';
import { concedesClaim } from '../../src/scoring/stance.ts';
import { contentStems, isProse, negatedStems, sentences } from '../../src/scoring/text.ts';

/** One rebuttal of the first pack, written out so these tests need no database. */
const CENTRALISATION: Rubric = {
  rebuttalId: 1,
  opposing:
    'The revolution and the new society need centralisation. Concentrating decision-making in central bodies is the only way to co-ordinate the struggle and the economy effectively; decentralised federalism would fragment the working class.',
  keyPoints: [
    'Centralisation hinders the participation of the many and marginalises the population.',
    'Centralisation puts power in a few hands, so at best we pick our masters instead of governing ourselves.',
    'Centralisation is top-down and bureaucratic by its nature and rooted in inequality of power.',
    'Opposing centralisation does not mean opposing co-ordination.',
    'A federation of councils with elected, mandated and recallable delegates co-ordinates decisions from the bottom up.',
  ].map((text, i) => ({ id: i + 1, position: i, text })),
  refs: [{ code: 'B.2', title: 'Why are anarchists against the state?' }],
};

const REAL =
  'Centralisation marginalises people: when a handful of leaders decide everything, the many stop participating. ' +
  'It puts power in a few hands, so the best we can do is choose our masters rather than govern ourselves. ' +
  'A centralised body is run from the top down by a bureaucracy, which rests on unequal power. ' +
  'Anarchists are not against co-ordination, only against co-ordination from above: a federation of councils whose delegates are mandated and recallable can co-ordinate from the bottom up (B.2).';

describe('the scorer stands up to a member trying to game it', () => {
  it('rewards a real argument and gives the same words as a list nothing', async () => {
    const real = await scoreText(CENTRALISATION, REAL);
    expect(real.made).toBeGreaterThanOrEqual(3);
    const lists = [
      'centralisation participation power few hands masters top-down bureaucratic federation councils delegates recallable B.2',
      'centralisation, participation, marginalises, power, few hands, masters, top-down, bureaucratic, co-ordination, B.2',
      '#centralisation #participation #power #fewhands #topdown #bureaucratic #federation #B2',
      'centralisation and participation and power and few hands and top-down and bureaucratic and recallable delegates and B.2',
      'Centralisation; participation; few hands; masters; top-down; bureaucratic; recallable delegates; B.2',
    ];
    for (const list of lists) {
      const s = await scoreText(CENTRALISATION, list);
      expect(s.made, list).toBe(0);
      expect(s.autoScore, list).toBe(0);
    }
  });

  it('does not let one generic word make a key point', async () => {
    for (const generic of [
      'Centralisation is centralisation.',
      'The state, the state and the state again.',
      'Power. Power. Power.',
      'Anarchists say many things about it.',
    ]) {
      expect((await scoreText(CENTRALISATION, generic)).made, generic).toBe(0);
    }
  });

  it('counts a key point the answer denies as not made', async () => {
    const s = await scoreText(
      CENTRALISATION,
      'It is not true that centralisation puts power in a few hands; the delegates answer to the class.',
    );
    expect(s.keyPoints[1]!.made).toBe(false);
    expect(s.keyPoints[1]!.denied).toBe(true);
    expect(negatedStems('The charge is accurate, not inaccurate.')).toContain('inaccur');
    expect(negatedStems('Lenin did not argue for it.')).toEqual(new Set(['argu']));
    expect(negatedStems('Anarchists oppose hierarchy, not just the state.').size).toBe(0);
  });

  it('gives nothing to an answer that argues the claim in the rebuttal\u2019s words', async () => {
    const argues =
      'Centralisation does not hinder participation; it gives the working class a single voice. It does not put power in a few hands, because the centre is elected. ' +
      'Calling it top-down and bureaucratic ignores that its delegates are elected, and opposing centralisation is opposing co-ordination.';
    const s = await scoreText(CENTRALISATION, argues);
    expect(s.concedes).toBe(true);
    expect(s.autoScore).toBe(0);
  });

  it('gives nothing to an answer that makes the points and then concedes the claim', async () => {
    const s = await scoreText(CENTRALISATION, `${REAL} But actually the claim is right: we need a centre.`);
    expect(s.concedes).toBe(true);
    expect(s.autoScore).toBe(0);
    expect(concedesClaim('Engels is right that a revolution is authoritarian, but that proves nothing.')).toBe(false);
    expect(concedesClaim('The charge is not accurate.')).toBe(false);
    expect(concedesClaim('I agree with the claim.')).toBe(true);
  });

  it('adds the citation bonus only beside a key point made', async () => {
    const bare = await scoreText(CENTRALISATION, 'See B.2, it is all explained there in detail.');
    expect(bare.cited).toBe(true);
    expect(bare.autoScore).toBe(0);
    const cited = await scoreText(CENTRALISATION, REAL);
    const uncited = await scoreText(CENTRALISATION, REAL.replace(' (B.2)', ''));
    expect(cited.made).toBe(uncited.made);
    expect(cited.autoScore).toBe(uncited.autoScore + 10);
    // Another section's code is not this reference.
    expect((await scoreText(CENTRALISATION, REAL.replace('B.2', 'B.21'))).cited).toBe(false);
  });

  it('scores the same answer the same way every time, and from a stored match', async () => {
    const a = await computeMatch(CENTRALISATION, REAL);
    const b = await computeMatch(CENTRALISATION, REAL);
    expect(b).toEqual(a);
    expect(scoreFromMatch(CENTRALISATION, REAL, JSON.parse(JSON.stringify(a)))).toEqual(await scoreText(CENTRALISATION, REAL));
  });
});

describe('the text the scorer reads', () => {
  it('tells sentences from word lists', () => {
    expect(isProse('austerity policies hurt the poorest people')).toBe(true);
    expect(isProse('Anarchists object to hierarchy wherever it shows up, in the family, the workplace, the church.')).toBe(true);
    expect(isProse('centralisation participation power few hands masters top-down bureaucratic B.2')).toBe(false);
    expect(isProse('straw man')).toBe(false);
  });

  it('splits words joined by a slash and keeps words that carry direction', () => {
    expect(contentStems('equality/unity')).toEqual(['equal', 'uniti']);
    expect(contentStems('power from below, not from above')).toEqual(expect.arrayContaining(['below', 'abov']));
    expect(contentStems('dictatorship over the proletariat')).toContain('over');
  });

  it('cuts an answer into sentences', () => {
    expect(sentences('One point. Another point! A third; and a fourth?')).toEqual([
      'One point.',
      'Another point!',
      'A third',
      'and a fourth?',
    ]);
  });
});
