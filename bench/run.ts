import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { contentCases } from './cases/content.ts';
import type { BenchCase, BenchEnv, LatencyTarget } from './cases/types.ts';
import { drillCases, schedulerCases } from './cases/work.ts';
import { e2eCases } from './cases/e2e.ts';
import { peerCases } from './cases/peers.ts';
import { scoringCases } from './cases/scoring.ts';
import { DEFAULT_SEED, SCALES, type Scale } from './generate.ts';
import { growthScales, runGrowth } from './growth.ts';
import { benchContext } from './harness.ts';
import { measureFloor, summarize, timeRuns, type Summary } from './measure.ts';
import { RecordingDatabase } from './recorder.ts';
import { codeVersion, renderTable, type BackendReport, type Figure } from './report.ts';
import { dropStore, openStore, type Backend } from './store.ts';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    backend: { type: 'string' },
    rebuild: { type: 'boolean', default: false },
    drop: { type: 'boolean', default: false },
    only: { type: 'string' },
    scale: { type: 'string' },
    'pglite-scale': { type: 'string' },
    seed: { type: 'string' },
    growth: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
  allowPositionals: false,
});

if (args.help) {
  process.stdout.write(
    `usage: npm run bench -- [--quick] [--backend postgres|pglite] [--rebuild] [--drop] [--only id-prefix,…] [--scale quick|medium|full] [--pglite-scale …] [--seed n] [--growth]\n`,
  );
  process.exit(0);
}

if (args.growth) {
  const t0 = performance.now();
  await runGrowth({
    scales: growthScales(args.scale),
    seed: args.seed ? Number(args.seed) : DEFAULT_SEED,
    adminUrl: process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
    rebuild: args.rebuild ?? false,
    quick: args.quick ?? false,
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`,
    log: (line) => process.stderr.write(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(4)}s] ${line}`),
  });
  process.exit(0);
}

const quick = args.quick ?? false;
const adminUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const seed = args.seed ? Number(args.seed) : DEFAULT_SEED;
const backends: Backend[] = args.backend
  ? args.backend.split(',').map((b) => {
      if (b !== 'postgres' && b !== 'pglite') throw new Error(`--backend: unknown backend "${b}" (postgres, pglite)`);
      return b;
    })
  : ['postgres', 'pglite'];
const only = args.only
  ?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);

function scaleFor(backend: Backend): { scale: Scale; reduced: boolean } {
  const pick = (name: string | undefined): Scale | undefined => {
    if (name === undefined) return undefined;
    const s = SCALES[name as keyof typeof SCALES];
    if (!s) throw new Error(`unknown scale "${name}" (${Object.keys(SCALES).join(', ')})`);
    return s;
  };
  if (quick) return { scale: pick(args.scale) ?? SCALES.quick, reduced: false };
  const chosen =
    backend === 'pglite' ? (pick(args['pglite-scale']) ?? pick(args.scale) ?? SCALES[PGLITE_SCALE]) : (pick(args.scale) ?? SCALES.full);
  return { scale: chosen, reduced: chosen.claims < SCALES.full.claims };
}

/** PGlite (single-threaded WASM) builds the full store slowly; its default full-run store is smaller. */
const PGLITE_SCALE: keyof typeof SCALES = 'full';

/** Timed-run budget per figure: slow figures stop early (never below their minimum run count). */
const FULL_BUDGET_MS = 20_000;
const QUICK_BUDGET_MS = 400;

const t0 = performance.now();
/** Progress on stderr, with the time since the start. */
function log(line: string): void {
  process.stderr.write(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(4)}s] ${line}`);
}

const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));

async function runBackend(backend: Backend): Promise<BackendReport> {
  const startedAt = new Date().toISOString();
  const { scale, reduced } = scaleFor(backend);
  process.stderr.write(`\n== ${backend}: store "${scale.name}"${quick ? ' (quick)' : ''} ==\n`);
  const store = await openStore({ backend, scale, seed, rebuild: args.rebuild ?? false, adminUrl, max: 10 });
  if (store.reused)
    log(
      `${backend}: reusing the store built ${store.marker.builtAt} (build took ${(store.marker.buildMs / 1000).toFixed(1)} s); --rebuild to build afresh\n`,
    );
  const recorder = new RecordingDatabase(store.database);
  const ctx = benchContext(recorder.database);
  let released = false;
  const cleanups: (() => Promise<void>)[] = [];
  const release = async () => {
    if (released) return;
    released = true;
    // Cases' own rows (the drill benchmark's pack and drill) go before the store is let go.
    for (const cleanup of cleanups.splice(0))
      await cleanup().catch((err: unknown) => log(`${backend}: cleanup failed — ${errText(err)}\n`));
    await store.database.close();
  };
  const env: BenchEnv = {
    backend,
    database: store.database,
    ctx,
    marker: store.marker,
    quick,
    url: store.url,
    dataDir: store.dataDir,
    adminUrl,
    release,
    onRelease: (fn) => {
      cleanups.push(fn);
    },
  };
  const notes: string[] = [];
  if (reduced && backend === 'pglite') {
    notes.push(
      `PGlite runs on the "${scale.name}" store (${scale.claims.toLocaleString('en-US')} claims), smaller than PostgreSQL's: building the full store in single-threaded WASM takes too long for a routine run (--pglite-scale full to try).`,
    );
  }
  if (quick)
    notes.push('QUICK run: smaller store and fewer runs; p99 over few runs is rough. Use `npm run bench` for the reported figures.');

  const [server] = await store.database.rows<{ v: string }>(sql`select version() as v`);
  let sizeMB: number | null = null;
  try {
    const [size] = await store.database.rows<{ n: string | number }>(sql`select pg_database_size(current_database()) as n`);
    sizeMB = Math.round(Number(size?.n ?? 0) / 1024 / 1024);
  } catch {
    sizeMB = null;
  }

  let cases: BenchCase[] = [
    ...(await contentCases(env, recorder)),
    ...(await schedulerCases(env)),
    ...scoringCases(env, log),
    ...peerCases(env),
    ...(await drillCases(env)),
    ...(await e2eCases(env)),
  ];
  if (only) cases = cases.filter((c) => only.some((p) => c.id.startsWith(p)));

  const floorRuns = quick ? 300 : 2_000;
  const burst = quick ? 100 : 300;
  const floor = await measureFloor(ctx.database, floorRuns);
  log(`${backend}: floor SELECT 1: median ${floor.median.toFixed(3)} ms, p99 ${floor.p99.toFixed(3)} ms\n`);

  const figures: Figure[] = [];
  for (const c of cases) {
    if (c.kind === 'missing') {
      figures.push({
        id: c.id,
        group: c.group,
        label: c.label,
        via: '',
        unit: 'ms',
        status: c.skipped ? 'skipped' : 'missing',
        reason: c.reason,
        note: c.target,
      });
      log(`${backend} ${c.id}: ${c.skipped ? 'skipped' : 'MISSING'} — ${c.reason}\n`);
      continue;
    }
    if (c.kind === 'summary') {
      log(`${backend} ${c.id} …\n`);
      try {
        const localFloor = released
          ? undefined
          : summarize(await timeRuns(() => ctx.database.rows(sql`select 1`), { runs: burst, warmup: 20 }));
        const m = await c.measure();
        const s = m.summary;
        const fl = m.floor ?? localFloor;
        const status = c.target ? (targetMetric(c.target, s) <= c.target.limitMs ? 'pass' : 'miss') : 'info';
        figures.push({
          id: c.id,
          group: c.group,
          label: c.label,
          via: c.via,
          unit: 'ms',
          status,
          runs: s.runs,
          median: s.median,
          p99: s.p99,
          mean: s.mean,
          max: s.max,
          ...(fl
            ? { floor: { median: fl.median, p99: fl.p99, runs: fl.runs }, ratio: { median: s.median / fl.median, p99: s.p99 / fl.p99 } }
            : {}),
          ...(m.floor && m.floorKind ? { floorKind: m.floorKind } : {}),
          target: c.target ? { metric: c.target.metric ?? 'p99', op: '<=', limit: c.target.limitMs, unit: 'ms' } : undefined,
          detail: m.detail,
          note: m.note,
        });
        log(
          `${backend} ${c.id}: median ${s.median.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms${c.target ? ` (target ${c.target.metric ?? 'p99'} ≤ ${c.target.limitMs} ms: ${status})` : ''}\n`,
        );
      } catch (err) {
        figures.push({
          id: c.id,
          group: c.group,
          label: c.label,
          via: c.via,
          unit: 'ms',
          status: 'missing',
          reason: `failed: ${errText(err)}`,
        });
        log(`${backend} ${c.id}: FAILED — ${errText(err)}\n`);
      }
      continue;
    }
    if (c.kind === 'value') {
      log(`${backend} ${c.id} …\n`);
      try {
        const v = await c.measure();
        const pass = v.target ? (v.target.op === '<=' ? v.value <= v.target.limit : v.value >= v.target.limit) : undefined;
        figures.push({
          id: c.id,
          group: c.group,
          label: c.label,
          via: c.via,
          unit: v.unit,
          value: v.value,
          detail: v.detail,
          status: pass === undefined ? 'info' : pass ? 'pass' : 'miss',
          target: v.target ? { metric: 'value', op: v.target.op, limit: v.target.limit, unit: v.unit } : undefined,
          note: v.note,
        });
      } catch (err) {
        figures.push({
          id: c.id,
          group: c.group,
          label: c.label,
          via: c.via,
          unit: '',
          status: 'missing',
          reason: `failed: ${errText(err)}`,
        });
      }
      continue;
    }
    let note: string | undefined;
    try {
      note = (await c.prepare?.()) ?? undefined;
      const localFloor = summarize(await timeRuns(() => ctx.database.rows(sql`select 1`), { runs: burst, warmup: 20 }));
      const budgetMs = c.budgetMs ?? (quick ? QUICK_BUDGET_MS : FULL_BUDGET_MS);
      const samples = await timeRuns(c.run, { runs: c.runs, warmup: c.warmup, before: c.before, budgetMs, minRuns: quick ? 3 : 50 });
      await c.after?.();
      const s = summarize(samples);
      const status = c.target ? (targetMetric(c.target, s) <= c.target.limitMs ? 'pass' : 'miss') : 'info';
      const figure: Figure = {
        id: c.id,
        group: c.group,
        label: c.label,
        via: c.via,
        unit: 'ms',
        status,
        runs: s.runs,
        median: s.median,
        p99: s.p99,
        mean: s.mean,
        max: s.max,
        floor: { median: localFloor.median, p99: localFloor.p99, runs: localFloor.runs },
        ratio: { median: s.median / localFloor.median, p99: s.p99 / localFloor.p99 },
        target: c.target ? { metric: c.target.metric ?? 'p99', op: '<=', limit: c.target.limitMs, unit: 'ms' } : undefined,
        note:
          [note, c.note, s.runs < c.runs ? `${s.runs} of ${c.runs} runs (time budget ${(budgetMs / 1000).toFixed(1)} s)` : undefined]
            .filter(Boolean)
            .join('; ') || undefined,
      };
      if (status === 'miss' && c.explain) {
        try {
          figure.explain = await c.explain();
        } catch (err) {
          figure.explain = `(explain failed: ${errText(err)})`;
        }
      }
      figures.push(figure);
      log(
        `${backend} ${c.id}: median ${s.median.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms${c.target ? ` (target ${c.target.metric ?? 'p99'} ≤ ${c.target.limitMs} ms: ${status})` : ''}\n`,
      );
    } catch (err) {
      await c.after?.().catch(() => undefined);
      figures.push({
        id: c.id,
        group: c.group,
        label: c.label,
        via: c.via,
        unit: 'ms',
        status: 'missing',
        reason: `failed: ${errText(err)}`,
      });
      log(`${backend} ${c.id}: FAILED — ${errText(err)}\n`);
    }
  }

  await release();
  if (args.drop) await dropStore(backend, scale, adminUrl);
  const cpus = os.cpus();
  return {
    tool: 'riposte-bench',
    version: 1,
    mode: quick ? 'quick' : 'full',
    backend,
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: {
      cpu: cpus[0]?.model.trim() ?? 'unknown',
      cores: cpus.length,
      memoryMB: Math.round(os.totalmem() / 1024 / 1024),
      node: process.version,
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      server: backend === 'pglite' ? `PGlite (${(server?.v ?? '').split(' on ')[0]})` : ((server?.v ?? '').split(' on ')[0] ?? ''),
    },
    store: {
      scale,
      seed,
      counts: store.marker.counts,
      reused: store.reused,
      buildMs: store.marker.buildMs,
      builtAt: store.marker.builtAt,
      sizeMB,
      location: store.location,
    },
    floor,
    targetsApplyTo: 'postgres',
    code: codeVersion(),
    figures,
    notes,
  };
}

/** The figure a latency target is checked against: the p99 unless the target names the median. */
function targetMetric(target: LatencyTarget, s: Summary): number {
  return target.metric === 'median' ? s.median : s.p99;
}

function errText(err: unknown): string {
  return err instanceof Error ? err.message.split('\n')[0]! : String(err);
}

const started = Date.now();
const reports: BackendReport[] = [];
await mkdir(resultsDir, { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
for (const backend of backends) {
  const report = await runBackend(backend);
  reports.push(report);
  const file = `${resultsDir}${stamp}-${backend}${quick ? '-quick' : ''}.json`;
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\n${renderTable(report)}\n\nresults: ${file}\n`);
}
const latest = `${resultsDir}${quick ? 'latest-quick.json' : 'latest.json'}`;
if (!only) {
  await writeFile(
    latest,
    `${JSON.stringify({ tool: 'riposte-bench', generatedAt: new Date().toISOString(), mode: quick ? 'quick' : 'full', reports }, null, 2)}\n`,
  );
  process.stdout.write(`latest: ${latest}\n`);
}
const missed = reports.flatMap((r) => r.figures.filter((f) => f.status === 'miss' && r.backend === 'postgres').map((f) => f.id));
const missing = reports.flatMap((r) => r.figures.filter((f) => f.status === 'missing').map((f) => `${r.backend}:${f.id}`));
process.stdout.write(
  `\ndone in ${((Date.now() - started) / 1000).toFixed(0)} s` +
    `${missed.length ? ` · PostgreSQL targets missed: ${missed.join(', ')} (EXPLAIN ANALYZE in the JSON)` : ''}` +
    `${missing.length ? ` · missing figures: ${missing.join(', ')}` : ''}\n`,
);
// Benchmarks never fail CI: the exit code is 0 whatever the figures are.
process.exit(0);
