import { bigserial, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp } from 'drizzle-orm/pg-core';
import { claims } from './content.ts';

/** One FSRS card per member, server and claim (the ts-fsrs Card fields). */
export const practiceCards = pgTable(
  'practice_cards',
  {
    guildId: text('guild_id').notNull(),
    userId: text('user_id').notNull(),
    claimId: integer('claim_id')
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    due: timestamp('due', { withTimezone: true }).notNull(),
    stability: real('stability').notNull(),
    difficulty: real('difficulty').notNull(),
    elapsedDays: integer('elapsed_days').notNull(),
    scheduledDays: integer('scheduled_days').notNull(),
    learningSteps: integer('learning_steps').notNull().default(0),
    reps: integer('reps').notNull(),
    lapses: integer('lapses').notNull(),
    state: integer('state').notNull(),
    lastReview: timestamp('last_review', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.userId, t.claimId] }), index('practice_cards_due_idx').on(t.guildId, t.userId, t.due)],
);

export const practiceReviews = pgTable(
  'practice_reviews',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    guildId: text('guild_id').notNull(),
    userId: text('user_id').notNull(),
    claimId: integer('claim_id')
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    /** The rating FSRS used: the scorer's suggestion until the member confirms or corrects it. */
    rating: integer('rating').notNull(),
    /** What the scorer suggested from the coverage. */
    suggestedRating: integer('suggested_rating'),
    /** The card before this review, so a corrected rating can be re-applied from it; null once settled. */
    previousCard: jsonb('previous_card').$type<Record<string, unknown> | null>(),
    coverage: real('coverage').notNull(),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('practice_reviews_member_idx').on(t.guildId, t.userId, t.reviewedAt)],
);
