import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { REST } from '@discordjs/rest';
import { Routes, type APIApplication, type RESTPutAPIApplicationCommandsResult } from 'discord-api-types/v10';
import type { Database } from '../db/client.ts';
import { appState } from '../db/schema/index.ts';
import type { Command } from '../interactions/types.ts';
import type { Logger } from '../log.ts';

/** Stable JSON: object keys sorted, so the hash changes only when a definition does. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function commandDefinitions(commands: readonly Command[]): unknown[] {
  return [...commands].map((c) => c.data.toJSON()).sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** The hash covers the definitions and where they go: moving from a dev guild to global must re-register. */
export function commandsHash(commands: readonly Command[], applicationId: string, guildId?: string): string {
  return createHash('sha256')
    .update(canonical({ applicationId, scope: guildId ?? 'global', commands: commandDefinitions(commands) }))
    .digest('hex');
}

const KEY = 'discord_commands_hash';

/**
 * A REST client for registering commands without a gateway connection (the deploy script), pointed
 * at DISCORD_API_URL when set, as the bot's own client is.
 */
export function registrationRest(token: string, apiUrl?: string): REST {
  return new REST(apiUrl ? { api: apiUrl } : {}).setToken(token);
}

/** The application the token belongs to: registration routes are keyed by its id. */
export async function currentApplicationId(rest: REST): Promise<string> {
  const app = (await rest.get(Routes.currentApplication())) as APIApplication;
  return app.id;
}

export interface SyncOptions {
  /** The bot client's own REST (a discord.js Client's `rest` is an @discordjs/rest REST), or registrationRest. */
  rest: REST;
  applicationId: string;
  /** Register to this server only (development); otherwise globally. */
  guildId?: string | undefined;
  commands: readonly Command[];
  database: Database;
  log: Logger;
  /** Register even when the stored hash matches (the deploy script). */
  force?: boolean;
}

/**
 * Registers the commands with one bulk overwrite, but only when their definitions changed since the
 * last registration, so restarts do not spend Discord's daily command-create allowance.
 */
export async function syncCommands(opts: SyncOptions): Promise<'registered' | 'unchanged'> {
  const hash = commandsHash(opts.commands, opts.applicationId, opts.guildId);
  const [stored] = await opts.database.db.select({ value: appState.value }).from(appState).where(eq(appState.key, KEY));
  if (!opts.force && stored?.value === hash) {
    opts.log.info({ commands: opts.commands.length }, 'slash commands unchanged; not registering');
    return 'unchanged';
  }
  const route = opts.guildId
    ? Routes.applicationGuildCommands(opts.applicationId, opts.guildId)
    : Routes.applicationCommands(opts.applicationId);
  const registered = (await opts.rest.put(route, { body: commandDefinitions(opts.commands) })) as RESTPutAPIApplicationCommandsResult;
  await opts.database.db
    .insert(appState)
    .values({ key: KEY, value: hash })
    .onConflictDoUpdate({ target: appState.key, set: { value: hash, updatedAt: sql`now()` } });
  opts.log.info({ commands: registered.length, scope: opts.guildId ? `guild ${opts.guildId}` : 'global' }, 'slash commands registered');
  return 'registered';
}
