import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Rating, State } from 'ts-fsrs';
import { describeEachBackend } from '../helpers/db.ts';
import { importFirstPack, snowflake } from '../helpers/drill-context.ts';
import { nextPracticeItem } from '../../src/practice/queue.ts';
import { answerPractice } from '../../src/practice/review.ts';
import { ratingForCoverage } from '../../src/practice/rating.ts';
import { practiceStats } from '../../src/practice/stats.ts';
import { loadRubric } from '../../src/scoring/rubric.ts';
import { getProgress } from '../../src/scoring/progress.ts';
import { practiceRebuttalId } from '../../src/practice/queue.ts';
import type { Database } from '../../src/db/client.ts';
import { keyPointAnswer } from '../helpers/drill-fixtures.ts';

const T0 = new Date('2026-03-02T10:00:00Z');
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const OFF = 'Something about gardening and the weather this spring.';

async function fullAnswer(database: Database, claimId: number): Promise<string> {
  const rubric = await loadRubric(database.db, await practiceRebuttalId(database.db, claimId));
  return keyPointAnswer(rubric, 'Answer');
}

describeEachBackend('solo practice', (get) => {
  let claimsInOrder: number[] = [];
  beforeAll(async () => {
    await importFirstPack(get());
    claimsInOrder = (
      await get().rows<{ id: number }>(sql`
        select c.id from claims c where exists (select 1 from rebuttals r join key_points k on k.rebuttal_id = r.id
                                              where r.claim_id = c.id and r.parent_id is null) order by c.id`)
    ).map((r) => r.id);
  });

  it('offers new claims in pack order, then due cards first, weakest memory first', async () => {
    const guildId = snowflake();
    const userId = 'p1';
    const next = (now: Date) => nextPracticeItem(get().db, { guildId, userId, now });
    const first = await next(T0);
    expect(first.item).toMatchObject({ claimId: claimsInOrder[0], kind: 'new' });
    // Weak answer on the first claim, strong on the second: both become cards.
    await answerPractice(get().db, { guildId, userId, claimId: claimsInOrder[0]!, text: OFF, now: T0 });
    await answerPractice(get().db, {
      guildId,
      userId,
      claimId: claimsInOrder[1]!,
      text: await fullAnswer(get(), claimsInOrder[1]!),
      now: T0,
    });
    // Nothing due yet (the missed one comes back after FSRS's first one-minute learning step): the next new claim.
    expect((await next(new Date(T0.getTime() + MIN / 2))).item).toMatchObject({ claimId: claimsInOrder[2], kind: 'new' });
    // Much later both are due; the weaker memory (the missed one) comes first.
    const later = await next(new Date(T0.getTime() + 60 * DAY));
    expect(later.item).toMatchObject({ claimId: claimsInOrder[0], kind: 'due' });
    // Another member's queue is untouched.
    expect((await nextPracticeItem(get().db, { guildId, userId: 'p2', now: T0 })).item?.claimId).toBe(claimsInOrder[0]);
  });

  it('turns coverage into a rating and moves the next due date accordingly', async () => {
    const guildId = snowflake();
    const claimId = claimsInOrder[3]!;
    const weak = await answerPractice(get().db, { guildId, userId: 'a', claimId, text: OFF, now: T0 });
    expect(weak.rating).toBe(Rating.Again);
    expect(weak.score.coverage).toBe(0);
    expect(weak.keyPoints.every((k) => !k.made)).toBe(true);
    const strong = await answerPractice(get().db, { guildId, userId: 'b', claimId, text: await fullAnswer(get(), claimId), now: T0 });
    expect(strong.rating).toBe(Rating.Easy);
    expect(strong.keyPoints.every((k) => k.made)).toBe(true);
    expect(strong.card.due.getTime()).toBeGreaterThan(weak.card.due.getTime());
    // Reviewing well again, when due, pushes the card further out.
    const again = await answerPractice(get().db, {
      guildId,
      userId: 'b',
      claimId,
      text: await fullAnswer(get(), claimId),
      now: strong.card.due,
    });
    expect(again.card.due.getTime() - strong.card.due.getTime()).toBeGreaterThan(strong.card.due.getTime() - T0.getTime());
    expect(again.card.reps).toBe(2);
    // The same answer at the same moment schedules the same way.
    const twin = await answerPractice(get().db, { guildId, userId: 'c', claimId, text: await fullAnswer(get(), claimId), now: T0 });
    expect(twin.card.due.toISOString()).toBe(strong.card.due.toISOString());
  });

  it('reports due, learned and retention', async () => {
    const guildId = snowflake();
    const userId = 's';
    expect(await practiceStats(get().db, { guildId, userId, now: T0 })).toMatchObject({
      dueNow: 0,
      learned: 0,
      reviews: 0,
      retention: null,
    });
    await answerPractice(get().db, {
      guildId,
      userId,
      claimId: claimsInOrder[0]!,
      text: await fullAnswer(get(), claimsInOrder[0]!),
      now: T0,
    });
    await answerPractice(get().db, { guildId, userId, claimId: claimsInOrder[1]!, text: OFF, now: T0 });
    const stats = await practiceStats(get().db, { guildId, userId, now: new Date(T0.getTime() + 30 * MIN) });
    expect(stats).toMatchObject({ cards: 2, reviews: 2, retention: 0.5, dueNow: 1, learned: 1 });
    expect(stats.nextDue!.getTime()).toBeGreaterThan(T0.getTime() + 30 * MIN);
    const [row] = await get().rows<{ state: number }>(
      sql`select state from practice_cards where guild_id = ${guildId} and claim_id = ${claimsInOrder[0]!}`,
    );
    expect(row?.state).toBe(State.Review);
  });

  it('filters by topic and refuses bad input', async () => {
    const guildId = snowflake();
    const onTopic = await nextPracticeItem(get().db, { guildId, userId: 'x', topic: 'kronstadt', now: T0 });
    const [row] = await get().rows<{ n: number }>(sql`
      select count(*)::int as n from claim_topics ct join topics t on t.id = ct.topic_id where ct.claim_id = ${onTopic.item!.claimId} and t.slug = 'kronstadt'`);
    expect(row?.n).toBe(1);
    await expect(nextPracticeItem(get().db, { guildId, userId: 'x', topic: 'nope', now: T0 })).rejects.toThrow('no topic "nope"');
    await expect(answerPractice(get().db, { guildId, userId: 'x', claimId: claimsInOrder[0]!, text: 'short', now: T0 })).rejects.toThrow(
      'too short',
    );
    await expect(answerPractice(get().db, { guildId, userId: 'x', claimId: 999_999, text: OFF, now: T0 })).rejects.toThrow(
      'no longer available',
    );
    expect((await practiceStats(get().db, { guildId, userId: 'x', now: T0 })).reviews).toBe(0);
  });

  it('tells each member their weakest topics and references', async () => {
    const guildId = snowflake();
    const userId = 'w';
    const [kron] = await get().rows<{ id: number }>(sql`
      select ct.claim_id as id from claim_topics ct join topics t on t.id = ct.topic_id where t.slug = 'kronstadt' order by ct.claim_id limit 1`);
    await answerPractice(get().db, { guildId, userId, claimId: kron!.id, text: OFF, now: T0 });
    await answerPractice(get().db, {
      guildId,
      userId,
      claimId: claimsInOrder[0]!,
      text: await fullAnswer(get(), claimsInOrder[0]!),
      now: T0,
    });
    const progress = await getProgress(get().db, { guildId, userId, limit: 50 });
    expect(progress.answers).toBe(2);
    const keys = progress.topics.map((t) => t.key);
    expect(progress.topics.find((t) => t.key === 'kronstadt')?.coverage).toBe(0);
    expect(progress.topics.at(-1)?.coverage).toBe(1);
    expect(keys.indexOf('kronstadt')).toBeLessThan(progress.topics.findIndex((t) => t.coverage === 1));
    expect(progress.references[0]?.coverage).toBe(0);
    expect((await getProgress(get().db, { guildId: snowflake(), userId })).answers).toBe(0);
  });
});

describe('coverage to FSRS rating', () => {
  it('maps <25% Again, <50% Hard, <90% Good, else Easy', () => {
    expect([0, 0.24, 0.25, 0.49, 0.5, 0.89, 0.9, 1].map(ratingForCoverage)).toEqual([
      Rating.Again,
      Rating.Again,
      Rating.Hard,
      Rating.Hard,
      Rating.Good,
      Rating.Good,
      Rating.Easy,
      Rating.Easy,
    ]);
  });
});
