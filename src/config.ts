import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17–20 digits)');

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
  };
}
