/**
 * Search growth: the /claim search and autocomplete figures of the main bench (the same cases,
 * bench/cases/content.ts) on PostgreSQL stores of 10,000, 100,000 and 1,000,000 claims, written as
 * bench/results/growth.json, growth.md (the table) and growth.svg (p99 against store size).
 *
 *   npm run bench -- --growth                    the three stores (each built once, then reused)
 *   npx tsx bench/growth.ts                      the same
 *   npx tsx bench/growth.ts --scales small,full  some of them (the xl store took 44 min to build here)
 *   … --rebuild                                  build the stores afresh; --quick: 100 runs a figure
 *   npx tsx bench/growth.ts --redraw             growth.md and growth.svg again from growth.json (no measuring)
 *
 * BENCH_DATABASE_URL as for the main bench. The xl store grows as servers bring their own content
 * (bench/generate.ts SCALES.xl); the bench server still sees only the global packs and its own.
 */
import { codeVersion } from './report.ts';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { visiblePack } from '../src/content/visibility.ts';
import { contentCases, SEARCH_AT_1M_TARGET_MS, searchTargetMs } from './cases/content.ts';
import type { BenchEnv, LatencyCase } from './cases/types.ts';
import { BENCH_GUILD, DEFAULT_SEED, SCALES, type Scale } from './generate.ts';
import { growthSvg } from './growth-chart.ts';
import { benchContext } from './harness.ts';
import { measureFloor, summarize, timeRuns } from './measure.ts';
import { RecordingDatabase } from './recorder.ts';
import { openStore } from './store.ts';

/** The figures measured at each size: the main bench's ids that start so. */
const GROWTH_PREFIXES = ['search.', 'autocomplete.'];
export const GROWTH_SCALES = ['small', 'full', 'xl'] as const;

export interface GrowthFigure {
  id: string;
  group: string;
  label: string;
  runs: number;
  median: number;
  p99: number;
  /** The SELECT 1 burst measured just before the figure. */
  floor: { median: number; p99: number };
  /** p99 target at this store size (ms); none for autocomplete at 1,000,000 claims (the issue sets none). */
  targetMs: number | null;
  status: 'pass' | 'miss' | 'info';
  note?: string;
}

export interface GrowthStore {
  scale: string;
  claims: number;
  /** Claims the bench server sees: the global packs and its own. */
  visibleClaims: number;
  packs: number;
  reused: boolean;
  buildMs: number;
  sizeMB: number;
  /** When it was measured and the 1/5/15-minute load averages then: the machine is shared. */
  measuredAt: string;
  load: number[];
  floor: { median: number; p99: number; runs: number };
  figures: GrowthFigure[];
}

export interface GrowthReport {
  tool: 'riposte-bench-growth';
  generatedAt: string;
  command: string;
  machine: { cpu: string; cores: number; memoryMB: number; node: string; server: string; load: number[] };
  code: { commit: string; uncommitted: string[] };
  stores: GrowthStore[];
  /** Stores that could not be opened or built, with why. */
  missing: { scale: string; reason: string }[];
}

export interface GrowthOptions {
  scales: readonly Scale[];
  seed: number;
  adminUrl: string;
  rebuild: boolean;
  quick: boolean;
  command: string;
  log: (line: string) => void;
}

/** The target a figure is held to at a store size: the issue's 100k targets, and search ≤ 50 ms at 1M. */
function targetAt(id: string, claims: number): number | null {
  if (claims <= SCALES.full.claims) return searchTargetMs(id);
  return id.startsWith('search.') ? SEARCH_AT_1M_TARGET_MS : null;
}

async function measureStore(scale: Scale, opts: GrowthOptions): Promise<GrowthStore> {
  const store = await openStore({ backend: 'postgres', scale, seed: opts.seed, rebuild: opts.rebuild, adminUrl: opts.adminUrl, max: 10 });
  opts.log(
    `growth ${scale.name}: ${store.reused ? 'reusing the store' : 'built the store'} (build ${(store.marker.buildMs / 1000).toFixed(0)} s)\n`,
  );
  const recorder = new RecordingDatabase(store.database);
  const ctx = benchContext(recorder.database);
  const env: BenchEnv = {
    backend: 'postgres',
    database: store.database,
    ctx,
    marker: store.marker,
    quick: opts.quick,
    url: store.url,
    adminUrl: opts.adminUrl,
    release: async () => {},
    onRelease: () => {},
  };
  try {
    const cases = (await contentCases(env, recorder)).filter(
      (c): c is LatencyCase => c.kind === 'latency' && GROWTH_PREFIXES.some((p) => c.id.startsWith(p)),
    );
    const [counts] = await store.database.rows<{ visible: number; packs: number; size: string }>(sql`
      select (select count(*)::int from claims c join packs p on p.id = c.pack_id where ${visiblePack(BENCH_GUILD)}) as visible,
             (select count(*)::int from packs) as packs,
             pg_database_size(current_database())::text as size`);
    const select1 = () => store.database.rows(sql`select 1`);
    const floor = await measureFloor(store.database, opts.quick ? 300 : 2_000);
    const figures: GrowthFigure[] = [];
    for (const c of cases) {
      const note = (await c.prepare?.()) ?? undefined;
      const local = summarize(await timeRuns(select1, { runs: opts.quick ? 100 : 300, warmup: 20 }));
      // The main bench's run count and time budget, so the two runs' figures compare.
      const budgetMs = c.budgetMs ?? (opts.quick ? 400 : 20_000);
      const s = summarize(await timeRuns(c.run, { runs: c.runs, warmup: c.warmup, budgetMs, minRuns: opts.quick ? 3 : 50 }));
      const targetMs = targetAt(c.id, scale.claims);
      const status = targetMs === null ? 'info' : s.p99 <= targetMs ? 'pass' : 'miss';
      figures.push({
        id: c.id,
        group: c.group,
        label: c.label,
        runs: s.runs,
        median: s.median,
        p99: s.p99,
        floor: { median: local.median, p99: local.p99 },
        targetMs,
        status,
        ...(note ? { note } : {}),
      });
      opts.log(
        `growth ${scale.name} ${c.id}: median ${s.median.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms${targetMs === null ? '' : ` (≤ ${targetMs}: ${status})`}\n`,
      );
    }
    return {
      scale: scale.name,
      claims: store.marker.counts.claims,
      visibleClaims: counts?.visible ?? 0,
      packs: counts?.packs ?? 0,
      reused: store.reused,
      buildMs: store.marker.buildMs,
      sizeMB: Math.round(Number(counts?.size ?? 0) / 1024 / 1024),
      measuredAt: new Date().toISOString(),
      load: os.loadavg().map((l) => Math.round(l * 100) / 100),
      floor: { median: floor.median, p99: floor.p99, runs: floor.runs },
      figures,
    };
  } finally {
    await store.database.close();
  }
}

function fmt(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

/** The markdown table: one row per figure, median / p99 at each size, its target and whether it held. */
export function growthTable(report: GrowthReport): string {
  const stores = report.stores;
  const size = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1_000}k`);
  const head = `| figure | ${stores.map((s) => `${size(s.claims)} claims`).join(' | ')} | target p99 (${stores.map((s) => size(s.claims)).join(' / ')}) | |`;
  const rows = [head, `|---|${stores.map(() => '---|').join('')}---|---|`];
  const ids = stores[0]?.figures.map((f) => f.id) ?? [];
  for (const id of ids) {
    const at = stores.map((s) => s.figures.find((f) => f.id === id));
    const first = at.find(Boolean)!;
    const cells = at.map((f) => (f ? `${fmt(f.median)} / ${f.status === 'miss' ? `**${fmt(f.p99)}**` : fmt(f.p99)}` : '—'));
    const targets = at.map((f) => (f?.targetMs == null ? '—' : `≤ ${f.targetMs}`)).join(' / ');
    const missed = at.filter((f) => f?.status === 'miss').length;
    rows.push(`| ${first.label.replace(/\|/g, '\\|')} | ${cells.join(' | ')} | ${targets} | ${missed ? `miss ×${missed}` : 'pass'} |`);
  }
  const stores$ = stores
    .map(
      (s) =>
        `${size(s.claims)}: ${s.claims.toLocaleString('en-US')} claims in ${s.packs.toLocaleString('en-US')} packs, ` +
        `${s.visibleClaims.toLocaleString('en-US')} visible to the bench server, ${s.sizeMB.toLocaleString('en-US')} MB, ` +
        `floor SELECT 1 ${fmt(s.floor.median)} / ${fmt(s.floor.p99)}, load average ${s.load[0]}`,
    )
    .join('; ');
  return `${rows.join('\n')}\n\nTimes in ms, median / p99 (bold: over target). Stores — ${stores$}.${
    report.missing.length ? `\nNot measured: ${report.missing.map((m) => `${m.scale} (${m.reason})`).join('; ')}.` : ''
  }\n`;
}

/**
 * Measures every store in turn (one at a time: they share the machine) and writes the three files
 * after each, so a run stopped while the 1M store builds still leaves the smaller stores' figures,
 * with the unfinished one named as not measured.
 */
export async function runGrowth(opts: GrowthOptions): Promise<GrowthReport> {
  const stores: GrowthStore[] = [];
  const missing: { scale: string; reason: string }[] = [];
  const server = await serverVersion(opts.adminUrl);
  const cpus = os.cpus();
  const report = (): GrowthReport => ({
    tool: 'riposte-bench-growth',
    generatedAt: new Date().toISOString(),
    command: opts.command,
    machine: {
      cpu: cpus[0]?.model.trim() ?? 'unknown',
      cores: cpus.length,
      memoryMB: Math.round(os.totalmem() / 1024 / 1024),
      node: process.version,
      server,
      load: os.loadavg().map((l) => Math.round(l * 100) / 100),
    },
    code: codeVersion(),
    stores: [...stores].sort((a, b) => a.claims - b.claims),
    missing,
  });
  for (const scale of opts.scales) {
    const pending = { scale: scale.name, reason: 'the run stopped while building or measuring it' };
    missing.push(pending);
    try {
      stores.push(await measureStore(scale, opts));
      missing.splice(missing.indexOf(pending), 1);
    } catch (err) {
      pending.reason = err instanceof Error ? err.message.split('\n')[0]! : String(err);
      opts.log(`growth ${scale.name}: FAILED — ${pending.reason}\n`);
    }
    const last = opts.scales.at(-1) === scale;
    await writeGrowth(report(), last ? [] : opts.scales.slice(opts.scales.indexOf(scale) + 1).map((s) => s.name));
  }
  const final = report();
  process.stdout.write(`\n${growthTable(final)}\nwritten: bench/results/growth.json, growth.md, growth.svg\n`);
  return final;
}

/** growth.json, growth.md and growth.svg; `toCome` names the stores still to be measured in this run. */
async function writeGrowth(r: GrowthReport, toCome: string[]): Promise<void> {
  const withPending: GrowthReport = { ...r, missing: [...r.missing, ...toCome.map((scale) => ({ scale, reason: 'not reached yet' }))] };
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  await mkdir(dir, { recursive: true });
  await writeFile(`${dir}growth.json`, `${JSON.stringify(withPending, null, 2)}\n`);
  const load = withPending.machine.load.join(', ');
  await writeFile(
    `${dir}growth.md`,
    `# Search growth\n\n${withPending.generatedAt} · \`${withPending.command}\` · load average ${load} at the end\n\n${growthTable(withPending)}`,
  );
  await writeFile(`${dir}growth.svg`, growthSvg(withPending));
}

async function serverVersion(adminUrl: string): Promise<string> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await admin<{ v: string }[]>`select version() as v`;
    return (row?.v ?? 'PostgreSQL').split(' on ')[0]!;
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** The scales named in a comma-separated list (default: all three growth stores). */
export function growthScales(list: string | undefined): Scale[] {
  const names = list ? list.split(',').map((s) => s.trim()) : [...GROWTH_SCALES];
  return names.map((n) => {
    const s = SCALES[n as keyof typeof SCALES];
    if (!s) throw new Error(`--scales: unknown scale "${n}" (${Object.keys(SCALES).join(', ')})`);
    return s;
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      scales: { type: 'string' },
      rebuild: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      seed: { type: 'string' },
      redraw: { type: 'boolean', default: false },
    },
  });
  if (values.redraw) {
    const file = fileURLToPath(new URL('./results/growth.json', import.meta.url));
    const saved = JSON.parse(await readFile(file, 'utf8')) as GrowthReport;
    if (saved.tool !== 'riposte-bench-growth') throw new Error(`${file} is not a growth report`);
    await writeGrowth(saved, []);
    process.exit(0);
  }
  const t0 = performance.now();
  await runGrowth({
    scales: growthScales(values.scales),
    seed: values.seed ? Number(values.seed) : DEFAULT_SEED,
    adminUrl: process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
    rebuild: values.rebuild ?? false,
    quick: values.quick ?? false,
    command: `npx tsx bench/growth.ts ${process.argv.slice(2).join(' ')}`.trim(),
    log: (line) => process.stderr.write(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(4)}s] ${line}`),
  });
  process.exit(0);
}
