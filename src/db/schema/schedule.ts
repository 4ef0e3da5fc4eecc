import { sql } from 'drizzle-orm';
import { bigserial, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { quotes } from './content.ts';

/**
 * Due work per server, whatever its kind (daily quote, drill close, drill vote end, recurring drill).
 * The clock only ticks; a tick claims due rows here, so restarts and several processes agree.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    guildId: text('guild_id').notNull(),
    kind: text('kind').notNull(),
    /** What the job is about within its kind, e.g. the drill id; (kind, key) is unique. */
    key: text('key').notNull(),
    runAt: timestamp('run_at', { withTimezone: true }).notNull(),
    /** A claim's lease: a worker that dies mid-job lets the row become due again when it passes. */
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** Set when the job must not run until someone fixes something (channel gone, permission lost). */
    pausedReason: text('paused_reason'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('jobs_kind_key_uq').on(t.kind, t.key),
    index('jobs_due_idx').on(t.runAt).where(sql`${t.pausedReason} is null`),
    index('jobs_guild_idx').on(t.guildId),
  ],
);

export const dailySchedules = pgTable('daily_schedules', {
  guildId: text('guild_id').primaryKey(),
  channelId: text('channel_id').notNull(),
  /** Local wall-clock time, HH:MM. */
  time: text('time').notNull(),
  timezone: text('timezone').notNull(),
  topicSlug: text('topic_slug'),
  packSlug: text('pack_slug'),
  /** Rotation cycle: a quote repeats only in a later cycle, once every eligible quote was posted. */
  cycle: integer('cycle').notNull().default(1),
  createdBy: text('created_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One row per server and local date, inserted before sending: the exactly-once guard. */
export const dailyPosts = pgTable(
  'daily_posts',
  {
    guildId: text('guild_id').notNull(),
    localDate: date('local_date').notNull(),
    quoteId: integer('quote_id').references(() => quotes.id, { onDelete: 'set null' }),
    cycle: integer('cycle').notNull(),
    channelId: text('channel_id').notNull(),
    /** claimed → sent, or failed (with error). */
    status: text('status').notNull().default('claimed'),
    messageId: text('message_id'),
    error: text('error'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.guildId, t.localDate] }), index('daily_posts_guild_cycle_idx').on(t.guildId, t.cycle)],
);
