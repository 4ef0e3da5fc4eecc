import { scoreAdjustments } from '../db/schema/index.ts';
import type { Db } from '../db/client.ts';
import { UserError } from '../errors.ts';
import { refreshMemberStats } from './stats.ts';

export const MAX_ADJUSTMENT = 1000;
export const REASON_MIN = 3;
export const REASON_MAX = 300;

export interface Adjustment {
  id: number;
  guildId: string;
  userId: string;
  delta: number;
  reason: string;
  moderatorId: string;
  createdAt: Date;
}

/**
 * A moderator's change to a member's points, kept as an audit row (never edited or deleted) and
 * reflected in the member's totals in the same transaction.
 */
export async function adjustScore(
  db: Db,
  input: {
    guildId: string;
    userId: string;
    displayName?: string | undefined;
    delta: number;
    reason: string;
    moderatorId: string;
    drillId?: number | null;
    now: Date;
  },
): Promise<Adjustment> {
  const reason = input.reason.trim().replace(/\s+/g, ' ');
  if (!Number.isInteger(input.delta) || input.delta === 0 || Math.abs(input.delta) > MAX_ADJUSTMENT) {
    throw new UserError('points.range', { max: MAX_ADJUSTMENT });
  }
  if (reason.length < REASON_MIN || reason.length > REASON_MAX) {
    throw new UserError('points.reason', { min: REASON_MIN, max: REASON_MAX });
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(scoreAdjustments)
      .values({
        guildId: input.guildId,
        userId: input.userId,
        drillId: input.drillId ?? null,
        delta: input.delta,
        reason,
        moderatorId: input.moderatorId,
        createdAt: input.now,
      })
      .returning();
    await refreshMemberStats(tx, input.guildId, [{ userId: input.userId, displayName: input.displayName }]);
    const r = row!;
    return {
      id: r.id,
      guildId: r.guildId,
      userId: r.userId,
      delta: r.delta,
      reason: r.reason,
      moderatorId: r.moderatorId,
      createdAt: r.createdAt,
    };
  });
}
