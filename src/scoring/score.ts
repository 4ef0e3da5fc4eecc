import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import type { StoredMatch } from '../db/schema/drills.ts';
import { queryRows } from '../db/rows.ts';
import { defaultEmbedder, type Embedder } from './embedder.ts';
import { autoScore, coverageOf } from './formula.ts';
import { MATCH_MODEL, matchAnswer } from './match.ts';
import { cites, type Rubric } from './rubric.ts';
import { concedesClaim } from './stance.ts';
import { sentences } from './text.ts';

export interface KeyPointResult {
  position: number;
  text: string;
  /** How sure the scorer is that the answer makes this key point, 0..1. */
  score: number;
  made: boolean;
  /** The member's own sentence that made (or came closest to making) it. */
  sentence: string | null;
  /** A sentence used the key point's words but negated them. */
  denied: boolean;
}

export interface AnswerScore {
  keyPoints: KeyPointResult[];
  /** Positions of the key points made. */
  hits: number[];
  made: number;
  total: number;
  coverage: number | null;
  /** Cites one of the rebuttal's references (the bonus needs a key point made too). */
  cited: boolean;
  /** Ends up agreeing with the claim, or denies two key points (or half of them): no key point counts. */
  concedes: boolean;
  /** How many key points a sentence of the answer denies. */
  denied: number;
  autoScore: number;
}

/** Names the model, claim, key points and references a stored match was computed for; a different key means recompute. */
export function matchKey(rubric: Rubric): string {
  const h = createHash('sha1').update(MATCH_MODEL.version);
  for (const kp of rubric.keyPoints) h.update(`\n${kp.id}:${kp.text}`);
  for (const r of rubric.refs) h.update(`\nref:${r.code}`);
  return h.digest('hex').slice(0, 16);
}

export async function computeMatch(rubric: Rubric, text: string, embedder: Embedder = defaultEmbedder()): Promise<StoredMatch> {
  const { matches } = await matchAnswer(
    embedder,
    text,
    rubric.keyPoints.map((k) => k.text),
    rubric.opposing,
  );
  return {
    key: matchKey(rubric),
    scores: matches.map((m) => m.score),
    sentences: matches.map((m) => m.sentence),
    denied: matches.map((m) => m.denied),
  };
}

/**
 * The score of an answer from its stored match: pure, so the close and the feedback agree. The text
 * is only read for what the match does not carry (matches stored before they carried it), and for
 * the sentences quoted in feedback (`quote`).
 */
export function scoreFromMatch(rubric: Rubric, text: string, match: StoredMatch, opts: { quote: boolean } = { quote: true }): AnswerScore {
  let sents: string[] | undefined;
  const sentenceAt = (i: number) => {
    sents ??= sentences(text);
    return sents[i] ?? null;
  };
  const denied = rubric.keyPoints.filter((_, i) => match.denied?.[i]).length;
  // A rebuttal never denies its own key points; an answer that denies two, or half of them, argues the claim.
  const concedes = (match.concedes ?? concedesClaim(text)) || denied >= 2 || (denied > 0 && denied * 2 >= rubric.keyPoints.length);
  const keyPoints = rubric.keyPoints.map((kp, i): KeyPointResult => {
    const score = match.scores[i] ?? 0;
    const at = match.sentences[i] ?? -1;
    const isDenied = match.denied?.[i] ?? false;
    return {
      position: kp.position,
      text: kp.text,
      score,
      // Stating a point in one sentence and denying it in another makes nothing.
      made: !concedes && !isDenied && score >= MATCH_MODEL.threshold,
      sentence: at >= 0 && opts.quote ? sentenceAt(at) : null,
      denied: isDenied,
    };
  });
  const hits = keyPoints.filter((k) => k.made).map((k) => k.position);
  const total = keyPoints.length;
  const cited = rubric.refs.some((r) => cites(text, r.code));
  return {
    keyPoints,
    hits,
    made: hits.length,
    total,
    coverage: coverageOf(hits.length, total),
    cited,
    concedes,
    denied,
    autoScore: autoScore(hits.length, total, cited),
  };
}

export async function scoreText(rubric: Rubric, text: string, embedder: Embedder = defaultEmbedder()): Promise<AnswerScore> {
  return scoreFromMatch(rubric, text, await computeMatch(rubric, text, embedder));
}

/**
 * Stores the match of every answer of a drill that has none for this rubric yet. Runs after each
 * submission (off the interaction's deadline) and before a close, so the close itself rarely embeds.
 * The text guard keeps a match computed for an answer the member has since edited from being stored.
 */
export async function matchPendingAnswers(
  db: Db,
  drillId: number,
  rubric: Rubric,
  embedder: Embedder = defaultEmbedder(),
): Promise<number> {
  if (rubric.keyPoints.length === 0) return 0;
  const key = matchKey(rubric);
  const pending = await queryRows<{ id: number | string; text: string }>(
    db,
    sql`select id, text from drill_answers where drill_id = ${drillId} and (match is null or match->>'key' is distinct from ${key})`,
  );
  for (const a of pending) {
    const match = await computeMatch(rubric, a.text, embedder);
    await db.execute(sql`update drill_answers set match = ${JSON.stringify(match)}::jsonb where id = ${Number(a.id)} and text = ${a.text}`);
  }
  return pending.length;
}

/**
 * Scores every answer of a drill from its stored match (computing the few still missing) and stores
 * the scores in one statement; `final` also sets final_score = auto_score (drills without voting).
 */
export async function scoreDrillAnswers(
  db: Db,
  drillId: number,
  rubric: Rubric,
  opts: { final: boolean },
  embedder: Embedder = defaultEmbedder(),
): Promise<Map<number, AnswerScore>> {
  await matchPendingAnswers(db, drillId, rubric, embedder);
  const rows = await queryRows<{ id: number | string; text: string; match: StoredMatch | null }>(
    db,
    sql`select id, text, match from drill_answers where drill_id = ${drillId}`,
  );
  const empty: StoredMatch = { key: '', scores: [], sentences: [] };
  // The close needs the totals, not the quoted sentences (feedback re-reads those from the match).
  const scores = new Map(rows.map((r) => [Number(r.id), scoreFromMatch(rubric, r.text, r.match ?? empty, { quote: false })]));
  const payload = [...scores].map(([id, s]) => ({
    id,
    coverage: s.coverage,
    hits: s.hits,
    cited: s.cited,
    auto: s.autoScore,
  }));
  if (payload.length > 0) {
    await db.execute(sql`
      update drill_answers d set
        coverage = x.coverage, hits = x.hits, cited_reference = x.cited, auto_score = x.auto,
        final_score = ${opts.final ? sql`x.auto` : sql`null`}
      from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as x(id bigint, coverage real, hits jsonb, cited boolean, auto int)
      where d.id = x.id and d.drill_id = ${drillId}`);
  }
  return scores;
}
