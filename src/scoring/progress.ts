import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { queryRows } from '../db/rows.ts';

export interface WeakSpot {
  key: string;
  label: string;
  /** Mean key-point coverage of the member's answers there, 0..1. */
  coverage: number;
  answers: number;
}

export interface Progress {
  answers: number;
  topics: WeakSpot[];
  references: WeakSpot[];
}

/**
 * Where a member is weakest: every scored answer (finished drills and solo practice) counts for its
 * claim's topics and for the references of the claim and its rebuttals. Lowest mean coverage first;
 * ties go to the spot with more answers (more evidence), then by name.
 */
export async function getProgress(db: Db, input: { guildId: string; userId: string; limit?: number }): Promise<Progress> {
  const limit = input.limit ?? 3;
  const items = sql`
    select d.claim_id, a.coverage from drill_answers a join drills d on d.id = a.drill_id
    where a.guild_id = ${input.guildId} and a.user_id = ${input.userId} and d.guild_id = ${input.guildId}
      and d.status = 'closed' and a.coverage is not null
    union all
    select r.claim_id, r.coverage from practice_reviews r where r.guild_id = ${input.guildId} and r.user_id = ${input.userId}`;
  const [count] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from (${items}) i`);
  const topics = await queryRows<{ key: string; label: string; coverage: number; answers: number }>(
    db,
    sql`select t.slug as key, min(t.name) as label, avg(i.coverage)::float8 as coverage, count(*)::int as answers
        from (${items}) i join claim_topics ct on ct.claim_id = i.claim_id join topics t on t.id = ct.topic_id
        group by t.slug order by coverage asc, answers desc, key limit ${limit}`,
  );
  const references = await queryRows<{ key: string; label: string; coverage: number; answers: number }>(
    db,
    sql`with refs as (
          select cr.claim_id, cr.reference_id from claim_refs cr
          union
          select rb.claim_id, rr.reference_id from rebuttal_refs rr join rebuttals rb on rb.id = rr.rebuttal_id
        )
        select f.code as key, min(f.title) as label, avg(i.coverage)::float8 as coverage, count(*)::int as answers
        from (${items}) i join refs on refs.claim_id = i.claim_id join "references" f on f.id = refs.reference_id
        group by f.code order by coverage asc, answers desc, key limit ${limit}`,
  );
  const num = (r: { key: string; label: string; coverage: number; answers: number }) => ({ ...r, coverage: Number(r.coverage) });
  return { answers: count?.n ?? 0, topics: topics.map(num), references: references.map(num) };
}
