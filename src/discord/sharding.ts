import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { DiscordAPIError, REST } from '@discordjs/rest';
import { Routes, type RESTGetAPIGatewayBotResult } from 'discord-api-types/v10';
import { ShardingManager, type Shard } from 'discord.js';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { StartupError, errorCode } from '../startup-error.ts';

/** Each shard process starts as `npm start` does: the compiled build (or tsx where the tree is read-only). */
const SHARD_ENTRY = fileURLToPath(new URL('../start.mjs', import.meta.url));

/** Discord lets `max_concurrency` shards identify per 5 seconds; discord.js's default gap, with a margin. */
const IDENTIFY_WINDOW_MS = 5_500;

/** A shard's process stops within this (src/main.ts leaves on its own after 9.5 s); then the manager goes. */
const SHARD_STOP_MS = 10_000;

export interface ShardPlan {
  /** The total across every host. */
  totalShards: number;
  /** The shards this host runs, one process each. */
  shardList: number[];
  /** Pause between starting shards, so no more than Discord's max_concurrency identify per window. */
  spawnDelayMs: number;
}

/**
 * What this host runs: SHARD_COUNT (or Discord's recommended count, from GET /gateway/bot), SHARD_IDS
 * (or every shard). Asks Discord itself rather than leaving 'auto' to discord.js, whose lookup always
 * goes to discord.com (not DISCORD_API_URL) and ignores max_concurrency.
 */
export async function planShards(config: Config): Promise<ShardPlan> {
  if (!config.discordToken) throw new StartupError('npm run start:sharded needs DISCORD_TOKEN: shards are gateway connections to Discord.');
  if (!config.databaseUrl) {
    throw new StartupError(
      'npm run start:sharded needs DATABASE_URL (PostgreSQL): every shard is a process of its own, and the embedded database opens in one process only.',
    );
  }
  const rest = new REST(config.discordApiUrl ? { api: config.discordApiUrl } : {}).setToken(config.discordToken);
  let gateway: RESTGetAPIGatewayBotResult;
  try {
    gateway = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  } catch (err) {
    if (err instanceof DiscordAPIError && err.status === 401) {
      throw new StartupError(
        'Discord refused DISCORD_TOKEN (401 Unauthorized); copy the token again from the Developer Portal (your application → Bot → Reset Token).',
        { cause: err },
      );
    }
    throw new StartupError(`could not ask Discord for the gateway (${errorCode(err) ?? String(err)})`, { cause: err });
  }
  const totalShards = config.shards.count ?? gateway.shards;
  const shardList = config.shards.ids ?? Array.from({ length: totalShards }, (_, i) => i);
  // Shards i and i + max_concurrency share an identify bucket; started one after the other at this
  // pace, they are at least a window apart.
  const spawnDelayMs = Math.ceil(IDENTIFY_WINDOW_MS / Math.max(1, gateway.session_start_limit.max_concurrency));
  return { totalShards, shardList, spawnDelayMs };
}

export interface RunningShards {
  manager: ShardingManager;
  /** Stops every shard process (each shuts down gracefully), waiting up to 10 s. */
  stop(): Promise<void>;
}

/**
 * discord.js's ShardingManager: one process per shard of the plan, each the whole bot (its own
 * database pool and scheduler; the jobs table's claims keep each job to one of them). A shard that
 * cannot start stops the start-up; once all are up, one that dies is started again by the manager.
 */
export async function startShards(config: Config, plan: ShardPlan, log: Logger): Promise<RunningShards> {
  const lastPort = config.metricsPort === undefined ? undefined : config.metricsPort + plan.shardList.length - 1;
  if (lastPort !== undefined && lastPort > 65535) {
    throw new StartupError(
      `METRICS_PORT ${config.metricsPort} leaves no room for ${plan.shardList.length} shards (one port each, up to ${lastPort})`,
    );
  }
  const manager = new ShardingManager(SHARD_ENTRY, {
    totalShards: plan.totalShards,
    shardList: plan.shardList,
    mode: 'process',
    token: config.discordToken ?? '',
    // Not while starting: a shard that fails at start (bad database, refused token) would only fail again.
    respawn: false,
    execArgv: [],
  });
  let stopping = false;
  const stop = (): Promise<void> => {
    stopping = true;
    return stopAll(manager);
  };
  manager.on('shardCreate', (shard: Shard) => {
    const at = plan.shardList.indexOf(shard.id);
    // Several shards on one host cannot share a port: each serves its metrics one port further on.
    if (config.metricsPort !== undefined) (shard.env as Record<string, string>).METRICS_PORT = String(config.metricsPort + at);
    // A shard stopped on purpose (shutdown, a failed start) is not news; one that died is.
    shard.on('death', (child) =>
      stopping
        ? undefined
        : log.warn(
            {
              shardId: shard.id,
              exitCode: 'exitCode' in child ? child.exitCode : undefined,
              signal: 'signalCode' in child ? child.signalCode : undefined,
            },
            manager.respawn ? 'shard process ended; starting it again' : 'shard process ended',
          ),
    );
    shard.on('error', (err) => log.error({ err, shardId: shard.id }, 'shard error'));
    log.info({ shardId: shard.id, of: plan.totalShards }, 'starting shard');
  });
  const timeout = (config.databaseConnectTimeoutS + 180) * 1000;
  try {
    await manager.spawn({ amount: plan.totalShards, delay: plan.spawnDelayMs, timeout });
  } catch (err) {
    await stop();
    // The shard has said why on stderr ("Riposte could not start: …"); this names the shard.
    const which = shardOf(err);
    throw new StartupError(
      `${which ? `shard ${which}` : 'a shard'} did not start (${errorCode(err) ?? String(err)}); its own line above says why`,
      {
        cause: err,
      },
    );
  }
  manager.respawn = true;
  return { manager, stop };
}

function shardOf(err: unknown): string | undefined {
  return /shard (\d+)/i.exec(String((err as Error | undefined)?.message))?.[1];
}

/** SIGTERM to every shard process (each then finishes its work and closes its pool), and wait. */
async function stopAll(manager: ShardingManager): Promise<void> {
  manager.respawn = false;
  const exits: Promise<unknown>[] = [];
  for (const shard of manager.shards.values()) {
    const child = shard.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) continue;
    exits.push(once(child, 'exit'));
    shard.kill();
  }
  await Promise.race([Promise.all(exits), new Promise((r) => setTimeout(r, SHARD_STOP_MS).unref())]);
}
