import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { queryRows } from '../db/rows.ts';

export type Period = 'week' | 'month' | 'all';
export const PERIODS: readonly Period[] = ['week', 'month', 'all'];

/**
 * Calendar periods in UTC: "week" since Monday 00:00, "month" since the 1st 00:00. A drill counts in
 * the period it finished in, an adjustment in the period it was made in.
 */
export function periodStart(period: Period, now: Date): Date | null {
  if (period === 'all') return null;
  if (period === 'month') return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const daysSinceMonday = (now.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - daysSinceMonday));
}

export interface LeaderboardEntry {
  rank: number;
  userId: string;
  displayName: string;
  points: number;
  drills: number;
}

export interface LeaderboardQuery {
  guildId: string;
  period: Period;
  /** Topic slug or name: only drills whose claim has that topic (and adjustments tied to such drills). */
  topic?: string | undefined;
  now: Date;
}

export const PAGE_SIZE = 10;

/**
 * Points in the period: final scores of finished drills plus adjustments. Ties are broken by who
 * reached their total first (their last scoring event is earlier), then by user id, so ranks are
 * unique and stable.
 */
function ranked(q: LeaderboardQuery): SQL {
  const since = periodStart(q.period, q.now);
  const topicOf = (drill: SQL) =>
    q.topic === undefined
      ? sql``
      : sql`and exists (select 1 from claim_topics ct join topics t on t.id = ct.topic_id
                       where ct.claim_id = ${drill} and (t.slug = ${q.topic} or lower(t.name) = lower(${q.topic})))`;
  return sql`
    with ev as (
      select a.user_id, a.final_score as pts, d.finished_at as at, 1 as answered
      from drill_answers a join drills d on d.id = a.drill_id
      where d.guild_id = ${q.guildId} and a.guild_id = ${q.guildId} and d.status = 'closed'
        ${since ? sql`and d.finished_at >= ${since.toISOString()}` : sql``} ${topicOf(sql`d.claim_id`)}
      union all
      select s.user_id, s.delta, s.created_at, 0
      from score_adjustments s
      where s.guild_id = ${q.guildId} ${since ? sql`and s.created_at >= ${since.toISOString()}` : sql``}
        ${q.topic === undefined ? sql`` : sql`and s.drill_id is not null ${topicOf(sql`(select d2.claim_id from drills d2 where d2.id = s.drill_id)`)}`}
    ),
    board as (
      select ev.user_id, sum(ev.pts)::int as points, sum(ev.answered)::int as drills, max(ev.at) as reached_at
      from ev group by ev.user_id
    )
    select b.user_id, b.points, b.drills,
           (row_number() over (order by b.points desc, b.reached_at asc, b.user_id asc))::int as rank,
           (count(*) over ())::int as total
    from board b`;
}

export async function getLeaderboard(
  db: Db,
  q: LeaderboardQuery & { page?: number; pageSize?: number },
): Promise<{ entries: LeaderboardEntry[]; total: number; page: number; pages: number }> {
  const pageSize = q.pageSize ?? PAGE_SIZE;
  const fetch = (page: number) =>
    queryRows<{ user_id: string; points: number; drills: number; rank: number; total: number; display_name: string }>(
      db,
      sql`select r.*, coalesce(ms.display_name, r.user_id) as display_name
          from (${ranked(q)}) r left join member_stats ms on ms.guild_id = ${q.guildId} and ms.user_id = r.user_id
          order by r.rank
          limit ${pageSize} offset ${page * pageSize}`,
    );
  let page = Math.max(0, Math.floor(q.page ?? 0));
  let rows = await fetch(page);
  let total = rows[0]?.total;
  if (total === undefined) {
    const [count] = await queryRows<{ total: number }>(db, sql`select count(*)::int as total from (${ranked(q)}) r`);
    total = count?.total ?? 0;
    // A stale page button after the board shrank: show the last page.
    if (total > 0) {
      page = Math.ceil(total / pageSize) - 1;
      rows = await fetch(page);
    }
  }
  return {
    entries: rows.map((r) => ({ rank: r.rank, userId: r.user_id, displayName: r.display_name, points: r.points, drills: r.drills })),
    total,
    page: total === 0 ? 0 : page,
    pages: Math.max(1, Math.ceil(total / pageSize)),
  };
}

/** A member's entry on a board, or null when they scored nothing in it. */
export async function leaderboardEntry(db: Db, q: LeaderboardQuery & { userId: string }): Promise<LeaderboardEntry | null> {
  const [r] = await queryRows<{ user_id: string; points: number; drills: number; rank: number; display_name: string }>(
    db,
    sql`select r.*, coalesce(ms.display_name, r.user_id) as display_name
        from (${ranked(q)}) r left join member_stats ms on ms.guild_id = ${q.guildId} and ms.user_id = r.user_id
        where r.user_id = ${q.userId}`,
  );
  return r ? { rank: r.rank, userId: r.user_id, displayName: r.display_name, points: r.points, drills: r.drills } : null;
}

export async function rankOf(db: Db, q: LeaderboardQuery & { userId: string }): Promise<number | null> {
  return (await leaderboardEntry(db, q))?.rank ?? null;
}
