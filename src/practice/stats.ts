import { sql } from 'drizzle-orm';
import { Rating, State } from 'ts-fsrs';
import type { Db } from '../db/client.ts';
import { queryRows } from '../db/rows.ts';

export interface PracticeStats {
  dueNow: number;
  /** Cards that graduated to FSRS's review state. */
  learned: number;
  cards: number;
  reviews: number;
  /** Share of reviews rated Good or Easy; null before the first review. */
  retention: number | null;
  nextDue: Date | null;
}

export async function practiceStats(db: Db, input: { guildId: string; userId: string; now: Date }): Promise<PracticeStats> {
  const now = input.now.toISOString();
  const [row] = await queryRows<{ due_now: number; learned: number; cards: number; next_due: Date | string | null; reviews: number; good: number }>(
    db,
    sql`select
          (select count(*)::int from practice_cards where guild_id = ${input.guildId} and user_id = ${input.userId} and due <= ${now}::timestamptz) as due_now,
          (select count(*)::int from practice_cards where guild_id = ${input.guildId} and user_id = ${input.userId} and state = ${State.Review}) as learned,
          (select count(*)::int from practice_cards where guild_id = ${input.guildId} and user_id = ${input.userId}) as cards,
          (select min(due) from practice_cards where guild_id = ${input.guildId} and user_id = ${input.userId} and due > ${now}::timestamptz) as next_due,
          (select count(*)::int from practice_reviews where guild_id = ${input.guildId} and user_id = ${input.userId}) as reviews,
          (select count(*)::int from practice_reviews where guild_id = ${input.guildId} and user_id = ${input.userId} and rating >= ${Rating.Good}) as good`,
  );
  const r = row!;
  return {
    dueNow: r.due_now,
    learned: r.learned,
    cards: r.cards,
    reviews: r.reviews,
    retention: r.reviews === 0 ? null : r.good / r.reviews,
    nextDue: r.next_due ? new Date(r.next_due) : null,
  };
}
