import { beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Rating } from 'ts-fsrs';
import { practiceResult } from '../../src/render/practice.ts';
import { answerPractice, correctPracticeRating } from '../../src/practice/review.ts';
import { practiceRebuttalId } from '../../src/practice/queue.ts';
import { practiceStats } from '../../src/practice/stats.ts';
import { loadRubric } from '../../src/scoring/rubric.ts';
import { UserError } from '../../src/errors.ts';
import { describeEachBackend } from '../helpers/db.ts';
import { importFirstPack, snowflake } from '../helpers/drill-context.ts';
import { keyPointAnswer } from '../helpers/drill-fixtures.ts';

const T0 = new Date('2026-03-02T10:00:00Z');
const OFF = 'Something about gardening and the weather this spring.';

describeEachBackend('practice: the member confirms or corrects the rating', (get) => {
  let claimId = 0;
  beforeAll(async () => {
    await importFirstPack(get());
    const [row] = await get().rows<{ id: number }>(sql`select id from claims where slug = 'centralisation-is-necessary'`);
    claimId = Number(row!.id);
  });

  it('preselects the suggested rating and reschedules the card with the one the member picks', async () => {
    const guildId = snowflake();
    const result = await answerPractice(get().db, { guildId, userId: 'm', claimId, text: OFF, now: T0 });
    expect(result.suggested).toBe(Rating.Again);
    const buttons = practiceResult(result).components![0]!.components as { custom_id: string; disabled?: boolean; label: string }[];
    expect(buttons.map((b) => b.label)).toEqual(['Again (suggested)', 'Hard', 'Good', 'Easy']);
    expect(buttons.filter((b) => b.disabled).map((b) => b.custom_id)).toEqual([`practice:rate:${result.reviewId}:${Rating.Again}`]);

    // The member thinks it deserved Good: FSRS reschedules from the card as it was before this review.
    const fixed = await correctPracticeRating(get().db, { guildId, userId: 'm', reviewId: result.reviewId, rating: Rating.Good });
    expect(fixed.rating).toBe(Rating.Good);
    expect(fixed.suggested).toBe(Rating.Again);
    expect(fixed.card.due.getTime()).toBeGreaterThan(result.card.due.getTime());
    const [card] = await get().rows<{ due: Date | string; reps: number }>(
      sql`select due, reps from practice_cards where guild_id = ${guildId} and user_id = 'm' and claim_id = ${claimId}`,
    );
    expect(new Date(card!.due).getTime()).toBe(fixed.card.due.getTime());
    expect(Number(card!.reps)).toBe(1);
    const [review] = await get().rows<{ rating: number; suggested_rating: number }>(
      sql`select rating, suggested_rating from practice_reviews where id = ${result.reviewId}`,
    );
    expect(review).toEqual({ rating: Rating.Good, suggested_rating: Rating.Again });

    // Changing one's mind back is allowed, and lands where the suggestion had put it.
    const back = await correctPracticeRating(get().db, { guildId, userId: 'm', reviewId: result.reviewId, rating: Rating.Again });
    expect(back.card.due.getTime()).toBe(result.card.due.getTime());
  });

  it('counts the claims a member can practise on this server', async () => {
    const guildId = snowflake();
    const [row] = await get().rows<{ n: number }>(sql`
      select count(*)::int as n from claims c where exists (
        select 1 from rebuttals r join key_points k on k.rebuttal_id = r.id where r.claim_id = c.id and r.parent_id is null)`);
    const stats = await practiceStats(get().db, { guildId, userId: 'z', now: T0 });
    expect(stats.available).toBe(Number(row!.n));
    expect(stats.available).toBeGreaterThan(30);
    expect(stats.cards).toBe(0);
  });

  it('refuses another member, another server, and a review that a later answer has superseded', async () => {
    const guildId = snowflake();
    const first = await answerPractice(get().db, { guildId, userId: 'a', claimId, text: OFF, now: T0 });
    await expect(correctPracticeRating(get().db, { guildId, userId: 'b', reviewId: first.reviewId, rating: Rating.Easy })).rejects.toThrow(
      UserError,
    );
    await expect(
      correctPracticeRating(get().db, { guildId: snowflake(), userId: 'a', reviewId: first.reviewId, rating: Rating.Easy }),
    ).rejects.toThrow(UserError);
    const rubric = await loadRubric(get().db, await practiceRebuttalId(get().db, claimId));
    const good = keyPointAnswer(rubric, 'My rebuttal');
    await answerPractice(get().db, { guildId, userId: 'a', claimId, text: good, now: new Date(T0.getTime() + 3_600_000) });
    await expect(correctPracticeRating(get().db, { guildId, userId: 'a', reviewId: first.reviewId, rating: Rating.Easy })).rejects.toThrow(
      /answered this claim again/,
    );
    await expect(correctPracticeRating(get().db, { guildId, userId: 'a', reviewId: -1, rating: Rating.Easy })).rejects.toThrow(UserError);
  });
});
