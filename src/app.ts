import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { AppContext } from './context.ts';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { DATABASE_POOL_MAX, describePostgres, openDatabase, type Database } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { packs } from './db/schema/index.ts';
import type { Logger } from './log.ts';
import { importPackFile, PackError } from './content/import.ts';
import { StartupError, errorCode, systemErrorCode } from './startup-error.ts';
import type { Metrics } from './metrics.ts';
import { defaultEmbedder } from './scoring/embedder.ts';

/** Something that runs in the background for the life of the process (the scheduler tick, …). */
export interface Service {
  name: string;
  start(): void;
  /** Resolves once the service has finished what it was doing. */
  stop(): Promise<void>;
  /** For /readyz: whether the service is doing its work. */
  check?(): { ok: boolean; detail?: string };
  /** For metrics: the scheduler's last tick and the outages it has seen. */
  stats?(): { lastTickAt: Date | undefined; outages: number };
}

/**
 * Start background jobs here: every service is started once the front end (Discord or the
 * console) is up, and stopped, in reverse order, before the front end and the database go away.
 */
export async function backgroundServices(ctx: AppContext): Promise<Service[]> {
  const [{ schedulerService }, { dailyJobHandlers }, { drillJobHandlers }] = await Promise.all([
    import('./jobs/service.ts'),
    import('./daily/post.ts'),
    import('./drills/jobs.ts'),
  ]);
  return [schedulerService(ctx, { ...dailyJobHandlers, ...drillJobHandlers })];
}

export interface RunningApp {
  ctx: AppContext;
  /** Resolves when the front end ends by itself (the console reached the end of its input). */
  finished: Promise<void>;
  /** Graceful shutdown: background jobs, in-flight replies, the connection, the database. Idempotent. */
  stop(): Promise<void>;
}

export interface AppIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  interactive: boolean;
  /** One line per start-up stage with its time ("database ready (PGlite, ./data) 2.1 s"). */
  progress?: (line: string) => void;
  /** Time as the app sees it; the system's unless a test moves it (see src/main.ts). */
  clock?: Clock;
}

/** How long shutdown waits for in-flight interactions and the current tick. */
const STOP_WORK_MS = 4000;

const seconds = (since: number): string => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/** The composition root: database → migrations → shipped packs → Discord or console → background jobs. */
export async function startApp(config: Config, log: Logger, io: AppIo): Promise<RunningApp> {
  const progress = io.progress ?? (() => {});
  // The command modules (and discord.js under them) take seconds to load: let that overlap the
  // database's boot instead of preceding it.
  const loadingCommands = import('../commands/index.ts');
  loadingCommands.catch(() => {});
  const loadingJobs = Promise.all([import('./jobs/service.ts'), import('./daily/post.ts'), import('./drills/jobs.ts')]);
  loadingJobs.catch(() => {});
  let t = performance.now();
  const database: Database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    waitSeconds: config.databaseConnectTimeoutS,
    onWaiting: progress,
  });
  const where = config.databaseUrl ? describePostgres(config.databaseUrl).text : `PGlite, ${config.dataDir}`;
  progress(`database ready (${where}) ${seconds(t)}`);
  let frontEnd: { ctx: AppContext; finished: Promise<void>; stop(): Promise<void>; connected(): boolean } | undefined;
  let metrics: Metrics | undefined;
  try {
    t = performance.now();
    await migrate(database);
    progress(`schema up to date ${seconds(t)}`);
    await loadShippedPacksIfEmpty(database, config.packsDir, progress);
    // Front ends and metrics are imported only when used: a later start is mostly module loading.
    if (config.metricsPort) metrics = await (await import('./metrics.ts')).startMetrics(config.metricsPort, log);
    const observe = metrics?.observe;
    const [{ commands }] = await Promise.all([loadingCommands, loadingJobs]);
    t = performance.now();
    if (config.discordToken) {
      // Before the gateway, not beside it: compiling the model holds the event loop for seconds, and
      // interactions arriving meanwhile would miss Discord's 3-second deadline (the soak test saw it).
      await warmScoringModel(log, progress);
      t = performance.now();
      const { startBot } = await import('./discord/bot.ts');
      const bot = await startBot(config, {
        database,
        log,
        commands,
        ...(observe ? { observe } : {}),
        ...(metrics ? { onRateLimited: metrics.rateLimited } : {}),
        ...(io.clock ? { clock: io.clock } : {}),
      });
      progress(`connected to Discord as ${bot.client.user?.tag ?? 'the bot'} ${seconds(t)}`);
      frontEnd = { ctx: bot.ctx, finished: new Promise<void>(() => {}), stop: bot.stop, connected: () => bot.client.isReady() };
    } else {
      const { startConsole } = await import('./console/console.ts');
      // Said before the console draws its first prompt, so the prompt is the last thing on screen.
      progress('console ready');
      frontEnd = { ...startConsole({ config, log, database, commands, ...io, ...(observe ? { observe } : {}) }), connected: () => true };
    }
  } catch (err) {
    await metrics?.close();
    await database.close();
    throw err;
  }
  const { ctx } = frontEnd;
  // Someone typing at the console gets the scoring model loaded in the background: lookups answer
  // at once, a drill close or a practice answer waits for it (see src/scoring/embedder.ts). With piped
  // input (a script, `printf '/about\n' | npm start`) it loads on first use instead: its ~2 s of CPU
  // would otherwise compete with the commands on a small machine. The bot loads it before connecting.
  if (!config.discordToken && io.interactive) void warmScoringModel(log, progress);
  const services = await backgroundServices(ctx);
  for (const s of services) {
    s.start();
    log.debug({ service: s.name }, 'service started');
  }
  const front = frontEnd;
  metrics?.setReadiness({
    database: async () => {
      await database.rows(sql`select 1`);
      return { ok: true };
    },
    [config.discordToken ? 'gateway' : 'console']: async () =>
      front.connected() ? { ok: true } : { ok: false, detail: 'gateway not connected' },
    ...Object.fromEntries(services.filter((s) => s.check).map((s) => [s.name, async () => s.check!()])),
  });

  const scheduler = services.find((s) => s.stats);
  metrics?.setSources({
    jobs: async () => (await import('./jobs/queue.ts')).jobStats(database.db, ctx.clock.now()),
    scheduler: () => scheduler?.stats?.() ?? { lastTickAt: undefined, outages: 0 },
    databaseUp: async () => {
      await database.rows(sql`select 1`);
      return true;
    },
    poolMax: config.databaseUrl ? DATABASE_POOL_MAX : 1,
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      // Within the 10 s a container manager waits: the front end stops taking interactions and
      // finishes those in flight while the scheduler finishes its tick (together, at most
      // STOP_WORK_MS), then the pool closes (postgres.js waits up to 5 s for running queries).
      const bounded = (what: string, p: Promise<void>) =>
        Promise.race([
          p.catch((err: unknown) => log.error({ err, what }, 'did not stop cleanly')),
          new Promise<void>((resolve) =>
            setTimeout(() => {
              log.warn({ what }, 'still busy at shutdown; not waiting longer');
              resolve();
            }, STOP_WORK_MS).unref(),
          ),
        ]);
      // The drills' background work stops after the front end: no new answer can start any then.
      await Promise.all([
        ...services.map((s) => bounded(s.name, s.stop())),
        bounded(
          'front end',
          frontEnd.stop().then(() => ctx.drills.stop()),
        ),
      ]);
      await metrics?.close();
      await database.close();
    })());
  return { ctx, finished: frontEnd.finished, stop };
}

/** At most one progress line per this many ms while a large pack imports. */
const PROGRESS_EVERY_MS = 1000;

/**
 * On first start with an empty store, loads every pack shipped in PACKS_DIR, with a line per pack and
 * progress lines while a large one imports. A missing folder or an unreadable or invalid file stops
 * start-up with a line naming it: starting with silently missing content would be worse.
 */
export async function loadShippedPacksIfEmpty(database: Database, packsDir: string, progress: (line: string) => void): Promise<void> {
  const [row] = await database.db.select({ n: sql<number>`count(*)::int` }).from(packs);
  if ((row?.n ?? 0) > 0) return;
  let files: string[];
  try {
    files = (await readdir(packsDir)).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
  } catch (err) {
    throw new StartupError(
      `PACKS_DIR "${packsDir}" could not be read (${errorCode(err) ?? String(err)}); set PACKS_DIR to the folder holding the packs (./packs in a clone).`,
      { cause: err },
    );
  }
  for (const f of files) {
    const path = join(packsDir, f);
    const t = performance.now();
    let last = t;
    progress(`loading pack ${f}…`);
    try {
      const result = await importPackFile(database, path, {
        onProgress: (stage, done, total) => {
          const now = performance.now();
          if (now - last < PROGRESS_EVERY_MS || done >= total) return;
          last = now;
          progress(`  ${f}: ${stage} ${done}/${total}`);
        },
      });
      const c = result.counts;
      progress(
        `loaded pack ${result.slug}: ${c.claims} claims, ${c.rebuttals} rebuttals, ${c.quotes} quotes, ${c.references} references ${seconds(t)}`,
      );
    } catch (err) {
      if (err instanceof PackError) {
        const shown = err.errors.slice(0, 3).join('; ');
        const more = err.errors.length > 3 ? `; and ${err.errors.length - 3} more (npm run pack -- validate ${path})` : '';
        throw new StartupError(`pack file ${path} is not a valid pack, nothing imported: ${shown}${more}`, { cause: err });
      }
      const code = systemErrorCode(err);
      if (code) {
        throw new StartupError(`pack file ${path} could not be read (${code}); fix its permissions or remove it from PACKS_DIR.`, {
          cause: err,
        });
      }
      throw err;
    }
  }
}

/** Loads and compiles the scoring model with a warm-up sentence, so the first member does not wait. */
async function warmScoringModel(log: Logger, progress: (line: string) => void): Promise<void> {
  const t = performance.now();
  try {
    await defaultEmbedder().start();
    await defaultEmbedder().embed(['Warming up the scoring model.']);
    progress(`scoring model ready ${seconds(t)}`);
  } catch (err) {
    log.error({ err }, 'the scoring model could not load; drills and practice cannot be scored');
  }
}
