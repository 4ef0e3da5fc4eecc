import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { describeEachBackend } from '../helpers/db.ts';
import { importFirstPack, snowflake } from '../helpers/drill-context.ts';
import { runDrill } from '../helpers/drill-fixtures.ts';
import { getLeaderboard, leaderboardEntry, periodStart } from '../../src/scoring/leaderboard.ts';
import { adjustScore } from '../../src/scoring/adjust.ts';
import { effectiveStreak, getMemberScore } from '../../src/scoring/stats.ts';
import { getDrillAnswers } from '../../src/drills/results.ts';

const day = (d: string, time = '12:00') => new Date(`${d}T${time}:00Z`);

describeEachBackend('scores and leaderboards', (get) => {
  beforeAll(async () => {
    await importFirstPack(get());
  });

  it('keeps per-member totals: points, drills, average coverage, best score', async () => {
    const guildId = snowflake();
    const first = await runDrill(get(), { guildId, at: day('2026-03-02'), strong: ['a'], weak: ['b'] });
    await runDrill(get(), { guildId, at: day('2026-03-03'), weak: ['a', 'b'] });
    const [strongAnswer] = await getDrillAnswers(get().db, first);
    const a = await getMemberScore(get().db, guildId, 'a', day('2026-03-03'));
    expect(a).toMatchObject({
      displayName: 'name-a',
      points: strongAnswer!.finalScore,
      drillsAnswered: 2,
      averageCoverage: 0.5,
      bestScore: strongAnswer!.finalScore,
      rank: 1,
    });
    const b = await getMemberScore(get().db, guildId, 'b', day('2026-03-03'));
    expect(b).toMatchObject({ points: 0, drillsAnswered: 2, averageCoverage: 0, rank: 2 });
    expect(await getMemberScore(get().db, guildId, 'nobody', day('2026-03-03'))).toBeNull();
    // Another server sees none of it.
    expect(await getMemberScore(get().db, snowflake(), 'a', day('2026-03-03'))).toBeNull();
  });

  it('counts streaks of consecutive UTC days with an answer', async () => {
    const guildId = snowflake();
    for (const d of ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-05', '2026-03-06']) {
      await runDrill(get(), { guildId, at: day(d, '23:30'), weak: ['s'] });
    }
    // Two drills the same day count once.
    await runDrill(get(), { guildId, at: day('2026-03-06', '00:10'), weak: ['s'] });
    const on = (d: string) => getMemberScore(get().db, guildId, 's', day(d));
    expect(await on('2026-03-06')).toMatchObject({ currentStreak: 2, longestStreak: 3, drillsAnswered: 6 });
    expect((await on('2026-03-07'))?.currentStreak).toBe(2);
    expect((await on('2026-03-08'))?.currentStreak).toBe(0);
    expect(effectiveStreak(4, '2026-03-06', day('2026-03-07', '23:59'))).toBe(4);
    expect(effectiveStreak(4, '2026-03-06', day('2026-03-08', '00:00'))).toBe(0);
  });

  it('orders by points, then by who reached them first, then by user id; and pages', async () => {
    const guildId = snowflake();
    await runDrill(get(), { guildId, at: day('2026-03-02'), strong: ['m2'], weak: ['m9'] });
    await runDrill(get(), { guildId, at: day('2026-03-03'), strong: ['m1', 'm3'] });
    // m2 reached the full score a day before m1 and m3; m1 and m3 reached it together: user id decides.
    const board = await getLeaderboard(get().db, { guildId, period: 'all', now: day('2026-03-04') });
    expect(board.entries.map((e) => [e.rank, e.userId])).toEqual([
      [1, 'm2'],
      [2, 'm1'],
      [3, 'm3'],
      [4, 'm9'],
    ]);
    expect(board.entries[0]?.displayName).toBe('name-m2');
    const page = await getLeaderboard(get().db, { guildId, period: 'all', now: day('2026-03-04'), page: 1, pageSize: 3 });
    expect(page).toMatchObject({ total: 4, pages: 2, page: 1 });
    expect(page.entries.map((e) => e.userId)).toEqual(['m9']);
    const beyond = await getLeaderboard(get().db, { guildId, period: 'all', now: day('2026-03-04'), page: 7, pageSize: 3 });
    expect(beyond.page).toBe(1);
    expect(beyond.entries.map((e) => e.userId)).toEqual(['m9']);
  });

  it('filters by period (UTC calendar week and month) and by topic', async () => {
    const guildId = snowflake();
    // Drills off the topic filtered for below: no Spanish Revolution claim is also about Kronstadt.
    const [overlap] = await get().rows<{ n: number }>(sql`
      select count(*)::int as n from claim_topics a join topics ta on ta.id = a.topic_id
      join claim_topics b on b.claim_id = a.claim_id join topics tb on tb.id = b.topic_id
      where ta.slug = 'spanish-revolution' and tb.slug = 'kronstadt'`);
    expect(overlap?.n).toBe(0);
    await runDrill(get(), { guildId, at: day('2026-02-20'), strong: ['old'], topic: 'spanish-revolution' });
    await runDrill(get(), { guildId, at: day('2026-03-03'), strong: ['month'], topic: 'spanish-revolution' });
    await runDrill(get(), { guildId, at: day('2026-03-10'), strong: ['week'], topic: 'kronstadt' });
    const now = day('2026-03-11');
    expect(periodStart('week', now)?.toISOString()).toBe('2026-03-09T00:00:00.000Z');
    expect(periodStart('month', now)?.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    const users = async (period: 'week' | 'month' | 'all', topic?: string) =>
      (await getLeaderboard(get().db, { guildId, period, topic, now })).entries.map((e) => e.userId).sort();
    expect(await users('week')).toEqual(['week']);
    expect(await users('month')).toEqual(['month', 'week']);
    expect(await users('all')).toEqual(['month', 'old', 'week']);
    expect(await users('all', 'kronstadt')).toEqual(['week']);
    expect(await users('all', 'Kronstadt')).toEqual(['week']);
  });

  it('applies moderator adjustments with an audit trail, reflected in totals and boards', async () => {
    const guildId = snowflake();
    await runDrill(get(), { guildId, at: day('2026-03-02'), strong: ['p'], weak: ['q'] });
    const now = day('2026-03-04');
    const before = (await getMemberScore(get().db, guildId, 'q', now))!.points;
    await expect(adjustScore(get().db, { guildId, userId: 'q', delta: 0, reason: 'nothing', moderatorId: 'mod', now })).rejects.toThrow(
      'not 0',
    );
    await expect(adjustScore(get().db, { guildId, userId: 'q', delta: 5000, reason: 'too much', moderatorId: 'mod', now })).rejects.toThrow(
      '-1000 to 1000',
    );
    await expect(adjustScore(get().db, { guildId, userId: 'q', delta: 5, reason: ' ', moderatorId: 'mod', now })).rejects.toThrow(
      'reason of 3–300',
    );
    const adj = await adjustScore(get().db, {
      guildId,
      userId: 'q',
      delta: 500,
      reason: 'Excellent   spoken rebuttal',
      moderatorId: 'mod',
      now,
    });
    expect(adj).toMatchObject({ delta: 500, reason: 'Excellent spoken rebuttal', moderatorId: 'mod' });
    const q = await getMemberScore(get().db, guildId, 'q', now);
    expect(q?.points).toBe(before + 500);
    expect(q?.rank).toBe(1);
    expect(q?.adjustments[0]).toMatchObject({ delta: 500, reason: 'Excellent spoken rebuttal', moderatorId: 'mod' });
    await adjustScore(get().db, { guildId, userId: 'q', delta: -200, reason: 'copied a source', moderatorId: 'mod', now });
    expect((await getMemberScore(get().db, guildId, 'q', now))?.points).toBe(before + 300);
    expect((await leaderboardEntry(get().db, { guildId, userId: 'q', period: 'all', now }))?.points).toBe(before + 300);
    // A member with only an adjustment still has a score and a place.
    await adjustScore(get().db, {
      guildId,
      userId: 'newcomer',
      displayName: 'Newcomer',
      delta: 7,
      reason: 'welcome bonus',
      moderatorId: 'mod',
      now,
    });
    expect(await getMemberScore(get().db, guildId, 'newcomer', now)).toMatchObject({
      displayName: 'Newcomer',
      points: 7,
      drillsAnswered: 0,
    });
    // Adjustments are not tied to a topic, so topic boards leave them out.
    expect(await leaderboardEntry(get().db, { guildId, userId: 'newcomer', period: 'all', topic: 'kronstadt', now })).toBeNull();
  });
});

describe('periods', () => {
  it('start weeks on Monday, UTC', () => {
    expect(periodStart('week', day('2026-03-08', '23:59'))?.toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(periodStart('week', day('2026-03-09', '00:00'))?.toISOString()).toBe('2026-03-09T00:00:00.000Z');
    expect(periodStart('all', day('2026-03-09'))).toBeNull();
  });
});
