import { Rating, type Grade } from 'ts-fsrs';

/**
 * How well an answer covered the claim's key points, as an FSRS grade (a fixed mapping, so the same
 * answer always schedules the same way): under 25% Again, under 50% Hard, under 90% Good, else Easy.
 */
export function ratingForCoverage(coverage: number): Grade {
  if (coverage < 0.25) return Rating.Again;
  if (coverage < 0.5) return Rating.Hard;
  if (coverage < 0.9) return Rating.Good;
  return Rating.Easy;
}

export const RATING_NAMES: Record<Grade, string> = {
  [Rating.Again]: 'Again',
  [Rating.Hard]: 'Hard',
  [Rating.Good]: 'Good',
  [Rating.Easy]: 'Easy',
};
