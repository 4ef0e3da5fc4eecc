import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { UserError } from '../errors.ts';
import { queryRows } from '../db/rows.ts';

export interface VoteResult {
  action: 'added' | 'removed';
  used: number;
  limit: number;
}

/**
 * Votes for an answer, or takes the vote back when the member already gave it (a toggle), while
 * voting is open. Refused: own answer, over the drill's per-member limit, and, when the server asks
 * for it, voters who did not answer. A transaction-scoped advisory lock per (drill, voter) makes the
 * limit hold when one member clicks several buttons at once.
 */
export async function toggleVote(
  db: Db,
  input: { guildId: string; drillId: number; answerId: number; voterId: string; now: Date },
): Promise<VoteResult> {
  if (!Number.isSafeInteger(input.drillId) || !Number.isSafeInteger(input.answerId)) throw new UserError('vote.answer-gone');
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`vote:${input.drillId}:${input.voterId}`}, 0))`);
    const [drill] = await queryRows<{
      status: string;
      voting_ends_at: Date | string | null;
      votes_per_member: number;
      voters_must_answer: boolean;
    }>(
      tx,
      sql`select status, voting_ends_at, votes_per_member, voters_must_answer from drills
          where id = ${input.drillId} and guild_id = ${input.guildId}`,
    );
    if (!drill) throw new UserError('drill.gone');
    if (drill.status === 'open') throw new UserError('vote.not-yet');
    const endsAt = drill.voting_ends_at ? new Date(drill.voting_ends_at) : null;
    if (drill.status !== 'voting' || !endsAt || input.now.getTime() >= endsAt.getTime()) {
      throw new UserError('vote.ended');
    }
    const [answer] = await queryRows<{ user_id: string }>(
      tx,
      sql`select user_id from drill_answers where id = ${input.answerId} and drill_id = ${input.drillId}`,
    );
    if (!answer) throw new UserError('vote.not-in-drill');
    if (answer.user_id === input.voterId) throw new UserError('vote.own-answer');
    const removed = await queryRows(
      tx,
      sql`delete from drill_votes where drill_id = ${input.drillId} and voter_id = ${input.voterId} and answer_id = ${input.answerId} returning 1`,
    );
    const [usedRow] = await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from drill_votes where drill_id = ${input.drillId} and voter_id = ${input.voterId}`,
    );
    const used = usedRow?.n ?? 0;
    const limit = drill.votes_per_member;
    if (removed.length > 0) return { action: 'removed', used, limit };
    if (drill.voters_must_answer) {
      const own = await queryRows(tx, sql`select 1 from drill_answers where drill_id = ${input.drillId} and user_id = ${input.voterId}`);
      if (own.length === 0) throw new UserError('vote.answerers-only');
    }
    if (used >= limit) throw new UserError('vote.none-left', { limit });
    await tx.execute(sql`insert into drill_votes (drill_id, voter_id, answer_id, created_at)
                         values (${input.drillId}, ${input.voterId}, ${input.answerId}, ${input.now.toISOString()})`);
    return { action: 'added', used: used + 1, limit };
  });
}
