import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { autoScore, coverageOf } from './formula.ts';
import type { Rubric } from './rubric.ts';
import { queryRows } from './sql.ts';

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

/** Scores free texts (practice answers, tests) against a rubric in one statement. */
export async function scoreTexts(db: Db, rubric: Rubric, texts: string[]): Promise<AnswerScore[]> {
  if (texts.length === 0) return [];
  const source = sql`select (t.ord - 1)::bigint as id, t.body from unnest(${sql.param(texts)}::text[]) with ordinality as t(body, ord)`;
  const byId = await scoreSource(db, rubric, source);
  return texts.map((_, i) => byId.get(i) ?? emptyScore(rubric));
}

/** Scores every answer of a drill in one statement; the map is keyed by answer id. */
export async function scoreDrillAnswers(db: Db, drillId: number, rubric: Rubric): Promise<Map<number, AnswerScore>> {
  return scoreSource(db, rubric, sql`select a.id, a.text as body from drill_answers a where a.drill_id = ${drillId}`);
}

function emptyScore(rubric: Rubric): AnswerScore {
  return build(rubric, rubric.keyPoints.map(() => 0), false);
}

function build(rubric: Rubric, termCounts: number[], cited: boolean): AnswerScore {
  const hits = rubric.keyPoints.filter((kp, i) => (termCounts[i] ?? 0) >= kp.needed).map((kp) => kp.position);
  const total = rubric.keyPoints.length;
  return {
    termCounts,
    hits,
    made: hits.length,
    total,
    coverage: coverageOf(hits.length, total),
    cited,
    autoScore: autoScore(hits.length, total, cited),
  };
}

/**
 * One statement for all answers × all terms: each answer is vectorized once, each term query parsed
 * once (materialized CTE), and the answer × term matches are counted per key point. Citations are
 * regular-expression matches of the normalized codes in the normalized answer.
 */
async function scoreSource(db: Db, rubric: Rubric, source: SQL): Promise<Map<number, AnswerScore>> {
  const terms = rubric.keyPoints.flatMap((kp, k) => kp.terms.map((t) => ({ k, q: t.query })));
  const patterns = rubric.refs.map((r) => r.pattern);
  const rows = await queryRows<{ id: number | string; counts: number[] | null; cited: boolean }>(
    db,
    sql`
    with t as materialized (
      select x.k, x.q::tsquery as q from jsonb_to_recordset(${JSON.stringify(terms)}::jsonb) as x(k int, q text)
    ),
    a as materialized (
      select s.id, to_tsvector('english', s.body) as v, lower(regexp_replace(s.body, '\\s+', ' ', 'g')) as norm
      from (${source}) s
    )
    select a.id,
      array(
        select count(*) filter (where a.v @@ t.q)::int from t group by t.k order by t.k
      ) as counts,
      exists (select 1 from unnest(${sql.param(patterns)}::text[]) as p(re) where a.norm ~ p.re) as cited
    from a`,
  );
  const out = new Map<number, AnswerScore>();
  for (const r of rows) {
    out.set(Number(r.id), build(rubric, rubric.keyPoints.map((_, i) => r.counts?.[i] ?? 0), r.cited));
  }
  return out;
}
