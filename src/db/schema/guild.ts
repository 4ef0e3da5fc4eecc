import { boolean, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Per-server preferences; a missing row means the defaults below. */
export const guildSettings = pgTable('guild_settings', {
  guildId: text('guild_id').primaryKey(),
  anonymousDrills: boolean('anonymous_drills').notNull().default(false),
  publicLeaderboards: boolean('public_leaderboards').notNull().default(true),
  drillRunnerRoleId: text('drill_runner_role_id'),
  drillVoteMinutes: integer('drill_vote_minutes').notNull().default(5),
  drillVotesPerMember: integer('drill_votes_per_member').notNull().default(3),
  votersMustAnswer: boolean('voters_must_answer').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Small process-wide facts that must survive restarts, e.g. the hash of the registered commands. */
export const appState = pgTable('app_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
