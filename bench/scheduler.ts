/**
 * The scheduler tick's database cost: with `servers` daily schedules in the jobs table and `due` of
 * them due, how long the one claim statement takes (find due rows by jobs_due_idx, lease them),
 * next to a `SELECT 1` round trip on the same connection as the floor.
 *
 *   npx tsx bench/scheduler.ts                       embedded PGlite (in memory)
 *   npx tsx bench/scheduler.ts --pg postgres://…     a scratch database created on that server, dropped after
 *   options: --servers 10000 --due 100 --runs 300
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase, type Database } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { DAILY_JOB } from '../src/daily/schedule.ts';
import { claimDueJobs } from '../src/jobs/queue.ts';

export interface TickBenchOptions {
  servers: number;
  due: number;
  runs: number;
  /** Jobs claimed per statement (the Scheduler's default batch). */
  batch?: number;
}

export interface Figures {
  median: number;
  p99: number;
  min: number;
  max: number;
}

export interface TickBenchResult {
  backend: Database['kind'];
  servers: number;
  due: number;
  claimedPerRun: number;
  claim: Figures;
  floor: Figures;
  /** A one-row UPDATE: the cost of any write that commits (WAL flush), below which no claim can go. */
  writeFloor: Figures;
  plan: string[];
}

function figures(samples: number[]): Figures {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
  return { median: at(50), p99: at(99), min: s[0]!, max: s[s.length - 1]! };
}

/**
 * Fills the jobs and daily_schedules tables of a migrated database: `servers` schedules, the first
 * `due` of them due a minute ago, the rest later today; 2 % of the rest paused (a lost channel).
 */
export async function seedScheduledServers(database: Database, opts: { servers: number; due: number; now: Date }): Promise<void> {
  const now = opts.now.toISOString();
  await database.rows(sql`delete from jobs where kind = ${DAILY_JOB}`);
  await database.rows(sql`delete from daily_schedules where guild_id like 'bench-%'`);
  await database.rows(sql`
    insert into daily_schedules (guild_id, channel_id, time, timezone, created_by)
    select 'bench-' || i, 'bench-c-' || i, lpad((i % 24)::text, 2, '0') || ':' || lpad((i % 60)::text, 2, '0'), 'UTC', 'bench'
    from generate_series(1, ${opts.servers}) as i`);
  await database.rows(sql`
    insert into jobs (guild_id, kind, key, run_at, paused_reason)
    select 'bench-' || i, ${DAILY_JOB}, 'bench-' || i,
           case when i <= ${opts.due} then ${now}::timestamptz - interval '1 minute'
                else ${now}::timestamptz + (1 + (i * 7919) % 1439) * interval '1 minute' end,
           case when i > ${opts.due} and i % 50 = 0 then 'bench: channel gone' end
    from generate_series(1, ${opts.servers}) as i`);
  await database.rows(sql`analyze jobs`);
}

async function timeRuns(runs: number, before: () => Promise<void>, fn: () => Promise<unknown>): Promise<number[]> {
  const warmup = Math.min(20, runs);
  const samples: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    await before();
    const t0 = performance.now();
    await fn();
    if (i >= warmup) samples.push(performance.now() - t0);
  }
  return samples;
}

/** The benchmark's core, on a migrated database (its jobs of kind daily_quote are replaced). */
export async function benchSchedulerTick(database: Database, opts: TickBenchOptions): Promise<TickBenchResult> {
  const now = new Date();
  await seedScheduledServers(database, { servers: opts.servers, due: opts.due, now });
  const limit = opts.batch ?? 100;
  const release = async () => {
    await database.rows(sql`update jobs set locked_until = null, attempts = 0 where kind = ${DAILY_JOB} and locked_until is not null`);
  };
  const claim = () => claimDueJobs(database.db, { now, leaseMs: 5 * 60_000, limit, kinds: [DAILY_JOB] });

  const claimedPerRun = (await claim()).length;
  await release();
  if (claimedPerRun !== Math.min(opts.due, limit))
    throw new Error(`expected ${Math.min(opts.due, limit)} due jobs, claimed ${claimedPerRun}`);

  const claimSamples = await timeRuns(opts.runs, release, claim);
  const floorSamples = await timeRuns(
    opts.runs,
    async () => {},
    () => database.rows(sql`select 1`),
  );
  const writeFloorSamples = await timeRuns(
    opts.runs,
    async () => {},
    () => database.rows(sql`update daily_schedules set updated_at = updated_at where guild_id = 'bench-1'`),
  );

  const plan = (
    await database.rows<{ 'QUERY PLAN': string }>(sql`
      explain select id from jobs
      where run_at <= ${now.toISOString()}::timestamptz and paused_reason is null
        and (locked_until is null or locked_until < ${now.toISOString()}::timestamptz) and kind in (${DAILY_JOB})
      order by run_at limit ${limit} for update skip locked`)
  ).map((r) => r['QUERY PLAN']);
  await release();
  return {
    backend: database.kind,
    servers: opts.servers,
    due: opts.due,
    claimedPerRun,
    claim: figures(claimSamples),
    floor: figures(floorSamples),
    writeFloor: figures(writeFloorSamples),
    plan,
  };
}

function formatResult(r: TickBenchResult, runs: number): string {
  const ms = (n: number) => `${n.toFixed(3)} ms`;
  return [
    `scheduler tick on ${r.backend}: ${r.servers.toLocaleString('en-US')} scheduled servers, ${r.due} due, ${r.claimedPerRun} claimed per run, ${runs} runs`,
    `  due query + claim (one statement): median ${ms(r.claim.median)}  p99 ${ms(r.claim.p99)}  (min ${ms(r.claim.min)}, max ${ms(r.claim.max)})`,
    `  SELECT 1 floor (same pool):        median ${ms(r.floor.median)}  p99 ${ms(r.floor.p99)}`,
    `  one-row UPDATE (commit floor):     median ${ms(r.writeFloor.median)}  p99 ${ms(r.writeFloor.p99)}`,
    '  plan of the inner SELECT:',
    ...r.plan.map((l) => `    ${l}`),
  ].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      pg: { type: 'string' },
      servers: { type: 'string', default: '10000' },
      due: { type: 'string', default: '100' },
      runs: { type: 'string', default: '300' },
    },
  });
  const opts: TickBenchOptions = { servers: Number(values.servers), due: Number(values.due), runs: Number(values.runs) };
  for (const [k, v] of Object.entries(opts)) {
    if (!Number.isSafeInteger(v) || v < 1) throw new Error(`--${k} must be a positive whole number`);
  }
  if (opts.due > opts.servers) throw new Error('--due cannot exceed --servers');

  let database: Database;
  let cleanup = async () => {};
  if (values.pg) {
    const name = `riposte_bench_sched_${randomBytes(4).toString('hex')}`;
    const admin = postgres(values.pg, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    const url = new URL(values.pg);
    url.pathname = `/${name}`;
    database = await openDatabase({ url: url.toString(), max: 2 });
    cleanup = async () => {
      const drop = postgres(values.pg!, { max: 1, onnotice: () => {} });
      await drop.unsafe(`drop database if exists ${name} with (force)`);
      await drop.end();
    };
  } else {
    database = await openDatabase({ dataDir: 'memory://' });
  }
  try {
    await migrate(database);
    const result = await benchSchedulerTick(database, opts);
    process.stdout.write(`${formatResult(result, opts.runs)}\n`);
  } finally {
    await database.close();
    await cleanup();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    process.stderr.write(`bench/scheduler: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
