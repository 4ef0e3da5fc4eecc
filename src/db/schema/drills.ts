import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { claims, rebuttals } from './content.ts';

export const drills = pgTable(
  'drills',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    guildId: text('guild_id').notNull(),
    channelId: text('channel_id').notNull(),
    messageId: text('message_id'),
    claimId: integer('claim_id')
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    /** The reference answer revealed at close; in flip mode, the rebuttal members argue against. */
    rebuttalId: integer('rebuttal_id').references(() => rebuttals.id, { onDelete: 'set null' }),
    /** standard | flip */
    mode: text('mode').notNull().default('standard'),
    topicSlug: text('topic_slug'),
    /** open → voting → closed */
    status: text('status').notNull().default('open'),
    startedBy: text('started_by').notNull(),
    scheduleId: bigint('schedule_id', { mode: 'number' }),
    anonymous: boolean('anonymous').notNull().default(false),
    votesPerMember: integer('votes_per_member').notNull().default(3),
    votersMustAnswer: boolean('voters_must_answer').notNull().default(false),
    voteMinutes: integer('vote_minutes').notNull().default(5),
    opensAt: timestamp('opens_at', { withTimezone: true }).notNull().defaultNow(),
    closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
    votingEndsAt: timestamp('voting_ends_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('drills_one_open_per_channel_uq').on(t.guildId, t.channelId).where(sql`${t.status} <> 'closed'`),
    index('drills_guild_idx').on(t.guildId, t.closedAt),
  ],
);

/** See drillAnswers.match. */
export interface StoredMatch {
  key: string;
  /** Per rubric key point, in rubric order: the probability that the answer makes it. */
  scores: number[];
  /** Per rubric key point: the index of the answer sentence that best makes it, or -1. */
  sentences: number[];
  /** Per rubric key point: whether a sentence of the answer denies it ("it is not true that…"). */
  denied?: boolean[];
  /** The answer concedes the claim ("but actually the claim is right"). */
  concedes?: boolean;
  /** The answer cites one of the rubric's references. */
  cited?: boolean;
}

export const drillAnswers = pgTable(
  'drill_answers',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    drillId: bigint('drill_id', { mode: 'number' })
      .notNull()
      .references(() => drills.id, { onDelete: 'cascade' }),
    guildId: text('guild_id').notNull(),
    userId: text('user_id').notNull(),
    displayName: text('display_name').notNull(),
    text: text('text').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    edits: integer('edits').notNull().default(0),
    /** Filled at close: key-point coverage 0..1, the positions of the key points made, the automatic score. */
    coverage: real('coverage'),
    hits: jsonb('hits').$type<number[]>(),
    /**
     * The scorer's per-key-point match, computed after submission (off the interaction's deadline) so a
     * close only aggregates; `key` names the scorer model and rubric it was computed for, and a stale
     * or missing match is recomputed at the close.
     */
    match: jsonb('match').$type<StoredMatch>(),
    citedReference: boolean('cited_reference'),
    autoScore: integer('auto_score'),
    votes: integer('votes').notNull().default(0),
    finalScore: integer('final_score'),
  },
  (t) => [
    uniqueIndex('drill_answers_drill_user_uq').on(t.drillId, t.userId),
    index('drill_answers_guild_user_idx').on(t.guildId, t.userId),
  ],
);

export const drillVotes = pgTable(
  'drill_votes',
  {
    drillId: bigint('drill_id', { mode: 'number' })
      .notNull()
      .references(() => drills.id, { onDelete: 'cascade' }),
    voterId: text('voter_id').notNull(),
    answerId: bigint('answer_id', { mode: 'number' })
      .notNull()
      .references(() => drillAnswers.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.drillId, t.voterId, t.answerId] }), index('drill_votes_answer_idx').on(t.answerId)],
);

export const drillSchedules = pgTable('drill_schedules', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  guildId: text('guild_id').notNull(),
  channelId: text('channel_id').notNull(),
  cron: text('cron').notNull(),
  timezone: text('timezone').notNull(),
  topicSlug: text('topic_slug'),
  minutes: integer('minutes').notNull().default(10),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Moderator changes to a member's score, kept as an audit trail. */
export const scoreAdjustments = pgTable(
  'score_adjustments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    guildId: text('guild_id').notNull(),
    userId: text('user_id').notNull(),
    drillId: bigint('drill_id', { mode: 'number' }).references(() => drills.id, { onDelete: 'set null' }),
    delta: integer('delta').notNull(),
    reason: text('reason').notNull(),
    moderatorId: text('moderator_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('score_adjustments_guild_user_idx').on(t.guildId, t.userId)],
);

/** Running totals per member and server, updated when a drill finishes. */
export const memberStats = pgTable(
  'member_stats',
  {
    guildId: text('guild_id').notNull(),
    userId: text('user_id').notNull(),
    displayName: text('display_name').notNull(),
    points: integer('points').notNull().default(0),
    drillsAnswered: integer('drills_answered').notNull().default(0),
    coverageSum: real('coverage_sum').notNull().default(0),
    bestScore: integer('best_score').notNull().default(0),
    currentStreak: integer('current_streak').notNull().default(0),
    longestStreak: integer('longest_streak').notNull().default(0),
    /** The last streak unit counted (a UTC day, or a scheduled drill's run). */
    lastStreakKey: text('last_streak_key'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.userId] }), index('member_stats_points_idx').on(t.guildId, t.points)],
);
