/**
 * The scoring formula, in one place so it stays explainable.
 *
 * - Each key point of the reference rebuttal gets a match score in [0, 1] (src/scoring/match.ts):
 *   the probability, from a model fitted on the ArgKP-2021 key-point-matching data, that one sentence
 *   of the answer (or two adjacent ones) makes that key point. A key point is made when its score
 *   reaches the model's threshold.
 * - A word list makes nothing; a sentence that negates a key point's words does not make it; an answer
 *   that concedes the claim makes no key point.
 * - coverage = key points made / key points; autoScore = round(100 × coverage), plus 10 when the answer
 *   cites one of the rebuttal's references by code AND makes at least one key point (a citation alone
 *   earns nothing).
 * - A rebuttal without key points scores by votes only: coverage is null and autoScore 0.
 * Then each peer vote received adds 10: finalScore = autoScore + 10 × votes. A member's points are the
 * sum of their final scores plus moderators' adjustments. The same answer and pack give the same score.
 */

export const FULL_COVERAGE_POINTS = 100;
export const CITATION_BONUS = 10;
export const POINTS_PER_VOTE = 10;

export function coverageOf(made: number, total: number): number | null {
  return total === 0 ? null : made / total;
}

export function autoScore(made: number, total: number, cited: boolean): number {
  if (total === 0) return 0;
  return Math.round((FULL_COVERAGE_POINTS * made) / total) + (cited && made > 0 ? CITATION_BONUS : 0);
}
