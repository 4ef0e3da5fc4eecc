import type { Config } from './config.ts';
import type { AppContext } from './context.ts';
import { openDatabase, type Database } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import type { Logger } from './log.ts';
import { importShippedPacksIfEmpty } from './content/import.ts';
import { commands } from '../commands/index.ts';
import { startBot } from './discord/bot.ts';
import { startConsole } from './console/console.ts';
import { startMetrics, type Metrics } from './metrics.ts';
import { dailyJobHandlers, schedulerService } from './schedule/service.ts';
import { drillJobHandlers } from './drills/jobs.ts';

/** Something that runs in the background for the life of the process (the scheduler tick, …). */
export interface Service {
  name: string;
  start(): void;
  /** Resolves once the service has finished what it was doing. */
  stop(): Promise<void>;
}

/**
 * Start background jobs here: every service is started once the front end (Discord or the
 * console) is up, and stopped, in reverse order, before the front end and the database go away.
 */
export function backgroundServices(ctx: AppContext): Service[] {
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
}

/** The composition root: database → migrations → shipped packs → Discord or console → background jobs. */
export async function startApp(config: Config, log: Logger, io: AppIo): Promise<RunningApp> {
  const database: Database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  let frontEnd: { ctx: AppContext; finished: Promise<void>; stop(): Promise<void> } | undefined;
  let metrics: Metrics | undefined;
  try {
    await migrate(database);
    const imported = await importShippedPacksIfEmpty(database, config.packsDir, log);
    if (imported > 0) log.info({ packs: imported }, 'shipped packs imported into the empty store');
    if (config.metricsPort) metrics = await startMetrics(config.metricsPort, log);
    const observe = metrics?.observe;
    if (config.discordToken) {
      const bot = await startBot(config, { database, log, commands, ...(observe ? { observe } : {}) });
      frontEnd = { ctx: bot.ctx, finished: new Promise<void>(() => {}), stop: bot.stop };
    } else {
      frontEnd = startConsole({ config, log, database, commands, ...io, ...(observe ? { observe } : {}) });
    }
  } catch (err) {
    await metrics?.close();
    await database.close();
    throw err;
  }
  const { ctx } = frontEnd;
  const services = backgroundServices(ctx);
  for (const s of services) {
    s.start();
    log.debug({ service: s.name }, 'service started');
  }

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      for (const s of [...services].reverse()) {
        await s.stop().catch((err: unknown) => log.error({ err, service: s.name }, 'service did not stop cleanly'));
      }
      await frontEnd.stop().catch((err: unknown) => log.error({ err }, 'front end did not stop cleanly'));
      await metrics?.close();
      await database.close();
    })());
  return { ctx, finished: frontEnd.finished, stop };
}
