import { ConfigError, loadConfig } from '../config.ts';
import { createLogger } from '../log.ts';
import { StartupError } from '../startup-error.ts';
import { planShards, startShards, type RunningShards } from './sharding.ts';

/**
 * `npm run start:sharded`: discord.js's ShardingManager, one process per shard of SHARD_IDS (every
 * shard unless set) out of SHARD_COUNT (Discord's recommended count unless set). Each shard process
 * is the whole bot, started as `npm start` starts it. Failures are one line on stderr and exit 1,
 * as for `npm start`.
 */
let running: RunningShards | undefined;
const log = createLogger(process.env.LOG_LEVEL || 'info', { pretty: Boolean(process.stderr.isTTY) });
try {
  const config = loadConfig();
  const plan = await planShards(config);
  log.info({ totalShards: plan.totalShards, shards: plan.shardList, spawnDelayMs: plan.spawnDelayMs }, 'starting shards');
  running = await startShards(config, plan, log);
} catch (err) {
  const line =
    err instanceof ConfigError
      ? err.problems.join('; ')
      : err instanceof StartupError
        ? err.message
        : `${err instanceof Error ? err.message : String(err)} (LOG_LEVEL=debug shows the details)`;
  log.debug({ err }, 'start-up failure');
  process.stderr.write(`Riposte could not start: ${line}\n`);
  process.exit(1);
}
log.info({ shards: [...running.manager.shards.keys()] }, 'all shards ready');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping shards');
    void running?.stop().then(() => process.exit(0));
  });
}
