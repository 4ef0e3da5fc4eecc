import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { visiblePack } from '../content/visibility.ts';
import { UserError } from '../errors.ts';
import { queryRows } from '../db/rows.ts';

export type DrillMode = 'standard' | 'flip';

export interface DrillMaterial {
  claimId: number;
  /** standard: the reference rebuttal revealed at close; flip: the rebuttal members argue against. */
  rebuttalId: number;
}

/** How many of a server's latest drills' claims a new drill avoids when it has a choice. */
const RECENT_DRILLS = 20;

/**
 * Chooses a claim for a drill. Claims whose answer can be scored automatically (a reference rebuttal
 * with key points) come first, then those the server has not drilled lately, then chance.
 */
export async function pickDrillMaterial(
  db: Db,
  opts: { guildId: string; topic?: string | undefined; pack?: string | undefined; mode: DrillMode },
): Promise<DrillMaterial> {
  const filters = await contentFilters(db, opts.guildId, opts.topic, opts.pack);
  const recent = sql`(select d.claim_id from drills d where d.guild_id = ${opts.guildId} order by d.id desc limit ${RECENT_DRILLS})`;
  const rows =
    opts.mode === 'standard'
      ? await queryRows<{ claim_id: number; rebuttal_id: number }>(
          db,
          sql`
          select c.id as claim_id, ref.id as rebuttal_id
          from claims c join packs p on p.id = c.pack_id
          cross join lateral (
            select r.id, exists (select 1 from key_points k where k.rebuttal_id = r.id) as scored
            from rebuttals r where r.claim_id = c.id and r.parent_id is null
            order by scored desc, r.position, r.id limit 1
          ) ref
          where ${visiblePack(opts.guildId)} ${filters}
          order by ref.scored desc, c.id in ${recent}, random()
          limit 1`,
        )
      : await queryRows<{ claim_id: number; rebuttal_id: number }>(
          db,
          sql`
          select c.id as claim_id, r.id as rebuttal_id
          from rebuttals r join claims c on c.id = r.claim_id join packs p on p.id = c.pack_id
          where ${visiblePack(opts.guildId)} ${filters}
          order by exists (select 1 from rebuttals ch join key_points k on k.rebuttal_id = ch.id where ch.parent_id = r.id) desc,
                   exists (select 1 from rebuttals ch where ch.parent_id = r.id) desc,
                   c.id in ${recent}, random()
          limit 1`,
        );
  const row = rows[0];
  if (!row) {
    throw new UserError('drill.no-claim', { topic: opts.topic ?? null, pack: opts.pack ?? null });
  }
  return { claimId: row.claim_id, rebuttalId: row.rebuttal_id };
}

/** Topic and pack conditions on `c` (claims) and `p` (packs), after checking each names something visible. */
async function contentFilters(db: Db, guildId: string, topic: string | undefined, pack: string | undefined): Promise<SQL> {
  const parts: SQL[] = [];
  if (pack !== undefined) {
    const found = await queryRows(db, sql`select 1 from packs p where p.slug = ${pack} and ${visiblePack(guildId)} limit 1`);
    if (found.length === 0) throw new UserError('drill.unknown-pack', { pack });
    parts.push(sql`and p.slug = ${pack}`);
  }
  if (topic !== undefined) {
    await assertTopicExists(db, guildId, topic);
    parts.push(sql`and exists (select 1 from claim_topics ct join topics t on t.id = ct.topic_id
                               where ct.claim_id = c.id and (t.slug = ${topic} or lower(t.name) = lower(${topic})))`);
  }
  return sql.join(parts, sql` `);
}

/**
 * The rebuttal answers are scored against. Standard: the reference rebuttal itself. Flip: its first
 * counter-rebuttal, preferring one with key points; null when it has none (votes only).
 */
export async function scoringRebuttalId(db: Db, drill: { mode: string; rebuttalId: number | null }): Promise<number | null> {
  if (drill.rebuttalId === null) return null;
  if (drill.mode !== 'flip') return drill.rebuttalId;
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`select ch.id from rebuttals ch where ch.parent_id = ${drill.rebuttalId}
        order by exists (select 1 from key_points k where k.rebuttal_id = ch.id) desc, ch.position, ch.id limit 1`,
  );
  return row?.id ?? null;
}

export async function assertTopicExists(db: Db, guildId: string, topic: string): Promise<void> {
  const found = await queryRows(
    db,
    sql`select 1 from topics t join packs p on p.id = t.pack_id
        where (t.slug = ${topic} or lower(t.name) = lower(${topic})) and ${visiblePack(guildId)} limit 1`,
  );
  if (found.length === 0) throw new UserError('drill.unknown-topic', { topic });
}
