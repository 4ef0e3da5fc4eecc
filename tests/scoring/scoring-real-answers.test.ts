import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { describeEachBackend } from '../helpers/db.ts';
import { importFirstPack } from '../helpers/drill-context.ts';
import { codePattern, loadRubric, type Rubric } from '../../src/scoring/rubric.ts';
import { scoreTexts } from '../../src/scoring/score.ts';
import { autoScore, termsNeeded } from '../../src/scoring/formula.ts';
import { submitAnswer } from '../../src/drills/answers.ts';
import { closeDrill, createDrill } from '../../src/drills/lifecycle.ts';
import { getDrillAnswers } from '../../src/drills/results.ts';
import { DEFAULT_SETTINGS } from '../../src/drills/settings.ts';

const T0 = new Date('2026-03-02T10:00:00Z');

/**
 * Answers a person might really write to claims of the first pack: one that makes the rebuttal's
 * points (in its own words, sometimes with US spelling or a reference), one that makes a single
 * point, one that talks past the claim.
 */
const CASES: { rebuttal: string; strong: string; partial: string; offTopic: string }[] = [
  {
    rebuttal: 'anarchists-oppose-capital-and-state-together',
    strong:
      "That's a caricature. Anarchists have always opposed capitalism just as fiercely as the state, and they reject every form of hierarchy, in the workplace as much as in government. The aim is to abolish the state and capitalism at the same time, since each props up the other (see H.2.4).",
    partial: 'Anarchists oppose capitalism too, not just governments; Bakunin attacked the bosses as much as the rulers.',
    offTopic: 'Engels was a successful businessman in Manchester who funded the research of his friend for decades.',
  },
  {
    rebuttal: 'anarchists-champion-collective-class-struggle',
    strong:
      'False. Anarchism has always rested on collective working class struggle. Bakunin and Kropotkin both argued that workers must fight together as a class, and anarchists call collective class struggle the school of anarchism (H.2.2).',
    partial: "Bakunin and Kropotkin were both deeply involved in the workers' movement of their day.",
    offTopic: 'The weather in Geneva was pleasant during the congress, and everyone enjoyed the lake.',
  },
  {
    rebuttal: 'anarchists-proposed-workers-councils-from-the-1860s',
    strong:
      "Lenin is wrong: since the 1860s anarchists had explained what would replace the state. Bakunin called for a free federation of workers' associations organised from the bottom up, with delegates holding binding mandates, revocable at any time. These workers' councils would fight capitalism and then replace it. Lenin only came round to the idea in 1917, five decades later.",
    partial: 'Bakunin argued for a federation of free associations built from the bottom up.',
    offTopic: 'Lenin enjoyed chess and spent years in exile in Switzerland.',
  },
  {
    rebuttal: 'anarchists-defend-the-revolution-with-militias',
    strong:
      "No anarchist imagines the capitalist class will simply disappear. Rejecting a workers' state has nothing to do with refusing to defend the revolution: anarchists propose a federation of communes with a workers' militia for common defence (H.2.1).",
    partial: 'Anarchists have always supported a militia organised for defence.',
    offTopic: 'My favourite novel is about a sailor lost at sea for years.',
  },
  {
    rebuttal: 'anarchists-see-revolution-as-a-difficult-process',
    strong:
      'Not at all. Anarchists see revolution as a difficult process, not an instant utopia. Kropotkin warned that a social revolution would paralyse exchange and production for a time, and every revolution since has confirmed it.',
    partial: 'Kropotkin warned that a social upheaval would paralyse production for a while.',
    offTopic: 'Pizza is best baked in a very hot oven with fresh basil.',
  },
  {
    rebuttal: 'minorities-have-the-right-to-rebel',
    strong:
      'Is anarchism really less democratic than fascism, Stalinism or the dictatorship of the party? The majority can be wrong, and minorities have the right to rebel. In 1914 the anti-war minority of the SPD went along with the majority over war credits. And would Marxists oppose wildcat strikes started by a minority after a ballot went the other way?',
    partial: 'The majority is sometimes wrong, and minorities can rebel.',
    offTopic: 'Football clubs in Germany are owned by their members.',
  },
  {
    rebuttal: 'centralisation-marginalises-the-many',
    strong:
      'Centralization shuts out the participation of ordinary people and puts power into a few hands, so we end up choosing masters instead of governing ourselves. It is top-down and bureaucratic, rooted in inequality of power. Rejecting it is not rejecting coordination: a federation of councils with mandated, recallable delegates coordinates from below.',
    partial: 'Centralization shuts out the participation of the many.',
    offTopic: 'The best way to learn the guitar is to practise scales every day.',
  },
];

describeEachBackend('scoring real answers', (get) => {
  const rubrics = new Map<string, Rubric>();
  beforeAll(async () => {
    await importFirstPack(get());
    for (const c of CASES) {
      const [row] = await get().rows<{ id: number }>(sql`select id from rebuttals where slug = ${c.rebuttal}`);
      rubrics.set(c.rebuttal, await loadRubric(get().db, row!.id));
    }
  });

  for (const c of CASES) {
    it(`ranks strong > partial > off-topic for ${c.rebuttal}`, async () => {
      const rubric = rubrics.get(c.rebuttal)!;
      expect(rubric.keyPoints.length).toBeGreaterThanOrEqual(3);
      const [strong, partial, off] = await scoreTexts(get().db, rubric, [c.strong, c.partial, c.offTopic]);
      expect(strong!.autoScore).toBeGreaterThan(partial!.autoScore);
      expect(partial!.autoScore).toBeGreaterThan(off!.autoScore);
      expect(strong!.coverage).toBeGreaterThanOrEqual(0.8);
      expect(partial!.made).toBe(1);
      expect(off!.autoScore).toBe(0);
    });
  }

  it('credits a cited reference of the rebuttal, however it is spaced or cased, and only as a whole code', async () => {
    const rubric = rubrics.get('centralisation-marginalises-the-many')!;
    const base = 'Centralization shuts out the participation of the many';
    const [plain, cited, spaced, other, longer] = await scoreTexts(get().db, rubric, [
      `${base}.`,
      `${base} (B.2).`,
      `${base}, as appendix   3.4  q4 explains.`,
      `${base}, see H.2.4.`,
      `${base}, see B.21 and I.5.2.1.`,
    ]);
    expect(plain!.cited).toBe(false);
    expect(cited!.cited).toBe(true);
    expect(cited!.autoScore).toBe(plain!.autoScore + 10);
    expect(spaced!.cited).toBe(true);
    expect(other!.cited).toBe(false);
    expect(longer!.cited).toBe(false);
  });

  it('expands terms with the pack synonyms: either spelling makes the point', async () => {
    const rubric = rubrics.get('centralisation-marginalises-the-many')!;
    const [uk, us, unrelated] = await scoreTexts(get().db, rubric, [
      'Centralisation hinders participation.',
      'Centralization hinders participation.',
      'Decentralization hinders nothing.',
    ]);
    expect(uk!.hits).toContain(0);
    expect(us!.hits).toContain(0);
    expect(unrelated!.hits).not.toContain(0);
  });

  it('is deterministic, and adding a key point’s terms never lowers coverage (property)', async () => {
    const all = [...rubrics.values()];
    const words = ['the', 'state', 'workers', 'power', 'party', 'freedom', 'bread', 'council', 'Lenin', 'revolution', 'river', 'class', 'minority'];
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: all.length - 1 }),
        fc.array(fc.constantFrom(...words), { minLength: 3, maxLength: 40 }),
        fc.nat(),
        async (r, base, k) => {
          const rubric = all[r]!;
          const kp = rubric.keyPoints[k % rubric.keyPoints.length]!;
          const text = base.join(' ');
          const extended = `${text} ${kp.terms.map((t) => t.label).join(' ')}`;
          const [a, b, c] = await scoreTexts(get().db, rubric, [text, extended, text]);
          expect(c).toEqual(a);
          expect(b!.coverage!).toBeGreaterThanOrEqual(a!.coverage!);
          expect(b!.hits).toContain(kp.position);
          expect(b!.autoScore).toBeGreaterThanOrEqual(a!.autoScore);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('stores at close exactly the scores the TypeScript formula gives (the SQL twin agrees)', async () => {
    const db = get().db;
    for (const c of CASES.slice(0, 4)) {
      const rubric = rubrics.get(c.rebuttal)!;
      const [row] = await get().rows<{ claim_id: number }>(sql`select claim_id from rebuttals where id = ${rubric.rebuttalId}`);
      const guildId = `agree-${c.rebuttal}`.slice(0, 40);
      const drill = await createDrill(db, {
        guildId,
        channelId: 'c',
        claimId: row!.claim_id,
        rebuttalId: rubric.rebuttalId!,
        mode: 'standard',
        minutes: 10,
        startedBy: 'm',
        settings: { ...DEFAULT_SETTINGS, drillVoteMinutes: 0 },
        now: T0,
      });
      const texts = [c.strong, c.partial, c.offTopic, `${c.partial} ${rubric.refs[0]?.code ?? ''}`];
      for (const [i, text] of texts.entries()) {
        await submitAnswer(db, { guildId, drillId: drill.id, userId: `u${i}`, displayName: `u${i}`, text, now: T0 });
      }
      const closed = await closeDrill(db, { drillId: drill.id, now: T0, cancelTimer: true });
      const expected = await scoreTexts(db, rubric, texts);
      const stored = await getDrillAnswers(db, drill.id);
      for (const [i, text] of texts.entries()) {
        const a = stored.find((x) => x.text === text.trim())!;
        expect({ auto: a.autoScore, final: a.finalScore, hits: a.hits, cited: a.cited }).toEqual({
          auto: expected[i]!.autoScore,
          final: expected[i]!.autoScore,
          hits: expected[i]!.hits,
          cited: expected[i]!.cited,
        });
        expect(a.coverage).toBeCloseTo(expected[i]!.coverage!, 5);
        expect(closed!.scores.get(a.id)).toEqual(expected[i]);
      }
    }
  });

  it('derives terms from the key point text when the pack gives none', async () => {
    const [row] = await get().rows<{ id: number }>(sql`select id from rebuttals where slug = 'anarchists-oppose-capital-and-state-together'`);
    await get().db.execute(sql`update key_points set terms = '{}' where rebuttal_id = ${row!.id} and position = 1`);
    const rubric = await loadRubric(get().db, row!.id);
    // "Anarchists oppose all forms of hierarchy, not just the state." → its lexemes minus stop words.
    expect(rubric.keyPoints[1]!.terms.map((t) => t.label)).toEqual(['anarchist', 'form', 'hierarchi', 'oppos', 'state']);
    expect(rubric.keyPoints[1]!.needed).toBe(3);
    const [made, missed] = await scoreTexts(get().db, rubric, ['Anarchists oppose hierarchy in every form.', 'Anarchists like hierarchy.']);
    expect(made!.hits).toContain(1);
    expect(missed!.hits).not.toContain(1);
  });
});

describe('scoring formula', () => {
  it('needs half the terms, rounded up, at least one', () => {
    expect([0, 1, 2, 3, 4, 5].map(termsNeeded)).toEqual([1, 1, 1, 2, 2, 3]);
  });
  it('gives 100 for full coverage, 10 for a citation, 0 without key points', () => {
    expect(autoScore(3, 3, false)).toBe(100);
    expect(autoScore(1, 3, true)).toBe(43);
    expect(autoScore(0, 0, true)).toBe(0);
  });
  it('escapes reference codes for the citation pattern', () => {
    expect(codePattern('Appendix 3.4 Q4')).toBe('(?<![a-z0-9.])appendix 3\\.4 q4(?![a-z0-9]|\\.[a-z0-9])');
  });
});
