import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { autoScore, CITATION_BONUS, coverageOf, FULL_COVERAGE_POINTS } from './formula.ts';
import type { Rubric } from './rubric.ts';
import { queryRows } from '../db/rows.ts';

export interface AnswerScore {
  /** Per rubric key point, in rubric order: how many of its terms the answer uses. */
  termCounts: number[];
  /** Positions of the key points made. */
  hits: number[];
  made: number;
  total: number;
  coverage: number | null;
  cited: boolean;
  autoScore: number;
}

/** Builds a score from the term counts; the one place (with its SQL twin in scoreDrillAnswers) the formula is applied. */
export function scoreFromCounts(rubric: Rubric, termCounts: number[], cited: boolean): AnswerScore {
  const hits = rubric.keyPoints.filter((kp, i) => (termCounts[i] ?? 0) >= kp.needed).map((kp) => kp.position);
  const total = rubric.keyPoints.length;
  return { termCounts, hits, made: hits.length, total, coverage: coverageOf(hits.length, total), cited, autoScore: autoScore(hits.length, total, cited) };
}

/**
 * The matching, shared by both entry points: every answer is vectorized once, every term query
 * parsed once (materialized CTEs), and answer × term matches are counted per key point with one hash
 * aggregate. Citations are regular-expression matches of the normalized codes in the normalized text.
 * `source` yields (id, body).
 */
function matching(rubric: Rubric, source: SQL): SQL {
  const terms = rubric.keyPoints.flatMap((kp, k) => kp.terms.map((t) => ({ k, q: t.query, need: kp.needed, pos: kp.position })));
  const patterns = rubric.refs.map((r) => r.pattern);
  return sql`
    t as materialized (
      select x.k, x.q::tsquery as q, x.need, x.pos from jsonb_to_recordset(${JSON.stringify(terms)}::jsonb) as x(k int, q text, need int, pos int)
    ),
    a as materialized (
      select s.id, to_tsvector('english', s.body) as v, lower(regexp_replace(s.body, '\\s+', ' ', 'g')) as norm from (${source}) s
    ),
    m as (
      select a.id, t.k, min(t.need) as need, min(t.pos) as pos, count(*) filter (where a.v @@ t.q)::int as c
      from a cross join t group by a.id, t.k
    ),
    per_answer as (
      select m.id, array_agg(m.c order by m.k) as counts,
             coalesce(jsonb_agg(m.pos order by m.pos) filter (where m.c >= m.need), '[]'::jsonb) as hits,
             (count(*) filter (where m.c >= m.need))::int as made
      from m group by m.id
    ),
    cites as (
      select a.id, exists (select 1 from unnest(${sql.param(patterns)}::text[]) as p(re) where a.norm ~ p.re) as cited from a
    )`;
}

/** Scores free texts (practice answers, tests) against a rubric in one statement. */
export async function scoreTexts(db: Db, rubric: Rubric, texts: string[]): Promise<AnswerScore[]> {
  if (texts.length === 0) return [];
  const source = sql`select (t.ord - 1)::bigint as id, t.body from unnest(${sql.param(texts)}::text[]) with ordinality as t(body, ord)`;
  const rows = await queryRows<{ id: number | string; counts: number[] | null; cited: boolean }>(
    db,
    sql`with ${matching(rubric, source)}
        select c.id, p.counts, c.cited from cites c left join per_answer p on p.id = c.id`,
  );
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return texts.map((_, i) => {
    const r = byId.get(i);
    return scoreFromCounts(rubric, rubric.keyPoints.map((_, k) => r?.counts?.[k] ?? 0), r?.cited ?? false);
  });
}

/**
 * Scores every answer of a drill and stores the scores in one statement (no round trip of 1,000
 * rows). The SQL applies the same formula as formula.ts (round(100 × made / total) + 10 when cited;
 * votes-only rubrics score 0); `final` also sets final_score = auto_score (drills without voting).
 * Returns the scores keyed by answer id, rebuilt in TypeScript from the same counts.
 */
export async function scoreDrillAnswers(db: Db, drillId: number, rubric: Rubric, opts: { final: boolean }): Promise<Map<number, AnswerScore>> {
  const total = rubric.keyPoints.length;
  const source = sql`select a.id, a.text as body from drill_answers a where a.drill_id = ${drillId}`;
  const auto =
    total === 0
      ? sql`0`
      : sql`(round(${FULL_COVERAGE_POINTS}::numeric * coalesce(p.made, 0) / ${total}) + case when c.cited then ${CITATION_BONUS} else 0 end)::int`;
  const rows = await queryRows<{ id: number | string; counts: number[] | null; cited: boolean }>(
    db,
    sql`with ${matching(rubric, source)}
        update drill_answers d set
          coverage = ${total === 0 ? sql`null` : sql`coalesce(p.made, 0)::real / ${total}`},
          hits = coalesce(p.hits, '[]'::jsonb),
          cited_reference = c.cited,
          auto_score = ${auto},
          final_score = ${opts.final ? auto : sql`null`}
        from cites c left join per_answer p on p.id = c.id
        where d.id = c.id and d.drill_id = ${drillId}
        returning d.id, p.counts, c.cited`,
  );
  return new Map(rows.map((r) => [Number(r.id), scoreFromCounts(rubric, rubric.keyPoints.map((_, k) => r.counts?.[k] ?? 0), r.cited)]));
}
