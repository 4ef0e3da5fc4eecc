import { sql } from 'drizzle-orm';
import { Rating, State } from 'ts-fsrs';
import type { Db } from '../db/client.ts';
import { queryRows } from '../db/rows.ts';
import { visiblePack } from '../content/visibility.ts';

export interface PracticeStats {
  dueNow: number;
  /** Cards that graduated to FSRS's review state. */
  learned: number;
  cards: number;
  /** Claims this server can practise: visible to it, with a rebuttal that has key points. */
  available: number;
  reviews: number;
  /** Share of reviews rated Good or Easy; null before the first review. */
  retention: number | null;
  nextDue: Date | null;
}

export async function practiceStats(db: Db, input: { guildId: string; userId: string; now: Date }): Promise<PracticeStats> {
  const now = input.now.toISOString();
  const [row] = await queryRows<{
    due_now: number;
    learned: number;
    cards: number;
    next_due: Date | string | null;
    reviews: number;
    good: number;
    available: number;
  }>(
    db,
    sql`select
          (select count(*)::int from practice_cards where guild_id = ${input.guildId} and user_id = ${input.userId} and due <= ${now}::timestamptz) as due_now,
          (select count(*)::int from practice_cards where guild_id = ${input.guildId} and user_id = ${input.userId} and state = ${State.Review}) as learned,
          (select count(*)::int from practice_cards where guild_id = ${input.guildId} and user_id = ${input.userId}) as cards,
          (select min(due) from practice_cards where guild_id = ${input.guildId} and user_id = ${input.userId} and due > ${now}::timestamptz) as next_due,
          (select count(*)::int from practice_reviews where guild_id = ${input.guildId} and user_id = ${input.userId}) as reviews,
          (select count(*)::int from practice_reviews where guild_id = ${input.guildId} and user_id = ${input.userId} and rating >= ${Rating.Good}) as good,
          (select count(*)::int from claims c join packs p on p.id = c.pack_id
            where ${visiblePack(input.guildId)} and exists (select 1 from rebuttals r join key_points k on k.rebuttal_id = r.id
                                                             where r.claim_id = c.id and r.parent_id is null)) as available`,
  );
  const r = row!;
  return {
    dueNow: r.due_now,
    learned: r.learned,
    cards: r.cards,
    available: r.available,
    reviews: r.reviews,
    retention: r.reviews === 0 ? null : r.good / r.reviews,
    nextDue: r.next_due ? new Date(r.next_due) : null,
  };
}
