import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { guildSettings } from '../db/schema/index.ts';
import { UserError } from '../errors.ts';

export interface GuildSettings {
  anonymousDrills: boolean;
  publicLeaderboards: boolean;
  drillRunnerRoleId: string | null;
  drillVoteMinutes: number;
  drillVotesPerMember: number;
  votersMustAnswer: boolean;
}

export const DEFAULT_SETTINGS: GuildSettings = {
  anonymousDrills: false,
  publicLeaderboards: true,
  drillRunnerRoleId: null,
  drillVoteMinutes: 5,
  drillVotesPerMember: 3,
  votersMustAnswer: false,
};

export const VOTE_MINUTES_MAX = 60;
export const VOTES_PER_MEMBER_MAX = 10;

export async function getGuildSettings(db: Db, guildId: string): Promise<GuildSettings> {
  const [row] = await db.select().from(guildSettings).where(eq(guildSettings.guildId, guildId));
  if (!row) return { ...DEFAULT_SETTINGS };
  return {
    anonymousDrills: row.anonymousDrills,
    publicLeaderboards: row.publicLeaderboards,
    drillRunnerRoleId: row.drillRunnerRoleId,
    drillVoteMinutes: row.drillVoteMinutes,
    drillVotesPerMember: row.drillVotesPerMember,
    votersMustAnswer: row.votersMustAnswer,
  };
}

/** What to change; a field left out or undefined stays as it is. */
export type SettingsPatch = { [K in keyof GuildSettings]?: GuildSettings[K] | undefined };

/** Validates every field first, then writes them in one statement; returns the settings now in force. */
export async function updateGuildSettings(db: Db, guildId: string, patch: SettingsPatch): Promise<GuildSettings> {
  if (patch.drillVoteMinutes !== undefined) {
    const v = patch.drillVoteMinutes;
    if (!Number.isInteger(v) || v < 0 || v > VOTE_MINUTES_MAX) {
      throw new UserError('settings.vote-minutes', { max: VOTE_MINUTES_MAX, got: v });
    }
  }
  if (patch.drillVotesPerMember !== undefined) {
    const v = patch.drillVotesPerMember;
    if (!Number.isInteger(v) || v < 1 || v > VOTES_PER_MEMBER_MAX) {
      throw new UserError('settings.votes-per-member', { max: VOTES_PER_MEMBER_MAX, got: v });
    }
  }
  if (patch.drillRunnerRoleId !== undefined && patch.drillRunnerRoleId !== null && !/^\d{17,20}$/.test(patch.drillRunnerRoleId)) {
    throw new UserError('settings.runner-role');
  }
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as SettingsPatch;
  if (Object.keys(defined).length === 0) return getGuildSettings(db, guildId);
  const [row] = await db
    .insert(guildSettings)
    .values({ guildId, ...DEFAULT_SETTINGS, ...defined, updatedAt: sql`now()` })
    .onConflictDoUpdate({ target: guildSettings.guildId, set: { ...defined, updatedAt: sql`now()` } })
    .returning();
  const r = row!;
  return {
    anonymousDrills: r.anonymousDrills,
    publicLeaderboards: r.publicLeaderboards,
    drillRunnerRoleId: r.drillRunnerRoleId,
    drillVoteMinutes: r.drillVoteMinutes,
    drillVotesPerMember: r.drillVotesPerMember,
    votersMustAnswer: r.votersMustAnswer,
  };
}
