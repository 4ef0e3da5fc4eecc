import { once } from 'node:events';
import { Events, MessageFlags, RESTEvents, type Client, type ClientOptions, type Interaction } from 'discord.js';
import type { Config } from '../config.ts';
import { createAppContext } from '../app-context.ts';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/client.ts';
import type { Logger } from '../log.ts';
import { systemClock, type Clock } from '../clock.ts';
import type { Command } from '../interactions/types.ts';
import { createRouter, type RouterOptions } from '../interactions/router.ts';
import { createClient } from './client.ts';
import { syncCommands } from './command-sync.ts';
import { DiscordMessenger } from './messenger.ts';
import { toRequest } from './request.ts';
import { StartupError, errorCode } from '../startup-error.ts';
import { DiscordResponder, type AnswerableInteraction } from './responder.ts';

export interface BotDeps {
  database: Database;
  log: Logger;
  commands: readonly Command[];
  clock?: Clock;
  observe?: RouterOptions['observe'];
  /** Told of each rate limit Discord applies to the bot's REST requests (for metrics). */
  onRateLimited?: (global: boolean) => void;
}

export interface Bot {
  client: Client;
  ctx: AppContext;
  /** Stops taking interactions, lets the ones in flight finish, then disconnects. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;

/** Connects to Discord (or DISCORD_API_URL), syncs the slash commands if they changed, and routes interactions. */
export async function startBot(config: Config, deps: BotDeps): Promise<Bot> {
  if (!config.discordToken) throw new Error('startBot needs DISCORD_TOKEN');
  const { log } = deps;
  const client = createClient(config.discordApiUrl, shardOptions(config.shards));
  const clock = deps.clock ?? systemClock;
  const ctx: AppContext = createAppContext({ config, log, database: deps.database, clock, messenger: new DiscordMessenger(client) });
  const router = createRouter(deps.commands, ctx, { ...(deps.observe ? { observe: deps.observe } : {}) });
  const { onRateLimited } = deps;
  if (onRateLimited) client.rest.on(RESTEvents.RateLimited, (info) => onRateLimited(info.global));
  let accepting = true;

  const onInteraction = (interaction: Interaction): void => {
    if (!accepting) return;
    if (!interaction.inGuild()) {
      if (interaction.isRepliable()) {
        interaction
          .reply({ content: 'Riposte works inside servers only.', flags: MessageFlags.Ephemeral })
          .catch((err: unknown) => log.warn({ err }, 'could not answer an interaction outside a server'));
      }
      return;
    }
    const req = toRequest(interaction);
    // Context-menu commands and other component kinds are not Riposte's; Discord shows them as failed.
    if (!req) return;
    void router.dispatch(req, new DiscordResponder(interaction as AnswerableInteraction));
  };
  client.on(Events.InteractionCreate, onInteraction);
  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
  client.on(Events.Warn, (message) => log.warn({ message }, 'discord client warning'));
  client.on(Events.ShardDisconnect, (event, shardId) => log.warn({ code: event.code, shardId }, 'gateway disconnected'));

  const ready = once(client, Events.ClientReady, { signal: AbortSignal.timeout(READY_TIMEOUT_MS) });
  try {
    await client.login(config.discordToken);
    await ready;
  } catch (err) {
    await client.destroy();
    throw refusedToken(err)
      ? new StartupError(
          'Discord refused DISCORD_TOKEN (401 Unauthorized); copy the token again from the Developer Portal (your application → Bot → Reset Token).',
          { cause: err },
        )
      : err;
  }
  const applicationId = client.application?.id ?? client.user?.id;
  if (!applicationId) throw new Error('Discord did not say which application this bot is');
  log.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'connected to Discord');

  try {
    await syncCommands({
      rest: client.rest,
      applicationId,
      guildId: config.devGuildId,
      commands: deps.commands,
      database: deps.database,
      log,
    });
  } catch (err) {
    // The commands already registered keep working; a failed sync must not keep the bot offline.
    log.error({ err }, 'could not register slash commands');
  }

  return {
    client,
    ctx,
    async stop() {
      accepting = false;
      client.off(Events.InteractionCreate, onInteraction);
      await router.drain(4000);
      await client.destroy();
    },
  };
}

/**
 * The gateway shards this client runs: SHARD_IDS (all of SHARD_COUNT when unset) out of SHARD_COUNT,
 * or the one shard a ShardingManager gave this process. Always explicit, because discord.js
 * otherwise reads SHARD_COUNT and SHARDS from the environment itself, where config.ts has already
 * read them: a blank SHARD_COUNT (unset to Riposte) would be 0 to discord.js.
 */
export function shardOptions(shards: Config['shards']): Pick<ClientOptions, 'shards' | 'shardCount'> {
  const count = shards.count ?? 1;
  if (process.env.SHARD_COUNT !== undefined && process.env.SHARD_COUNT.trim() === '') {
    // discord.js reads the variable whenever shardCount is its default of 1; blank means unset here.
    delete process.env.SHARD_COUNT;
  }
  return { shards: shards.ids ?? Array.from({ length: count }, (_, i) => i), shardCount: count };
}

/** discord.js reports a 401 on /gateway/bot as TokenInvalid; a 401 from elsewhere carries the status. */
function refusedToken(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'TokenInvalid' || (err as { status?: unknown } | null)?.status === 401;
}
