import { sql } from 'drizzle-orm';
import { createEmptyCard, fsrs, type Card, type Grade } from 'ts-fsrs';
import type { Db } from '../db/client.ts';
import { visiblePack } from '../content/visibility.ts';
import { validateAnswerText } from '../drills/answers.ts';
import { UserError } from '../errors.ts';
import { loadRubric } from '../scoring/rubric.ts';
import type { Embedder } from '../scoring/embedder.ts';
import { scoreText, type AnswerScore, type KeyPointResult } from '../scoring/score.ts';
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
  /** The review row, for correcting its rating. */
  reviewId: number;
  claimId: number;
  score: AnswerScore;
  keyPoints: KeyPointResult[];
  refs: { code: string; title: string }[];
  /** The rating FSRS used: the scorer's suggestion, or the member's correction of it. */
  rating: Grade;
  suggested: Grade;
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
  embedder?: Embedder,
): Promise<ReviewResult> {
  const text = validateAnswerText(input.text);
  const visible = Number.isSafeInteger(input.claimId)
    ? await queryRows(
        db,
        sql`select 1 from claims c join packs p on p.id = c.pack_id where c.id = ${input.claimId} and ${visiblePack(input.guildId)}`,
      )
    : [];
  if (visible.length === 0) throw new UserError('practice.claim-gone');
  const rebuttalId = await practiceRebuttalId(db, input.claimId);
  if (rebuttalId === null) throw new UserError('practice.no-key-points');
  const rubric = await loadRubric(db, rebuttalId);
  const score = await scoreText(rubric, text, embedder);
  const rating = ratingForCoverage(score.coverage ?? 0);
  const { card, reviewId } = await db.transaction(async (tx) => {
    const [row] = await queryRows<CardRow>(
      tx,
      sql`select due, stability, difficulty, elapsed_days, scheduled_days, learning_steps, reps, lapses, state, last_review
          from practice_cards where guild_id = ${input.guildId} and user_id = ${input.userId} and claim_id = ${input.claimId} for update`,
    );
    const previous = row ? toCard(row) : createEmptyCard(input.now);
    const next = scheduler.next(previous, input.now, rating).card;
    await saveCard(tx, input, next);
    const [review] = await queryRows<{ id: number | string }>(
      tx,
      sql`insert into practice_reviews (guild_id, user_id, claim_id, rating, suggested_rating, previous_card, coverage, reviewed_at)
          values (${input.guildId}, ${input.userId}, ${input.claimId}, ${rating}, ${rating}, ${JSON.stringify(previous)}::jsonb,
                  ${score.coverage ?? 0}, ${input.now.toISOString()})
          returning id`,
    );
    return { card: next, reviewId: Number(review!.id) };
  });
  return {
    reviewId,
    claimId: input.claimId,
    score,
    keyPoints: score.keyPoints,
    refs: rubric.refs.map((r) => ({ code: r.code, title: r.title })),
    rating,
    suggested: rating,
    card,
  };
}

async function saveCard(tx: Db, key: { guildId: string; userId: string; claimId: number }, next: Card): Promise<void> {
  await tx.execute(sql`
      insert into practice_cards (guild_id, user_id, claim_id, due, stability, difficulty, elapsed_days, scheduled_days,
                                  learning_steps, reps, lapses, state, last_review)
      values (${key.guildId}, ${key.userId}, ${key.claimId}, ${next.due.toISOString()}, ${next.stability}, ${next.difficulty},
              ${next.elapsed_days}, ${next.scheduled_days}, ${next.learning_steps}, ${next.reps}, ${next.lapses}, ${next.state},
              ${next.last_review ? next.last_review.toISOString() : null})
      on conflict (guild_id, user_id, claim_id) do update set
        due = excluded.due, stability = excluded.stability, difficulty = excluded.difficulty, elapsed_days = excluded.elapsed_days,
        scheduled_days = excluded.scheduled_days, learning_steps = excluded.learning_steps, reps = excluded.reps,
        lapses = excluded.lapses, state = excluded.state, last_review = excluded.last_review`);
}

/**
 * The member corrects the scorer's suggested rating: the card is rescheduled from where it stood
 * before this review, with the member's rating. Only the member's latest review of that claim can be
 * corrected (a later review was scheduled from this one's result).
 */
export async function correctPracticeRating(
  db: Db,
  input: { guildId: string; userId: string; reviewId: number; rating: Grade },
): Promise<{ card: Card; rating: Grade; suggested: Grade; claimId: number }> {
  if (!Number.isSafeInteger(input.reviewId) || input.reviewId <= 0) throw new UserError('practice.answer-stale');
  return db.transaction(async (tx) => {
    const [review] = await queryRows<{
      claim_id: number;
      suggested_rating: number | null;
      rating: number;
      previous_card: Record<string, unknown> | null;
      reviewed_at: Date | string;
      latest: boolean;
    }>(
      tx,
      sql`select r.claim_id, r.suggested_rating, r.rating, r.previous_card, r.reviewed_at,
                 not exists (select 1 from practice_reviews later where later.guild_id = r.guild_id and later.user_id = r.user_id
                             and later.claim_id = r.claim_id and later.id > r.id) as latest
          from practice_reviews r where r.id = ${input.reviewId} and r.guild_id = ${input.guildId} and r.user_id = ${input.userId}
          for update`,
    );
    if (!review?.previous_card) throw new UserError('practice.answer-stale');
    if (!review.latest) throw new UserError('practice.answered-since');
    const p = review.previous_card;
    const previous: Card = {
      ...(p as unknown as Card),
      due: new Date(String(p.due)),
      ...(p.last_review ? { last_review: new Date(String(p.last_review)) } : {}),
    };
    const claimId = Number(review.claim_id);
    const next = scheduler.next(previous, new Date(review.reviewed_at), input.rating).card;
    await saveCard(tx, { guildId: input.guildId, userId: input.userId, claimId }, next);
    await tx.execute(sql`update practice_reviews set rating = ${input.rating} where id = ${input.reviewId}`);
    return { card: next, rating: input.rating, suggested: (review.suggested_rating ?? review.rating) as Grade, claimId };
  });
}
