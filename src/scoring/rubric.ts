import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { normalizeCode } from '../content/codes.ts';
import { queryRows } from '../db/rows.ts';

export interface RubricKeyPoint {
  id: number;
  position: number;
  text: string;
}

export interface RubricReference {
  code: string;
  title: string;
}

/** What an answer is scored against: one reference rebuttal's key points and references, and the claim it answers. */
export interface Rubric {
  rebuttalId: number | null;
  /** The claim (or, for a counter-rebuttal, the rebuttal) the answer must argue against. */
  opposing: string | null;
  keyPoints: RubricKeyPoint[];
  refs: RubricReference[];
}

export const EMPTY_RUBRIC: Rubric = { rebuttalId: null, opposing: null, keyPoints: [], refs: [] };

export async function loadRubric(db: Db, rebuttalId: number | null): Promise<Rubric> {
  if (rebuttalId === null) return EMPTY_RUBRIC;
  const keyPoints = await queryRows<{ id: number; position: number; text: string }>(
    db,
    sql`select id, position, text from key_points where rebuttal_id = ${rebuttalId} order by position, id`,
  );
  const refs = await queryRows<{ code: string; title: string }>(
    db,
    sql`select f.code, f.title from rebuttal_refs rr join "references" f on f.id = rr.reference_id
        where rr.rebuttal_id = ${rebuttalId} order by f.code_norm`,
  );
  const [opp] = await queryRows<{ text: string | null }>(
    db,
    sql`select coalesce(parent.text, c.text) as text from rebuttals r
        join claims c on c.id = r.claim_id left join rebuttals parent on parent.id = r.parent_id
        where r.id = ${rebuttalId}`,
  );
  return {
    rebuttalId,
    opposing: opp?.text ?? null,
    keyPoints: keyPoints.map((k) => ({ id: Number(k.id), position: Number(k.position), text: k.text })),
    refs: refs.map((r) => ({ code: r.code, title: r.title })),
  };
}

/**
 * A code counts as cited when it stands alone: "H.2.4" matches "see H.2.4." and "(h.2.4)" but not
 * "H.2.41" or "H.2.4.1", which are other sections.
 */
export function cites(answer: string, code: string): boolean {
  const escaped = normalizeCode(code).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![a-z0-9.])${escaped}(?![a-z0-9]|\\.[a-z0-9])`).test(normalizeCode(answer));
}
