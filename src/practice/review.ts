import { sql } from 'drizzle-orm';
import { createEmptyCard, fsrs, type Card, type Grade } from 'ts-fsrs';
import type { Db } from '../db/client.ts';
import { visiblePack } from '../content/visibility.ts';
import { validateAnswerText } from '../drills/answers.ts';
import { UserError } from '../errors.ts';
import { loadRubric } from '../scoring/rubric.ts';
import { scoreTexts, type AnswerScore } from '../scoring/score.ts';
import { queryRows } from '../db/rows.ts';
import { practiceRebuttalId } from './queue.ts';
import { ratingForCoverage } from './rating.ts';

/** Fuzz off: the same history always gives the same schedule. */
const scheduler = fsrs({ enable_fuzz: false });

interface CardRow extends Record<string, unknown> {
  due: Date | string;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  state: number;
  last_review: Date | string | null;
}

function toCard(r: CardRow): Card {
  return {
    due: new Date(r.due),
    stability: r.stability,
    difficulty: r.difficulty,
    elapsed_days: r.elapsed_days,
    scheduled_days: r.scheduled_days,
    learning_steps: r.learning_steps,
    reps: r.reps,
    lapses: r.lapses,
    state: r.state,
    ...(r.last_review ? { last_review: new Date(r.last_review) } : {}),
  };
}

export interface ReviewResult {
  score: AnswerScore;
  keyPoints: { text: string; made: boolean; terms: string[] }[];
  refs: { code: string; title: string }[];
  rating: Grade;
  card: Card;
}

/**
 * Scores a practice answer against the claim's key points, turns the coverage into an FSRS grade,
 * and moves the member's card for that claim in one transaction (the card row is locked, so two
 * answers at once cannot both start from the same card).
 */
export async function answerPractice(
  db: Db,
  input: { guildId: string; userId: string; claimId: number; text: string | undefined; now: Date },
): Promise<ReviewResult> {
  const text = validateAnswerText(input.text);
  const visible = Number.isSafeInteger(input.claimId)
    ? await queryRows(db, sql`select 1 from claims c join packs p on p.id = c.pack_id where c.id = ${input.claimId} and ${visiblePack(input.guildId)}`)
    : [];
  if (visible.length === 0) throw new UserError('That claim is no longer available on this server. Run /practice next again.');
  const rebuttalId = await practiceRebuttalId(db, input.claimId);
  if (rebuttalId === null) throw new UserError('That claim has no key points to practise against. Run /practice next for another.');
  const rubric = await loadRubric(db, rebuttalId);
  const [score] = await scoreTexts(db, rubric, [text]);
  const rating = ratingForCoverage(score!.coverage ?? 0);
  const card = await db.transaction(async (tx) => {
    const [row] = await queryRows<CardRow>(
      tx,
      sql`select due, stability, difficulty, elapsed_days, scheduled_days, learning_steps, reps, lapses, state, last_review
          from practice_cards where guild_id = ${input.guildId} and user_id = ${input.userId} and claim_id = ${input.claimId} for update`,
    );
    const next = scheduler.next(row ? toCard(row) : createEmptyCard(input.now), input.now, rating).card;
    await tx.execute(sql`
      insert into practice_cards (guild_id, user_id, claim_id, due, stability, difficulty, elapsed_days, scheduled_days,
                                  learning_steps, reps, lapses, state, last_review)
      values (${input.guildId}, ${input.userId}, ${input.claimId}, ${next.due.toISOString()}, ${next.stability}, ${next.difficulty},
              ${next.elapsed_days}, ${next.scheduled_days}, ${next.learning_steps}, ${next.reps}, ${next.lapses}, ${next.state},
              ${next.last_review ? next.last_review.toISOString() : null})
      on conflict (guild_id, user_id, claim_id) do update set
        due = excluded.due, stability = excluded.stability, difficulty = excluded.difficulty, elapsed_days = excluded.elapsed_days,
        scheduled_days = excluded.scheduled_days, learning_steps = excluded.learning_steps, reps = excluded.reps,
        lapses = excluded.lapses, state = excluded.state, last_review = excluded.last_review`);
    await tx.execute(sql`
      insert into practice_reviews (guild_id, user_id, claim_id, rating, coverage, reviewed_at)
      values (${input.guildId}, ${input.userId}, ${input.claimId}, ${rating}, ${score!.coverage ?? 0}, ${input.now.toISOString()})`);
    return next;
  });
  return {
    score: score!,
    keyPoints: rubric.keyPoints.map((kp) => ({ text: kp.text, made: score!.hits.includes(kp.position), terms: kp.terms.map((t) => t.label) })),
    refs: rubric.refs.map((r) => ({ code: r.code, title: r.title })),
    rating,
    card,
  };
}
