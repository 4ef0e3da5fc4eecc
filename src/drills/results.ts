import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { drillAnswers } from '../db/schema/index.ts';
import { UserError } from '../errors.ts';
import { loadRubric } from '../scoring/rubric.ts';
import { scoreFromMatch, type KeyPointResult } from '../scoring/score.ts';
import { getDrill, type Drill } from './lifecycle.ts';
import { scoringRebuttalId } from './pick.ts';

export interface ResultAnswer {
  id: number;
  /** Its place in the results as posted at close (automatic score order); anonymous drills show only this. */
  number: number;
  userId: string;
  displayName: string;
  text: string;
  coverage: number | null;
  hits: number[];
  cited: boolean;
  autoScore: number;
  votes: number;
  finalScore: number | null;
}

/** Answers in the order they are shown at close: automatic score, then who answered first. */
export async function getDrillAnswers(db: Db, drillId: number): Promise<ResultAnswer[]> {
  const rows = await db
    .select()
    .from(drillAnswers)
    .where(eq(drillAnswers.drillId, drillId))
    .orderBy(sql`${drillAnswers.autoScore} desc nulls last`, asc(drillAnswers.submittedAt), asc(drillAnswers.id));
  return rows.map((r, i) => ({
    id: r.id,
    number: i + 1,
    userId: r.userId,
    displayName: r.displayName,
    text: r.text,
    coverage: r.coverage,
    hits: r.hits ?? [],
    cited: r.citedReference ?? false,
    autoScore: r.autoScore ?? 0,
    votes: r.votes,
    finalScore: r.finalScore,
  }));
}

/** Final ranking: final score, then votes, then who answered first. */
export function rankAnswers(answers: ResultAnswer[]): ResultAnswer[] {
  return [...answers].sort((a, b) => (b.finalScore ?? 0) - (a.finalScore ?? 0) || b.votes - a.votes || a.number - b.number);
}

export interface Feedback {
  drill: Drill;
  answer: ResultAnswer;
  keyPoints: KeyPointResult[];
  refs: { code: string; title: string }[];
  /** The answer conceded the claim, so no key point counted. */
  concedes: boolean;
}

/** What one member's answer made and missed; only after the close, since answers are private until then. */
export async function getFeedback(db: Db, input: { guildId: string; drillId: number; userId: string }): Promise<Feedback> {
  const drill = await getDrill(db, input.guildId, input.drillId);
  if (drill.status === 'open') throw new UserError('drill.feedback-not-yet');
  const [own] = await db
    .select({ id: drillAnswers.id, match: drillAnswers.match })
    .from(drillAnswers)
    .where(and(eq(drillAnswers.drillId, drill.id), eq(drillAnswers.userId, input.userId)))
    .orderBy(desc(drillAnswers.id));
  if (!own) throw new UserError('drill.no-feedback');
  const answers = await getDrillAnswers(db, drill.id);
  const answer = answers.find((a) => a.id === own.id)!;
  const rubric = await loadRubric(db, await scoringRebuttalId(db, drill));
  // The stored hits are what the close scored; the stored match adds which sentence made each one.
  const scored = scoreFromMatch(rubric, answer.text, own.match ?? { key: '', scores: [], sentences: [] });
  return {
    drill,
    answer,
    keyPoints: scored.keyPoints.map((k) => ({ ...k, made: answer.hits.includes(k.position) })),
    refs: rubric.refs.map((r) => ({ code: r.code, title: r.title })),
    concedes: scored.concedes,
  };
}
