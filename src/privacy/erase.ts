import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { queryRows } from '../db/rows.ts';
import { POINTS_PER_VOTE } from '../scoring/formula.ts';
import { refreshMemberStats } from '../scoring/stats.ts';
import type { MemberDataCounts } from './export.ts';

export interface EraseResult extends MemberDataCounts {
  /** Other members whose answers lost this member's votes and whose totals were recomputed. */
  membersRecomputed: number;
}

/**
 * Erases one member's data in one server, in one transaction: their answers (with the votes on them),
 * the votes they cast, score adjustments about them, their totals and their practice cards and reviews.
 *
 * Others stay consistent: an answer of a finished drill that loses this member's vote gets its vote
 * count and final score recounted as finishVoting counts them, and its author's totals are recomputed
 * (refreshMemberStats). Votes in a drill still voting are simply gone; finishVoting counts what is left.
 *
 * The drills the member answered or voted in are locked first (in id order, so two erasures cannot
 * deadlock): a close or end of voting running at the same moment either finishes before, and the
 * recount sees its result, or waits and counts without the erased rows. Answer submissions hold a share
 * lock on their drill, so one in flight finishes first and is erased with the rest.
 *
 * Score adjustments this member made as a moderator are about others and stay.
 */
export async function eraseMemberData(db: Db, guildId: string, userId: string): Promise<EraseResult> {
  return db.transaction(async (tx) => {
    await queryRows(
      tx,
      sql`select d.id from drills d
          where d.guild_id = ${guildId}
            and (exists (select 1 from drill_answers a where a.drill_id = d.id and a.user_id = ${userId})
                 or exists (select 1 from drill_votes v where v.drill_id = d.id and v.voter_id = ${userId}))
          order by d.id for update`,
    );
    const votes = await queryRows<{ answer_id: number | string }>(
      tx,
      sql`delete from drill_votes v using drills d
          where d.id = v.drill_id and d.guild_id = ${guildId} and v.voter_id = ${userId}
          returning v.answer_id`,
    );
    const answers = await queryRows<{ id: number | string }>(
      tx,
      sql`delete from drill_answers where guild_id = ${guildId} and user_id = ${userId} returning id`,
    );
    const touched = [...new Set(votes.map((v) => Number(v.answer_id)))];
    let recomputed: { user_id: string }[] = [];
    if (touched.length > 0) {
      recomputed = await queryRows<{ user_id: string }>(
        tx,
        sql`update drill_answers a
            set votes = (select count(*)::int from drill_votes dv where dv.answer_id = a.id and dv.drill_id = a.drill_id),
                final_score = coalesce(a.auto_score, 0)
                  + ${POINTS_PER_VOTE} * (select count(*)::int from drill_votes dv where dv.answer_id = a.id and dv.drill_id = a.drill_id)
            from drills d
            where d.id = a.drill_id and d.status = 'closed' and a.id = any(${sql.param(touched)}::bigint[])
            returning a.user_id`,
      );
    }
    const adjustments = await queryRows(
      tx,
      sql`delete from score_adjustments where guild_id = ${guildId} and user_id = ${userId} returning 1`,
    );
    const stats = await queryRows(tx, sql`delete from member_stats where guild_id = ${guildId} and user_id = ${userId} returning 1`);
    const cards = await queryRows(tx, sql`delete from practice_cards where guild_id = ${guildId} and user_id = ${userId} returning 1`);
    const reviews = await queryRows(tx, sql`delete from practice_reviews where guild_id = ${guildId} and user_id = ${userId} returning 1`);
    const others = [...new Set(recomputed.map((r) => r.user_id))].filter((id) => id !== userId);
    await refreshMemberStats(
      tx,
      guildId,
      others.map((id) => ({ userId: id })),
    );
    return {
      answers: answers.length,
      votesCast: votes.length,
      scoreAdjustments: adjustments.length,
      stats: stats.length,
      practiceCards: cards.length,
      practiceReviews: reviews.length,
      membersRecomputed: others.length,
    };
  });
}
