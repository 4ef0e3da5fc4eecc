/**
 * End-to-end latency of `/claim search` as a member would feel it: a fake Discord dispatches the
 * interaction over its gateway to the real bot process (discord.js, router, handler, database) and
 * the clock stops when the bot's reply reaches the fake's REST endpoint. Sequential calls; queries
 * rotate so caches see a realistic mix. Autocomplete on the same option is measured as well.
 *
 *   npx tsx bench/e2e-latency.ts                      embedded PGlite (a temp folder)
 *   npx tsx bench/e2e-latency.ts --pg postgres://…    a scratch database created on that server, dropped after
 *   options: --runs 300
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { importPackFile } from '../src/content/import.ts';
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { startBotProcess } from '../tests/e2e/bot-process.ts';
import { startFakeDiscord } from '../tests/e2e/fake-discord/index.ts';
import { summarize, timeRuns, type Summary } from './measure.ts';

const GUILD = '800000000000000001';
const CHANNEL = '800000000000000011';
const USER = { id: '800000000000000099', username: 'bench' };
const QUERIES = [
  'state',
  'workers councils',
  'vanguard party',
  'kronstadt',
  'civil war',
  'centralisation',
  'party dictatorship',
  'spanish revolution',
];
const PACK = fileURLToPath(new URL('../packs/marxism-or-anarchism.yaml', import.meta.url));

export interface E2ELatencyOptions {
  runs: number;
  /** A postgres:// server to create a scratch database on; PGlite in a temp folder otherwise. */
  pgUrl?: string | undefined;
}

export interface E2ELatencyFigures {
  backend: 'pglite' | 'postgres';
  search: Summary;
  autocomplete: Summary;
  /** `/about` (one small query): what the Discord path itself costs, for reading the search figure. */
  about: Summary;
  /** `SELECT 1` from this process on the same database (PostgreSQL only: PGlite has one owner). */
  selectOneFloor?: Summary;
  /** Every reply was a search result page, and the fake found no Discord limit broken. */
  allAnswered: boolean;
}

async function scratchStore(pgUrl: string | undefined): Promise<{ databaseUrl?: string; dataDir?: string; cleanup(): Promise<void> }> {
  if (!pgUrl) {
    const dataDir = await mkdtemp(join(tmpdir(), 'riposte-bench-'));
    const db = await openDatabase({ dataDir });
    await migrate(db);
    await importPackFile(db, PACK);
    await db.close();
    return { dataDir, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const name = `riposte_bench_${randomBytes(5).toString('hex')}`;
  const admin = postgres(pgUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString(), max: 2 });
  await migrate(db);
  await importPackFile(db, PACK);
  await db.close();
  return {
    databaseUrl: url.toString(),
    cleanup: async () => {
      const drop = postgres(pgUrl, { max: 1, onnotice: () => {} });
      await drop.unsafe(`drop database if exists ${name} with (force)`);
      await drop.end();
    },
  };
}

/** Starts the fake Discord and the bot, measures, and tears everything down again. */
export async function measureE2ELatency(opts: E2ELatencyOptions): Promise<E2ELatencyFigures> {
  const fake = await startFakeDiscord({ guilds: [{ id: GUILD, channels: [{ id: CHANNEL, name: 'general' }] }], ackTimeoutMs: 0 });
  const store = await scratchStore(opts.pgUrl);
  const emptyPacks = await mkdtemp(join(tmpdir(), 'riposte-bench-packs-'));
  const bot = await startBotProcess({
    apiUrl: fake.apiUrl,
    token: fake.token,
    databaseUrl: store.databaseUrl,
    dataDir: store.dataDir,
    env: { PACKS_DIR: emptyPacks },
  }).catch(async (err: unknown) => {
    await fake.close();
    await store.cleanup();
    throw err;
  });
  try {
    let allAnswered = true;
    const search = await timeRuns(
      async (i) => {
        const a = await fake.command({
          guildId: GUILD,
          channelId: CHANNEL,
          user: USER,
          name: 'claim',
          subcommand: 'search',
          options: { query: QUERIES[i % QUERIES.length]! },
        });
        if (a.kind !== 'reply' || !String(a.embeds[0]?.title ?? '').startsWith('Claims matching')) allAnswered = false;
      },
      { runs: opts.runs, warmup: 20 },
    );
    const autocomplete = await timeRuns(
      async (i) => {
        const word = QUERIES[i % QUERIES.length]!;
        await fake.autocomplete({
          guildId: GUILD,
          channelId: CHANNEL,
          user: USER,
          name: 'claim',
          subcommand: 'search',
          options: { query: word.slice(0, 4 + (i % 4)) },
          focused: 'query',
        });
      },
      { runs: opts.runs, warmup: 20 },
    );
    const about = await timeRuns(() => fake.command({ guildId: GUILD, channelId: CHANNEL, user: USER, name: 'about' }), {
      runs: opts.runs,
      warmup: 20,
    });
    let selectOneFloor: Summary | undefined;
    if (store.databaseUrl) {
      const db = await openDatabase({ url: store.databaseUrl, max: 1 });
      selectOneFloor = summarize(await timeRuns(() => db.rows(sql`select 1`), { runs: opts.runs, warmup: 20 }));
      await db.close();
    }
    return {
      backend: store.databaseUrl ? 'postgres' : 'pglite',
      search: summarize(search),
      autocomplete: summarize(autocomplete),
      about: summarize(about),
      ...(selectOneFloor ? { selectOneFloor } : {}),
      allAnswered: allAnswered && fake.violations.length === 0,
    };
  } finally {
    await bot.stop();
    await fake.close();
    await store.cleanup();
    await rm(emptyPacks, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { pg: { type: 'string' }, runs: { type: 'string', default: '300' } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive whole number');
  const f = await measureE2ELatency({ runs, pgUrl: values.pg });
  const ms = (s: Summary) => `median ${s.median.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms (${s.runs} calls)`;
  process.stdout.write(`/claim search end to end through the fake Discord [${f.backend}]: ${ms(f.search)}\n`);
  process.stdout.write(`/claim search autocomplete end to end [${f.backend}]: ${ms(f.autocomplete)}\n`);
  process.stdout.write(`/about end to end (the Discord path with one small query) [${f.backend}]: ${ms(f.about)}\n`);
  if (f.selectOneFloor) process.stdout.write(`SELECT 1 floor on the same database: ${ms(f.selectOneFloor)}\n`);
  if (!f.allAnswered) {
    process.stdout.write('Some calls were not answered with search results, or broke a Discord limit.\n');
    process.exitCode = 1;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    process.stderr.write(`bench/e2e-latency: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
