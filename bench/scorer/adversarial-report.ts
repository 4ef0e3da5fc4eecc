/**
 * How the scorer treats the hand-judged adversarial set (tests/scoring/adversarial-set.ts), category by
 * category, straight from the pack file (no database): a quick loop for tuning and for the README.
 *
 *   npx tsx bench/scorer/adversarial-report.ts [--verbose]
 */
import { ADVERSARIAL_EDGE_CASES, ADVERSARIAL_SET, ANSWER_CATEGORIES, loadReferenceRebuttals } from '../../tests/scoring/adversarial-set.ts';
import type { Rubric } from '../../src/scoring/rubric.ts';
import { scoreText } from '../../src/scoring/score.ts';

const verbose = process.argv.includes('--verbose');
const refs = loadReferenceRebuttals();
const rubricOf = (slug: string): Rubric => {
  const r = refs.get(slug);
  if (!r) throw new Error(`no claim ${slug}`);
  return {
    rebuttalId: 1,
    opposing: r.claimText,
    keyPoints: r.keyPoints.map((text, i) => ({ id: i + 1, position: i, text })),
    refs: r.refs.map((code) => ({ code, title: code })),
  };
};

const totals: Record<string, number[]> = {};
let violations = 0;
for (const c of ADVERSARIAL_SET) {
  const rubric = rubricOf(c.claimSlug);
  const s: Record<string, number> = {};
  for (const cat of ANSWER_CATEGORIES) {
    const r = await scoreText(rubric, c[cat]);
    s[cat] = r.autoScore;
    totals[cat] = [...(totals[cat] ?? []), r.autoScore];
    if (verbose)
      console.log(
        `  ${cat.padEnd(11)} ${String(r.autoScore).padStart(3)}  ${r.keyPoints.map((k) => `${k.made ? '+' : '-'}${k.score.toFixed(2)}`).join(' ')}${r.concedes ? ' concedes' : ''}`,
      );
  }
  const bad = [
    s.strong! <= s.partial! && 'strong≤partial',
    s.paraphrase! <= s.partial! && 'paraphrase≤partial',
    s.partial! <= s.offTopic! && 'partial≤off',
    s.stuffed! >= s.partial! && 'stuffed≥partial',
    s.arguesClaim! >= s.partial! && 'argues≥partial',
  ].filter(Boolean);
  violations += bad.length;
  console.log(`${c.claimSlug.padEnd(52)} ${ANSWER_CATEGORIES.map((k) => `${k}=${s[k]}`).join(' ')} ${bad.join(' ')}`);
}
console.log(
  '\nmean by category:',
  Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, Math.round(v.reduce((a, b) => a + b, 0) / v.length)])),
);
console.log('ordering violations:', violations, 'of', ADVERSARIAL_SET.length * 5);
for (const e of ADVERSARIAL_EDGE_CASES) {
  const r = await scoreText(rubricOf(e.claimSlug), e.answer);
  console.log(`edge: ${e.name.padEnd(48)} score ${r.autoScore} made ${r.made} (${e.verdict})`);
}
