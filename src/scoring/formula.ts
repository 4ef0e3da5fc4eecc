/**
 * The scoring formula, in one place so it stays explainable.
 *
 * Automatic score of an answer against a reference rebuttal's key points:
 *  - Each key point has significant terms: the pack's `terms`, or when none are given, the key point
 *    text's own English lexemes (stemmed, stop words dropped). A term matches when PostgreSQL's
 *    `to_tsvector('english', answer) @@ phraseto_tsquery('english', term)` holds, or the same for any
 *    word in the pack's synonym group that contains the term.
 *  - A key point is made when at least half of its terms match, rounded up, and at least one.
 *  - coverage = key points made / key points (0..1).
 *  - autoScore = round(100 × coverage) + 10 when the answer cites one of the rebuttal's references
 *    (its code appears in the answer; case and spacing ignored).
 *  - A rebuttal without key points (flip drills on an unannotated rebuttal) scores by votes only:
 *    coverage is null and autoScore 0.
 * Then each peer vote received adds 10: finalScore = autoScore + 10 × votes.
 * A member's points are the sum of their final scores plus moderators' adjustments.
 * Everything is a pure function of the answer text and the pack, so the same answer scores the same.
 */

export const FULL_COVERAGE_POINTS = 100;
export const CITATION_BONUS = 10;
export const POINTS_PER_VOTE = 10;

/** How many of a key point's terms an answer must use for the key point to count as made. */
export function termsNeeded(termCount: number): number {
  return Math.max(1, Math.ceil(termCount / 2));
}

export function coverageOf(made: number, total: number): number | null {
  return total === 0 ? null : made / total;
}

export function autoScore(made: number, total: number, cited: boolean): number {
  if (total === 0) return 0;
  return Math.round((FULL_COVERAGE_POINTS * made) / total) + (cited ? CITATION_BONUS : 0);
}

export function finalScore(auto: number, votes: number): number {
  return auto + POINTS_PER_VOTE * votes;
}
