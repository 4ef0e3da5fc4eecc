import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17–20 digits)');

/**
 * More shards than any bot needs: 20 million servers at Discord's 2,500 per shard is 8,000. The cap
 * keeps a typo (SHARD_COUNT=1000000) from becoming a million gateway connections or list entries.
 */
export const MAX_SHARDS = 16_384;

const shardCount = z
  .string()
  .regex(
    /^\d+$/,
    "must be a whole number of shards, the total across every host, e.g. 4 (unset: one shard, or Discord's recommended count under start:sharded)",
  )
  .transform(Number)
  .pipe(z.number().int().min(1, `must be 1–${MAX_SHARDS}`).max(MAX_SHARDS, `must be 1–${MAX_SHARDS}`));

/** SHARD_IDS: ids and ranges, e.g. `0-3` or `0,2,5-7`; checked against SHARD_COUNT in loadConfig. */
const shardIds = z
  .string()
  .transform((v) => v.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d+(-\d+)?(,\d+(-\d+)?)*$/, 'must be shard ids and ranges separated by commas, e.g. 0-3 or 0,2,5-7'))
  .transform((v, ctx) => {
    const ids = new Set<number>();
    for (const part of v.split(',')) {
      const [from, to = from] = part.split('-').map(Number) as [number, number?];
      if (to < from) {
        ctx.addIssue({ code: 'custom', message: `the range ${part} runs backwards; write ${to}-${from}` });
        return z.NEVER;
      }
      if (to >= MAX_SHARDS) {
        ctx.addIssue({ code: 'custom', message: `shard ${to} is beyond the ${MAX_SHARDS} shards Riposte allows` });
        return z.NEVER;
      }
      for (let id = from; id <= to; id++) {
        if (ids.has(id)) {
          ctx.addIssue({ code: 'custom', message: `lists shard ${id} twice` });
          return z.NEVER;
        }
        ids.add(id);
      }
    }
    return [...ids];
  });

const postgresUrl = z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' }).optional();

export const configSchema = z.object({
  DATABASE_URL: optionalString.pipe(postgresUrl),
  DATA_DIR: optionalString.pipe(z.string().optional()).default('./data'),
  DISCORD_TOKEN: optionalString.pipe(
    z
      .string()
      .regex(/^[\w-]+\.[\w-]+\.[\w-]+$/, 'does not look like a bot token (three dot-separated parts)')
      .optional(),
  ),
  DISCORD_API_URL: optionalString.pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }).optional()),
  DEV_GUILD_ID: optionalString.pipe(snowflake.optional()),
  PACKS_DIR: optionalString.pipe(z.string().optional()).default('./packs'),
  LOG_LEVEL: optionalString.pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional()).default('info'),
  METRICS_PORT: optionalString.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a port number')
      .transform(Number)
      .pipe(z.number().int().min(1, 'must be 1–65535').max(65535, 'must be 1–65535'))
      .optional(),
  ),
  /** How long start-up keeps retrying an unreachable PostgreSQL before giving up (exit 1). */
  DATABASE_CONNECT_TIMEOUT_S: optionalString
    .pipe(
      z
        .string()
        .regex(/^\d+$/, 'must be a whole number of seconds')
        .transform(Number)
        .pipe(z.number().int().max(3600, 'must be 0–3600'))
        .optional(),
    )
    .default(60),
  /** Tests and development only: the scheduler ticks this often instead of on every minute (node-cron). */
  RIPOSTE_TICK_MS: optionalString.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number of milliseconds')
      .transform(Number)
      .pipe(z.number().int().min(100, 'must be 100–60000').max(60_000, 'must be 100–60000'))
      .optional(),
  ),
  /**
   * The total number of shards across every process and host. Unset: one shard (`npm start`), or
   * Discord's recommended count (`npm run start:sharded`).
   */
  SHARD_COUNT: optionalString.pipe(shardCount.optional()),
  /** The shards this host runs, out of SHARD_COUNT. Unset: all of them. */
  SHARD_IDS: optionalString.pipe(shardIds.optional()),
  /**
   * Set by discord.js's ShardingManager in each shard process it starts (`npm run start:sharded`):
   * SHARDING_MANAGER, and SHARDS, the one shard id that process runs (SHARD_COUNT is then the
   * manager's total). Never set by hand.
   */
  SHARDING_MANAGER: optionalString,
  SHARDS: optionalString.pipe(z.string().regex(/^\d+$/, 'must be a shard id (set by the sharding manager)').transform(Number).optional()),
});

export type EnvConfig = z.infer<typeof configSchema>;

export interface Config {
  databaseUrl: string | undefined;
  dataDir: string;
  discordToken: string | undefined;
  discordApiUrl: string | undefined;
  devGuildId: string | undefined;
  packsDir: string;
  logLevel: EnvConfig['LOG_LEVEL'];
  metricsPort: number | undefined;
  /** Seconds to keep retrying an unreachable PostgreSQL at start (DATABASE_CONNECT_TIMEOUT_S). */
  databaseConnectTimeoutS: number;
  /** Scheduler tick interval override (RIPOSTE_TICK_MS); undefined = every minute on the clock. */
  tickMs: number | undefined;
  /**
   * The shards this process (or, for the sharding manager, this host) runs: `ids` out of `count`.
   * `count` undefined: not sharded by configuration (one shard; the manager asks Discord).
   */
  shards: ShardConfig;
}

export interface ShardConfig {
  /** SHARD_COUNT: the total across every host. */
  count: number | undefined;
  /** SHARD_IDS, or the one shard a ShardingManager gave this process; undefined: all of `count`. */
  ids: number[] | undefined;
  /** This process was started by discord.js's ShardingManager (`npm run start:sharded`). */
  managed: boolean;
}

/** A bad environment, reported as one line per variable; never includes the values themselves. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/**
 * Reads `.env` into process.env with Node's own loader (no dependency). A variable already in the
 * environment wins, even when empty; a missing file is fine; an unreadable one is a ConfigError.
 */
export function loadDotEnv(path = '.env', load: (path: string) => void = process.loadEnvFile): boolean {
  try {
    load(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new ConfigError([`Cannot read ${path}: ${(err as Error).message.split('\n')[0]} (fix the file or remove it)`]);
  }
}

/** The configuration from `env`; without an argument, from the process environment and `.env`. */
export function loadConfig(env?: Record<string, string | undefined>): Config {
  if (env === undefined) {
    loadDotEnv();
    env = process.env;
  }
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `Invalid ${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const shards = shardConfig(e);
  if (typeof shards === 'string') throw new ConfigError([shards]);
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    discordToken: e.DISCORD_TOKEN,
    discordApiUrl: e.DISCORD_API_URL,
    devGuildId: e.DEV_GUILD_ID,
    packsDir: e.PACKS_DIR,
    logLevel: e.LOG_LEVEL,
    metricsPort: e.METRICS_PORT,
    tickMs: e.RIPOSTE_TICK_MS,
    databaseConnectTimeoutS: e.DATABASE_CONNECT_TIMEOUT_S ?? 60,
    shards,
  };
}

/**
 * SHARD_IDS only makes sense against a total every host agrees on, so it needs SHARD_COUNT. In a
 * process discord.js's ShardingManager started, the manager's SHARDS (one id) and SHARD_COUNT win
 * over a SHARD_IDS inherited from the manager's environment, which named the manager's whole share.
 */
function shardConfig(e: EnvConfig): ShardConfig | string {
  if (e.SHARDING_MANAGER === 'true' && e.SHARDS !== undefined && e.SHARD_COUNT !== undefined) {
    if (e.SHARDS >= e.SHARD_COUNT) return `Invalid SHARDS: shard ${e.SHARDS} is not below SHARD_COUNT ${e.SHARD_COUNT}`;
    return { count: e.SHARD_COUNT, ids: [e.SHARDS], managed: true };
  }
  const ids = e.SHARD_IDS;
  if (ids === undefined) return { count: e.SHARD_COUNT, ids: undefined, managed: false };
  if (e.SHARD_COUNT === undefined) {
    return 'Invalid SHARD_IDS: needs SHARD_COUNT, the total number of shards across every host (e.g. SHARD_COUNT=4 SHARD_IDS=0-1)';
  }
  const beyond = ids.find((id) => id >= e.SHARD_COUNT!);
  if (beyond !== undefined) {
    return `Invalid SHARD_IDS: shard ${beyond} does not exist with SHARD_COUNT=${e.SHARD_COUNT} (ids run 0–${e.SHARD_COUNT - 1})`;
  }
  return { count: e.SHARD_COUNT, ids, managed: false };
}
