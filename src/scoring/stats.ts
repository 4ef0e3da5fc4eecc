import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { rankOf } from './leaderboard.ts';
import { queryRows } from '../db/rows.ts';

/**
 * member_stats is a cache of what the drills and adjustments say, recomputed for the members a
 * change touches (a drill finishing, an adjustment) rather than incremented, so it cannot drift and
 * recomputing twice is harmless.
 *
 * Streaks count consecutive UTC calendar days on which the member submitted an answer to a drill that
 * has finished; the current streak is the run ending on their latest such day, and is shown as 0 once
 * a whole UTC day has passed without one (see effectiveStreak).
 */
export async function refreshMemberStats(
  db: Db,
  guildId: string,
  members: { userId: string; displayName?: string | undefined }[],
): Promise<void> {
  if (members.length === 0) return;
  const ids = members.map((m) => m.userId);
  const names = members.map((m) => m.displayName ?? null);
  await db.execute(sql`
    insert into member_stats (guild_id, user_id, display_name, points, drills_answered, coverage_sum, best_score,
                                    current_streak, longest_streak, last_streak_key, updated_at)
    select ${guildId}, u.user_id,
           coalesce(ans.name, u.name, (select m.display_name from member_stats m where m.guild_id = ${guildId} and m.user_id = u.user_id), u.user_id),
           ans.pts + adj.total, ans.n, ans.cov, ans.best,
           coalesce(st.current, 0), coalesce(st.longest, 0), st.last_day::text, now()
    from unnest(${sql.param(ids)}::text[], ${sql.param(names)}::text[]) as u(user_id, name)
    cross join lateral (
      select count(*)::int as n, coalesce(sum(a.final_score), 0)::int as pts, coalesce(sum(a.coverage), 0)::real as cov,
             coalesce(max(a.final_score), 0)::int as best,
             (array_agg(a.display_name order by a.submitted_at desc))[1] as name
      from drill_answers a join drills d on d.id = a.drill_id
      where a.guild_id = ${guildId} and a.user_id = u.user_id and d.status = 'closed'
    ) ans
    cross join lateral (
      select coalesce(sum(s.delta), 0)::int as total from score_adjustments s where s.guild_id = ${guildId} and s.user_id = u.user_id
    ) adj
    cross join lateral (
      select max(isl.len)::int as longest, (array_agg(isl.len order by isl.last_day desc))[1]::int as current, max(isl.last_day) as last_day
      from (
        select count(*) as len, max(g.day) as last_day
        from (
          select days.day, days.day - (row_number() over (order by days.day))::int as grp
          from (
            select distinct (a.submitted_at at time zone 'UTC')::date as day
            from drill_answers a join drills d on d.id = a.drill_id
            where a.guild_id = ${guildId} and a.user_id = u.user_id and d.status = 'closed'
          ) days
        ) g
        group by g.grp
      ) isl
    ) st
    on conflict (guild_id, user_id) do update set
      display_name = excluded.display_name,
      points = excluded.points, drills_answered = excluded.drills_answered, coverage_sum = excluded.coverage_sum,
      best_score = excluded.best_score, current_streak = excluded.current_streak, longest_streak = excluded.longest_streak,
      last_streak_key = excluded.last_streak_key, updated_at = excluded.updated_at`);
}

/** The current streak as of today: a streak whose last day is before yesterday (UTC) is broken. */
export function effectiveStreak(current: number, lastDay: string | null, now: Date): number {
  if (!lastDay || current === 0) return 0;
  const yesterday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 1)).toISOString().slice(0, 10);
  return lastDay >= yesterday ? current : 0;
}

export interface MemberScore {
  userId: string;
  displayName: string;
  points: number;
  drillsAnswered: number;
  /** Mean key-point coverage over answers that had key points to cover; null when none. */
  averageCoverage: number | null;
  bestScore: number;
  currentStreak: number;
  longestStreak: number;
  /** All-time rank on the server's leaderboard; null when the member has no score yet. */
  rank: number | null;
  adjustments: { delta: number; reason: string; moderatorId: string; createdAt: Date }[];
}

export async function getMemberScore(db: Db, guildId: string, userId: string, now: Date): Promise<MemberScore | null> {
  const [row] = await queryRows<{
    display_name: string;
    points: number;
    drills_answered: number;
    best_score: number;
    current_streak: number;
    longest_streak: number;
    last_streak_key: string | null;
    avg_coverage: number | null;
  }>(
    db,
    sql`select ms.display_name, ms.points, ms.drills_answered, ms.best_score, ms.current_streak, ms.longest_streak, ms.last_streak_key,
          (select avg(a.coverage)::float8 from drill_answers a join drills d on d.id = a.drill_id
           where a.guild_id = ms.guild_id and a.user_id = ms.user_id and d.status = 'closed' and a.coverage is not null) as avg_coverage
        from member_stats ms where ms.guild_id = ${guildId} and ms.user_id = ${userId}`,
  );
  if (!row) return null;
  const adjustments = await queryRows<{ delta: number; reason: string; moderator_id: string; created_at: Date | string }>(
    db,
    sql`select delta, reason, moderator_id, created_at from score_adjustments
        where guild_id = ${guildId} and user_id = ${userId} order by created_at desc, id desc limit 5`,
  );
  return {
    userId,
    displayName: row.display_name,
    points: row.points,
    drillsAnswered: row.drills_answered,
    averageCoverage: row.avg_coverage === null ? null : Number(row.avg_coverage),
    bestScore: row.best_score,
    currentStreak: effectiveStreak(row.current_streak, row.last_streak_key, now),
    longestStreak: row.longest_streak,
    rank: await rankOf(db, { guildId, userId, period: 'all', now }),
    adjustments: adjustments.map((a) => ({
      delta: a.delta,
      reason: a.reason,
      moderatorId: a.moderator_id,
      createdAt: new Date(a.created_at),
    })),
  };
}
