import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { normalizeCode } from '../content/codes.ts';
import { termsNeeded } from './formula.ts';
import { queryRows } from '../db/rows.ts';

export interface RubricTerm {
  /** The term as the pack wrote it (or the derived lexeme). */
  label: string;
  /** tsquery text: the term's phrase query OR'd with its synonyms' queries. */
  query: string;
}

export interface RubricKeyPoint {
  id: number;
  position: number;
  text: string;
  terms: RubricTerm[];
  needed: number;
}

export interface RubricReference {
  code: string;
  title: string;
  /** A PostgreSQL regular expression finding the normalized code as a whole token in normalized text. */
  pattern: string;
}

/** What an answer is scored against: one reference rebuttal's key points and references. */
export interface Rubric {
  rebuttalId: number | null;
  keyPoints: RubricKeyPoint[];
  refs: RubricReference[];
}

export const EMPTY_RUBRIC: Rubric = { rebuttalId: null, keyPoints: [], refs: [] };

/**
 * Builds every key point's term queries in one statement, so stemming is PostgreSQL's (the same
 * `english` configuration the answers are matched with). Derived terms drop hyphenated compounds,
 * whose parts are lexemes of their own. Terms that are only stop words yield no query and are
 * dropped; a key point left with no terms cannot be made and is left out of the rubric.
 */
export async function loadRubric(db: Db, rebuttalId: number | null): Promise<Rubric> {
  if (rebuttalId === null) return EMPTY_RUBRIC;
  const termRows = await queryRows<{ kp_id: number; position: number; text: string; label: string; query: string }>(
    db,
    sql`
    with kp as (
      select k.id, k.position, k.text, k.terms, p.synonyms
      from key_points k join rebuttals r on r.id = k.rebuttal_id join packs p on p.id = r.pack_id
      where k.rebuttal_id = ${rebuttalId}
    ),
    raw as (
      select kp.id as kp_id, t.ord, t.term as label, phraseto_tsquery('english', t.term) as q
      from kp, unnest(kp.terms) with ordinality as t(term, ord)
      where cardinality(kp.terms) > 0
      union all
      select kp.id, l.ord, l.lex, ('''' || replace(replace(l.lex, '\\', '\\\\'), '''', '''''') || '''')::tsquery
      from kp, unnest(tsvector_to_array(to_tsvector('english', kp.text))) with ordinality as l(lex, ord)
      where cardinality(kp.terms) = 0 and strpos(l.lex, '-') = 0
    ),
    terms as (
      select kp_id, q::text as qt, min(ord) as ord, min(label) as label
      from raw where numnode(q) > 0 group by kp_id, q::text
    ),
    syn as (
      select g.gi, phraseto_tsquery('english', m.word)::text as qt
      from (select distinct synonyms from kp) s,
        jsonb_array_elements(s.synonyms) with ordinality as g(grp, gi),
        jsonb_array_elements_text(g.grp) as m(word)
    )
    select kp.id as kp_id, kp.position, kp.text, t.label,
      coalesce(
        (select string_agg(distinct '(' || s2.qt || ')', ' | ')
         from syn s1 join syn s2 on s2.gi = s1.gi
         where s1.qt = t.qt and s2.qt <> ''),
        '(' || t.qt || ')') as query
    from kp join terms t on t.kp_id = kp.id
    order by kp.position, t.ord, t.qt`,
  );
  const keyPoints = new Map<number, RubricKeyPoint>();
  for (const r of termRows) {
    let kp = keyPoints.get(r.kp_id);
    if (!kp) {
      kp = { id: r.kp_id, position: r.position, text: r.text, terms: [], needed: 0 };
      keyPoints.set(r.kp_id, kp);
    }
    kp.terms.push({ label: r.label, query: r.query });
  }
  for (const kp of keyPoints.values()) kp.needed = termsNeeded(kp.terms.length);
  const refRows = await queryRows<{ code: string; title: string }>(
    db,
    sql`select f.code, f.title from rebuttal_refs rr join "references" f on f.id = rr.reference_id
        where rr.rebuttal_id = ${rebuttalId} order by f.code_norm`,
  );
  return {
    rebuttalId,
    keyPoints: [...keyPoints.values()].sort((a, b) => a.position - b.position),
    refs: refRows.map((r) => ({ code: r.code, title: r.title, pattern: codePattern(r.code) })),
  };
}

/**
 * A code counts as cited when it stands alone: "H.2.4" matches "see H.2.4." and "(h.2.4)" but not
 * "H.2.41" or "H.2.4.1", which are other sections.
 */
export function codePattern(code: string): string {
  const escaped = normalizeCode(code).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return `(?<![a-z0-9.])${escaped}(?![a-z0-9]|\\.[a-z0-9])`;
}
