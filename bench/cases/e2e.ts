import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { BENCH_CHANNEL, BENCH_GUILD, DAILY_JOB_KIND, serverId } from '../generate.ts';
import { importOptional } from '../harness.ts';
import { summarize, type Summary } from '../measure.ts';
import { searchQueries } from './content.ts';
import type { BenchCase, BenchEnv, ValueResult } from './types.ts';

export const RSS_TARGET_MB = 200;
export const E2E_GROUP = 'end to end (real bot process, discord.js, fake Discord)';
const GUILDS = 1_000;
const CHANNELS_PER_GUILD = 5;

// The fake Discord and the bot-process helper are the Discord helper's (tests/e2e/); loaded lazily so
// the rest of the benchmark runs when they are missing or broken.
type FakeModule = typeof import('../../tests/e2e/fake-discord/index.ts');
type BotModule = typeof import('../../tests/e2e/bot-process.ts');
type LatencyModule = typeof import('../e2e-latency.ts');

async function rssMB(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    if (kb) return Number(kb[1]) / 1024;
  } catch {
    /* not Linux: ask ps */
  }
  const { stdout } = await promisify(execFile)('ps', ['-o', 'rss=', '-p', String(pid)]);
  return Number(stdout.trim()) / 1024;
}

interface SessionResult {
  rssAfterGuilds: number;
  rssOneGuild?: number | undefined;
  rssAfterLoad: number;
  throughput: number;
  latency: Summary;
  calls: number;
  failed: number;
  /** Answered after the router's automatic defer (the handler took over 2 s). */
  deferred: number;
  concurrency: number;
  seconds: number;
  violations: number;
}

/**
 * One session: a fake Discord with 1,000 servers (GUILD_CREATE each), the real bot process on the
 * bench store, the bot's RSS once it is ready, then `concurrency` members running /claim search back
 * to back for `seconds`, counting answered interactions per second and their latency.
 */
async function session(env: BenchEnv, fakeMod: FakeModule, botMod: BotModule): Promise<SessionResult> {
  const quick = env.quick;
  const concurrency = 8;
  const seconds = quick ? 3 : 20;
  // Nothing may fall due while the bot runs (its scheduler would post to servers the fake does not have).
  await env.database.rows(sql`update jobs set run_at = now() + interval '2 days', locked_until = null where kind = ${DAILY_JOB_KIND}`);
  const guilds = Array.from({ length: GUILDS }, (_, i) => {
    const id = i === 0 ? BENCH_GUILD : serverId(i);
    const channels = Array.from({ length: CHANNELS_PER_GUILD }, (_, c) => ({
      id: i === 0 && c === 0 ? BENCH_CHANNEL : `97${String(i * CHANNELS_PER_GUILD + c).padStart(16, '0')}`,
      name: c === 0 ? 'general' : `debate-${c}`,
    }));
    return { id, name: `Bench server ${i + 1}`, channels };
  });
  const packsDir = await mkdtemp(join(tmpdir(), 'riposte-bench-packs-'));
  const storeEnv = env.url ? { databaseUrl: env.url } : { dataDir: env.dataDir };
  // PGlite has one owner at a time: the bench lets go of the store while the bot holds it.
  if (env.backend === 'pglite') await env.release();

  const start = async (list: typeof guilds) => {
    const fake = await fakeMod.startFakeDiscord({ guilds: list });
    try {
      const bot = await botMod.startBotProcess({
        apiUrl: fake.apiUrl,
        token: fake.token,
        ...storeEnv,
        env: { PACKS_DIR: packsDir, LOG_LEVEL: 'info' },
      });
      return { fake, bot };
    } catch (err) {
      await fake.close();
      throw err;
    }
  };
  const settle = () => new Promise((r) => setTimeout(r, 2_000));

  try {
    let rssOneGuild: number | undefined;
    if (!quick) {
      const one = await start(guilds.slice(0, 1));
      await settle();
      rssOneGuild = await rssMB(one.bot.child.pid!);
      await one.bot.stop();
      await one.fake.close();
    }
    const { fake, bot } = await start(guilds);
    try {
      const connected = bot.logs().find((l) => l.msg === 'connected to Discord');
      if (connected && connected.guilds !== GUILDS) throw new Error(`the bot saw ${String(connected.guilds)} servers, not ${GUILDS}`);
      await settle();
      const rssAfterGuilds = await rssMB(bot.child.pid!);

      const queries = searchQueries()
        .filter((q) => q.key !== 'typo')
        .map((q) => q.query);
      let failed = 0;
      let deferred = 0;
      const call = async (i: number, user: string) => {
        const a = await fake.command({
          guildId: BENCH_GUILD,
          channelId: BENCH_CHANNEL,
          user: { id: user, username: `member${i}` },
          name: 'claim',
          subcommand: 'search',
          options: { query: queries[i % queries.length]! },
        });
        // A search result page, answered at once (reply) or after the router deferred it (edit).
        // An ephemeral answer is an error message.
        if ((a.kind !== 'reply' && a.kind !== 'edit') || a.ephemeral || a.embeds.length === 0) failed++;
        else if (a.kind === 'edit') deferred++;
      };
      for (let i = 0; i < 20; i++) await call(i, '980000000000000000');
      failed = 0;
      deferred = 0;
      const samples: number[] = [];
      const started = performance.now();
      const deadline = started + seconds * 1000;
      await Promise.all(
        Array.from({ length: concurrency }, async (_, w) => {
          const user = `98${String(w + 1).padStart(16, '0')}`;
          for (let i = w; performance.now() < deadline; i += concurrency) {
            const t0 = performance.now();
            try {
              await call(i, user);
            } catch {
              failed++;
            }
            samples.push(performance.now() - t0);
          }
        }),
      );
      const elapsed = (performance.now() - started) / 1000;
      const rssAfterLoad = await rssMB(bot.child.pid!);
      return {
        rssAfterGuilds,
        rssOneGuild,
        rssAfterLoad,
        throughput: (samples.length - failed) / elapsed,
        latency: summarize(samples),
        calls: samples.length,
        failed,
        deferred,
        concurrency,
        seconds: elapsed,
        violations: fake.violations.length,
      };
    } finally {
      await bot.stop();
      await fake.close();
    }
  } finally {
    await rm(packsDir, { recursive: true, force: true });
  }
}

export async function e2eCases(env: BenchEnv): Promise<BenchCase[]> {
  const cases: BenchCase[] = [];
  const fake = await importOptional('tests/e2e/fake-discord/index.ts');
  const bot = await importOptional('tests/e2e/bot-process.ts');
  if (env.quick && env.backend === 'pglite') {
    const reason = 'not run on PGlite with --quick (see the PostgreSQL figures, or run without --quick)';
    cases.push(
      {
        kind: 'missing',
        id: 'e2e.rss',
        group: E2E_GROUP,
        label: `bot RSS after joining ${GUILDS.toLocaleString('en-US')} servers`,
        reason,
        skipped: true,
      },
      {
        kind: 'missing',
        id: 'e2e.throughput',
        group: E2E_GROUP,
        label: '/claim search throughput, 8 members at once',
        reason,
        skipped: true,
      },
    );
  } else if ('missing' in fake || 'missing' in bot) {
    const reason = 'missing' in fake ? fake.missing : 'missing' in bot ? bot.missing : '';
    cases.push(
      { kind: 'missing', id: 'e2e.throughput', group: E2E_GROUP, label: '/claim search throughput, 8 members at once', reason },
      {
        kind: 'missing',
        id: 'e2e.rss',
        group: E2E_GROUP,
        label: `bot RSS after joining ${GUILDS.toLocaleString('en-US')} servers`,
        reason,
        target: `≤ ${RSS_TARGET_MB} MB`,
      },
    );
  } else {
    let result: Promise<SessionResult> | undefined;
    const run = () => (result ??= session(env, fake.module as FakeModule, bot.module as BotModule));
    const via = 'src/main.ts as a child process (discord.js client, router, handler) on the bench store, driven by tests/e2e/fake-discord';
    cases.push(
      {
        kind: 'value',
        id: 'e2e.rss',
        group: E2E_GROUP,
        label: `bot RSS after joining ${GUILDS.toLocaleString('en-US')} servers (GUILD_CREATE, ${CHANNELS_PER_GUILD} channels each)`,
        via,
        measure: async (): Promise<ValueResult> => {
          const r = await run();
          return {
            value: r.rssAfterGuilds,
            unit: 'MB',
            target: { op: '<=', limit: RSS_TARGET_MB },
            detail: {
              ...(r.rssOneGuild === undefined ? {} : { 'with 1 server': `${r.rssOneGuild.toFixed(0)} MB` }),
              'after the load': `${r.rssAfterLoad.toFixed(0)} MB`,
            },
          };
        },
      },
      {
        kind: 'value',
        id: 'e2e.throughput',
        group: E2E_GROUP,
        label: '/claim search interactions answered per second, 8 members at once',
        via,
        measure: async (): Promise<ValueResult> => {
          const r = await run();
          return {
            value: r.throughput,
            unit: 'interactions/s',
            detail: {
              median: `${r.latency.median.toFixed(1)} ms`,
              p99: `${r.latency.p99.toFixed(1)} ms`,
              calls: String(r.calls),
              'deferred (over 2 s)': String(r.deferred),
              failed: String(r.failed),
              'limit violations': String(r.violations),
              seconds: r.seconds.toFixed(1),
            },
            note: 'queries rotate over the frequent, two-frequent, mid, rare and phrase searches; latency is dispatch to reply at the fake',
          };
        },
      },
    );
  }

  // The Discord helper's sequential latency figure (its own scratch store of the shipped pack).
  const latency = await importOptional('bench/e2e-latency.ts');
  if (env.quick) {
    cases.push({
      kind: 'missing',
      id: 'e2e.latency',
      group: E2E_GROUP,
      label: '/claim search latency, one member at a time (shipped pack)',
      reason: 'not run with --quick (it builds its own store and bot)',
      skipped: true,
    });
  } else if ('missing' in latency) {
    cases.push({
      kind: 'missing',
      id: 'e2e.latency',
      group: E2E_GROUP,
      label: '/claim search latency, one member (shipped pack)',
      reason: latency.missing,
    });
  } else {
    const mod = latency.module as LatencyModule;
    cases.push({
      kind: 'summary',
      id: 'e2e.latency',
      group: E2E_GROUP,
      label: '/claim search latency, one member at a time (shipped pack)',
      via: 'bench/e2e-latency.ts measureE2ELatency: its own scratch store of packs/marxism-or-anarchism.yaml, bot process, fake Discord',
      measure: async () => {
        // PGlite: the bench store is not involved (the helper makes its own), but release it anyway
        // so only one PGlite instance runs at a time on this 2-core machine.
        const f = await mod.measureE2ELatency({ runs: env.quick ? 50 : 500, pgUrl: env.backend === 'postgres' ? env.adminUrl : undefined });
        return {
          summary: f.search,
          floor: f.selectOneFloor,
          detail: {
            'autocomplete median': `${f.autocomplete.median.toFixed(1)} ms`,
            'autocomplete p99': `${f.autocomplete.p99.toFixed(1)} ms`,
            'all answered': f.allAnswered ? 'yes' : 'NO',
          },
        };
      },
    });
  }
  return cases;
}
