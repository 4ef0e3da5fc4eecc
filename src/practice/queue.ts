import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { visiblePack } from '../content/visibility.ts';
import { assertTopicExists } from '../drills/pick.ts';
import { queryRows } from '../db/rows.ts';

export type QueueKind = 'due' | 'new';

export interface PracticeItem {
  claimId: number;
  kind: QueueKind;
  /** The rebuttal whose key points the answer is scored against. */
  rebuttalId: number;
}

/** A claim can be practised when one of its direct rebuttals has key points to score against. */
function practisable(claim: SQL): SQL {
  return sql`exists (select 1 from rebuttals r join key_points k on k.rebuttal_id = r.id where r.claim_id = ${claim} and r.parent_id is null)`;
}

/**
 * The member's next claim: cards that are due first, weakest memory (lowest FSRS stability) first,
 * then the longest overdue; then claims never practised, in pack order. Null when neither exists;
 * `nextDue` then says when the next card comes due.
 */
export async function nextPracticeItem(
  db: Db,
  opts: { guildId: string; userId: string; topic?: string | undefined; now: Date },
): Promise<{ item: PracticeItem | null; nextDue: Date | null }> {
  if (opts.topic !== undefined) await assertTopicExists(db, opts.guildId, opts.topic);
  const topic =
    opts.topic === undefined
      ? sql``
      : sql`and exists (select 1 from claim_topics ct join topics t on t.id = ct.topic_id
                       where ct.claim_id = c.id and (t.slug = ${opts.topic} or lower(t.name) = lower(${opts.topic})))`;
  const now = opts.now.toISOString();
  const rows = await queryRows<{ claim_id: number; kind: 'due' | 'new' | 'later'; due: Date | string | null }>(
    db,
    sql`
    select c.id as claim_id, pc.due,
           case when pc.claim_id is null then 'new' when pc.due <= ${now}::timestamptz then 'due' else 'later' end as kind
    from claims c join packs p on p.id = c.pack_id
    left join practice_cards pc on pc.guild_id = ${opts.guildId} and pc.user_id = ${opts.userId} and pc.claim_id = c.id
    where ${visiblePack(opts.guildId)} and ${practisable(sql`c.id`)} ${topic}
    order by case when pc.claim_id is null then 1 when pc.due <= ${now}::timestamptz then 0 else 2 end,
             case when pc.due <= ${now}::timestamptz then pc.stability end asc nulls last,
             pc.due asc nulls last, c.id
    limit 1`,
  );
  const row = rows[0];
  if (!row) return { item: null, nextDue: null };
  if (row.kind === 'later') return { item: null, nextDue: new Date(row.due!) };
  const rebuttalId = await practiceRebuttalId(db, row.claim_id);
  return { item: { claimId: row.claim_id, kind: row.kind, rebuttalId: rebuttalId! }, nextDue: null };
}

/** The first direct rebuttal with key points, in pack order; null when the claim cannot be practised. */
export async function practiceRebuttalId(db: Db, claimId: number): Promise<number | null> {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`select r.id from rebuttals r where r.claim_id = ${claimId} and r.parent_id is null
          and exists (select 1 from key_points k where k.rebuttal_id = r.id)
        order by r.position, r.id limit 1`,
  );
  return row?.id ?? null;
}
