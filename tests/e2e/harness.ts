import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { pgliteTemplate } from '../setup/pglite-template.ts';
import { startBotProcess, type BotProcess } from './bot-process.ts';
import { startFakeDiscord, type FakeDiscord, type FakeGuildSpec } from './fake-discord/index.ts';

/** A database the bot process can open: a fresh PGlite folder, or a fresh PostgreSQL database. */
export interface BotStore {
  dataDir?: string;
  databaseUrl?: string;
  /** Deletes the folder or drops the database. */
  cleanup(): Promise<void>;
}

/**
 * Makes `dataDir` a migrated PGlite data folder, unpacked from the worker's template. A fresh folder
 * costs PGlite an initdb (8–9 s of CPU, a minute and more when the suite's other worker and the bot
 * processes share two cores), which timed out tests whose subject is not the first start at all.
 * The app opens it like a store an earlier start migrated: schema up to date, no pack loaded yet.
 */
export async function migratedDataDir(dataDir: string): Promise<void> {
  const db = await openDatabase({ dataDir, loadDataDir: await pgliteTemplate() });
  await db.close();
}

/**
 * Creates and migrates the store, lets `seed` fill it (import packs, add settings) and then lets go
 * of it, since PGlite cannot be open in two processes at once.
 */
export async function prepareStore(
  backend: 'pglite' | 'postgres',
  seed: (db: Database) => Promise<void> = async () => {},
): Promise<BotStore> {
  if (backend === 'postgres') {
    const db = await createTestDatabase('postgres');
    await seed(db);
    return { databaseUrl: db.url!, cleanup: () => db.close() };
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'riposte-e2e-'));
  const db = await openDatabase({ dataDir, loadDataDir: await pgliteTemplate() });
  try {
    await migrate(db);
    await seed(db);
  } finally {
    await db.close();
  }
  return { dataDir, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
}

export interface E2E {
  fake: FakeDiscord;
  bot: BotProcess;
  store: BotStore;
  /** Stops the bot process and starts a new one on the same store (and, with `clock`, the same time). */
  restart(): Promise<BotProcess>;
  /** The bot's time: the wall clock plus what advanceClock added (with `clock`). */
  now(): number;
  /** Moves the bot's time forward (needs `clock: true`); its next tick (RIPOSTE_TICK_MS) sees it. */
  advanceClock(ms: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A fake Discord with the given servers, a seeded store and the real bot process connected to both.
 * `env` adds bot settings (e.g. RIPOSTE_TICK_MS); the shipped packs are not imported unless seeded.
 */
export async function startE2E(opts: {
  backend: 'pglite' | 'postgres';
  guilds: FakeGuildSpec[];
  seed?: (db: Database) => Promise<void>;
  env?: Record<string, string>;
  /** Starts the bot on a clock the test moves (advanceClock) instead of waiting for the time to come. */
  clock?: boolean;
}): Promise<E2E> {
  const fake = await startFakeDiscord({ guilds: opts.guilds });
  const store = await prepareStore(opts.backend, opts.seed);
  const emptyPacks = await mkdtemp(join(tmpdir(), 'riposte-packs-'));
  let offsetMs = 0;
  const launch = () =>
    startBotProcess({
      apiUrl: fake.apiUrl,
      token: fake.token,
      databaseUrl: store.databaseUrl,
      dataDir: store.dataDir,
      env: {
        PACKS_DIR: emptyPacks,
        ...(opts.clock ? { RIPOSTE_TEST_CLOCK: 'ipc', RIPOSTE_TEST_CLOCK_OFFSET_MS: String(offsetMs) } : {}),
        ...opts.env,
      },
    });
  let bot: BotProcess;
  try {
    bot = await launch();
  } catch (err) {
    await fake.close();
    await store.cleanup();
    throw err;
  }
  const e2e: E2E = {
    fake,
    bot,
    store,
    async restart() {
      await e2e.bot.stop();
      e2e.bot = await launch();
      return e2e.bot;
    },
    now: () => Date.now() + offsetMs,
    async advanceClock(ms) {
      await e2e.bot.advanceClock(ms);
      offsetMs += ms;
    },
    async stop() {
      await e2e.bot.stop();
      await fake.close();
      await store.cleanup();
      await rm(emptyPacks, { recursive: true, force: true });
    },
  };
  return e2e;
}
