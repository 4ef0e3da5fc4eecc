import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { drillAnswers } from '../db/schema/index.ts';
import { UserError } from '../errors.ts';
import { queryRows } from '../db/rows.ts';

export const ANSWER_MIN = 20;
export const ANSWER_MAX = 1500;

/** The same limits for drills and solo practice; returns the answer as it will be stored. */
export function validateAnswerText(text: string | undefined): string {
  const t = (text ?? '').trim();
  if (t.length === 0) throw new UserError('answer.empty', { min: ANSWER_MIN, max: ANSWER_MAX });
  if (t.length < ANSWER_MIN) throw new UserError('answer.too-short', { length: t.length, min: ANSWER_MIN });
  if (t.length > ANSWER_MAX) throw new UserError('answer.too-long', { length: t.length, max: ANSWER_MAX });
  return t;
}

export interface SubmitResult {
  answerId: number;
  /** False when this replaced the member's earlier answer. */
  created: boolean;
  edits: number;
  closesAt: Date;
}

/**
 * Saves or replaces a member's answer while the drill is open. The drill row is read with a share
 * lock, so a close cannot slip between the check and the write (the close's UPDATE waits for it);
 * the unique (drill, member) index and the upsert make concurrent submissions by one member collapse
 * into one answer.
 */
export async function submitAnswer(
  db: Db,
  input: { guildId: string; drillId: number; userId: string; displayName: string; text: string | undefined; now: Date },
): Promise<SubmitResult> {
  const text = validateAnswerText(input.text);
  if (!Number.isSafeInteger(input.drillId) || input.drillId <= 0) throw new UserError('drill.gone');
  return db.transaction(async (tx) => {
    const [drill] = await queryRows<{ status: string; closes_at: Date | string }>(
      tx,
      sql`select status, closes_at from drills where id = ${input.drillId} and guild_id = ${input.guildId} for share`,
    );
    if (!drill) throw new UserError('drill.gone');
    const closesAt = new Date(drill.closes_at);
    if (drill.status !== 'open' || input.now.getTime() >= closesAt.getTime()) {
      throw new UserError('drill.closed-at', { closedAt: closesAt });
    }
    const [row] = await tx
      .insert(drillAnswers)
      .values({
        drillId: input.drillId,
        guildId: input.guildId,
        userId: input.userId,
        displayName: input.displayName,
        text,
        submittedAt: input.now,
        updatedAt: input.now,
      })
      .onConflictDoUpdate({
        target: [drillAnswers.drillId, drillAnswers.userId],
        set: { text, displayName: input.displayName, updatedAt: input.now, edits: sql`${drillAnswers.edits} + 1` },
      })
      .returning({ id: drillAnswers.id, edits: drillAnswers.edits });
    return { answerId: row!.id, created: row!.edits === 0, edits: row!.edits, closesAt };
  });
}

/** The member's current answer, to pre-fill the modal when they edit it. */
export async function getOwnAnswer(db: Db, guildId: string, drillId: number, userId: string): Promise<string | null> {
  const [row] = await db
    .select({ text: drillAnswers.text })
    .from(drillAnswers)
    .where(and(eq(drillAnswers.drillId, drillId), eq(drillAnswers.guildId, guildId), eq(drillAnswers.userId, userId)));
  return row?.text ?? null;
}

export async function countAnswers(db: Db, drillId: number): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(drillAnswers).where(eq(drillAnswers.drillId, drillId));
  return row?.n ?? 0;
}
