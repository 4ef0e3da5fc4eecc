import { beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { practiceRebuttalId } from '../../src/practice/queue.ts';
import { loadRubric, type Rubric } from '../../src/scoring/rubric.ts';
import { scoreText, type AnswerScore } from '../../src/scoring/score.ts';
import { describeEachBackend } from '../helpers/db.ts';
import { importFirstPack } from '../helpers/drill-context.ts';
import { ADVERSARIAL_EDGE_CASES, ADVERSARIAL_SET, ANSWER_CATEGORIES, JUDGED_CATEGORIES, type AnswerCategory } from './adversarial-set.ts';

/**
 * The scorer against the hand-judged adversarial set (adversarial-set.ts), through the store exactly
 * as a drill or a practice round loads its rubric. The judge's ordering is strong ≈ paraphrase >
 * partial > off-topic, with keyword lists and answers that argue the claim below partial. Some of it
 * holds for every claim and is asserted so; the rest holds for most claims and is asserted as a rate,
 * with the rate the scorer reaches today as the floor (see the README's scoring section).
 */
type Scores = Record<AnswerCategory, AnswerScore>;

describeEachBackend('scoring: the adversarial set', (get) => {
  const scored = new Map<string, Scores>();
  const rubrics = new Map<string, Rubric>();

  async function rubricOf(slug: string): Promise<Rubric> {
    const cached = rubrics.get(slug);
    if (cached) return cached;
    const [row] = await get().rows<{ id: number }>(sql`select id from claims where slug = ${slug}`);
    expect(row, `claim ${slug} in the first pack`).toBeDefined();
    const rubric = await loadRubric(get().db, await practiceRebuttalId(get().db, Number(row!.id)));
    rubrics.set(slug, rubric);
    return rubric;
  }

  beforeAll(async () => {
    await importFirstPack(get());
    for (const c of ADVERSARIAL_SET) {
      const rubric = await rubricOf(c.claimSlug);
      const s = {} as Scores;
      for (const cat of ANSWER_CATEGORIES) s[cat] = await scoreText(rubric, c[cat]);
      scored.set(c.claimSlug, s);
    }
  }, 300_000);

  const all = () => ADVERSARIAL_SET.map((c) => ({ slug: c.claimSlug, s: scored.get(c.claimSlug)! }));
  const mean = (cat: AnswerCategory) => all().reduce((sum, { s }) => sum + s[cat].autoScore, 0) / ADVERSARIAL_SET.length;
  const rate = (pred: (s: Scores) => boolean) => all().filter(({ s }) => pred(s)).length / ADVERSARIAL_SET.length;

  it('ranks a real rebuttal above every weaker answer to the same claim', () => {
    for (const { slug, s } of all()) {
      for (const weaker of ['partial', 'offTopic', 'stuffed', 'arguesClaim'] as const) {
        expect(s.strong.autoScore, `${slug}: strong vs ${weaker}`).toBeGreaterThan(s[weaker].autoScore);
      }
      expect(s.strong.autoScore, `${slug}: strong vs paraphrase`).toBeGreaterThanOrEqual(s.paraphrase.autoScore);
    }
  });

  it('gives a keyword list nothing, whatever words and reference codes it stuffs in', () => {
    for (const { slug, s } of all()) {
      expect(s.stuffed.made, slug).toBe(0);
      expect(s.stuffed.autoScore, slug).toBe(0);
    }
  });

  it('keeps answers that argue the claim below a partial rebuttal', () => {
    expect(mean('arguesClaim')).toBeLessThan(mean('partial') / 2);
    expect(rate((s) => s.arguesClaim.autoScore < s.partial.autoScore)).toBeGreaterThanOrEqual(0.75);
    // Most deny the rebuttal's key points outright ("it is not true that…"), which makes them concede.
    expect(rate((s) => s.arguesClaim.concedes)).toBeGreaterThanOrEqual(0.75);
  });

  it('orders the categories as the judge does, on average', () => {
    expect(mean('strong')).toBeGreaterThan(mean('paraphrase'));
    expect(mean('paraphrase')).toBeGreaterThan(mean('partial'));
    expect(mean('partial')).toBeGreaterThan(mean('offTopic'));
    expect(mean('offTopic')).toBeGreaterThan(mean('stuffed'));
    // A paraphrase in other words still earns most of what the same points in the rebuttal's words earn.
    expect(mean('paraphrase')).toBeGreaterThan(0.5 * mean('strong'));
    expect(rate((s) => s.paraphrase.autoScore > s.partial.autoScore)).toBeGreaterThanOrEqual(0.7);
  });

  it('agrees with the judge on which key points each answer makes', () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const c of ADVERSARIAL_SET) {
      const s = scored.get(c.claimSlug)!;
      for (const cat of ANSWER_CATEGORIES) {
        const judged: readonly number[] = (JUDGED_CATEGORIES as readonly string[]).includes(cat) ? c.keyPointsMade[cat as 'strong'] : [];
        s[cat].keyPoints.forEach((k, i) => {
          if (k.made && judged.includes(i)) tp++;
          else if (k.made) fp++;
          else if (judged.includes(i)) fn++;
        });
      }
    }
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    console.log(
      `adversarial set: key points made, precision ${precision.toFixed(2)}, recall ${recall.toFixed(2)} (${tp} agreed, ${fp} extra, ${fn} missed)`,
    );
    expect(precision).toBeGreaterThanOrEqual(0.7);
    expect(recall).toBeGreaterThanOrEqual(0.75);
  });

  it('shows the member the sentence that made each key point', () => {
    for (const { slug, s } of all()) {
      for (const k of s.strong.keyPoints.filter((x) => x.made)) {
        const answer = ADVERSARIAL_SET.find((c) => c.claimSlug === slug)!.strong;
        expect(k.sentence, slug).not.toBeNull();
        expect(answer).toContain(k.sentence!);
      }
    }
  });

  it('treats the edge cases as the judge does', async () => {
    const verdicts: string[] = [];
    for (const e of ADVERSARIAL_EDGE_CASES) {
      const s = await scoreText(await rubricOf(e.claimSlug), e.answer);
      const ref = scored.get(e.claimSlug);
      verdicts.push(`${e.name}: ${s.autoScore}`);
      // Whatever the verdict, a citation only counts beside a key point, and at most one point is made.
      expect(s.made, e.name).toBeLessThanOrEqual(1);
      if (s.cited && s.made === 0) expect(s.autoScore, e.name).toBe(0);
      if (e.verdict === 'belowPartial' && ref) expect(s.autoScore, e.name).toBeLessThan(ref.partial.autoScore);
      if (e.verdict === 'atMostPartial' && ref) expect(s.autoScore, e.name).toBeLessThanOrEqual(ref.partial.autoScore);
    }
    const byName = (n: string) => ADVERSARIAL_EDGE_CASES.findIndex((e) => e.name === n);
    expect(verdicts[byName('empty-ish answer')]).toMatch(/: 0$/);
    expect(verdicts[byName('generic words of the topic')]).toMatch(/: 0$/);
    expect(verdicts[byName("the rebuttal's reference and nothing else")]).toMatch(/: 0$/);
    expect(verdicts[byName('makes the points, then concedes the claim')]).toMatch(/: 0$/);
  });
});
