import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Summary } from './measure.ts';
import type { StoreCounts, Scale } from './generate.ts';
import type { Backend } from './store.ts';

export type Status = 'pass' | 'miss' | 'info' | 'missing' | 'skipped';

export interface Figure {
  id: string;
  group: string;
  label: string;
  via: string;
  unit: string;
  status: Status;
  /** Latency figures. */
  runs?: number;
  median?: number;
  p99?: number;
  mean?: number;
  max?: number;
  /** The SELECT 1 floor measured just before this figure (or, with floorKind 'cpu', a fixed CPU workload), and the figure's ratio to it. */
  floor?: { median: number; p99: number; runs: number };
  floorKind?: 'select1' | 'cpu';
  ratio?: { median: number; p99: number };
  /** Other figures (throughput, memory). */
  value?: number;
  detail?: Record<string, number | string> | undefined;
  target?: { metric: 'p99' | 'median' | 'value'; op: '<=' | '>='; limit: number; unit: string } | undefined;
  note?: string | undefined;
  /** Why a figure is missing. */
  reason?: string;
  /** EXPLAIN (ANALYZE, BUFFERS) of the statements of one run, for a missed target. */
  explain?: string;
}

export interface BackendReport {
  tool: 'riposte-bench';
  version: 1;
  mode: 'full' | 'quick';
  backend: Backend;
  startedAt: string;
  finishedAt: string;
  machine: { cpu: string; cores: number; memoryMB: number; node: string; platform: string; server: string };
  store: {
    scale: Scale;
    seed: number;
    counts: StoreCounts;
    reused: boolean;
    /** How long building this store took (when it was built, in this run or the one that built it). */
    buildMs: number;
    builtAt: string;
    sizeMB: number | null;
    location: string;
  };
  floor: Summary;
  targetsApplyTo: 'postgres';
  /** The commit measured, and uncommitted changes in src/, commands/, migrations/, bench/ at the time. */
  code: { commit: string; uncommitted: string[] };
  figures: Figure[];
  notes: string[];
}

function fmt(n: number | undefined, digits = 2): string {
  if (n === undefined || Number.isNaN(n)) return '—';
  if (n >= 1000) return n.toLocaleString('en-US', { maximumFractionDigits: 0 });
  if (n >= 100) return n.toFixed(0);
  if (n >= 10) return n.toFixed(1);
  return n.toFixed(digits);
}

function ratio(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '—';
  return `${n >= 100 ? n.toFixed(0) : n.toFixed(1)}×`;
}

function pad(s: string, w: number, right = false): string {
  if (s.length > w) s = `${s.slice(0, w - 1)}…`;
  return right ? s.padStart(w) : s.padEnd(w);
}

function statusText(f: Figure, backend: Backend): string {
  if (f.status === 'missing') return 'MISSING';
  if (f.status === 'skipped') return 'skipped';
  if (f.status === 'info') return '';
  const word = f.status === 'pass' ? 'pass' : 'MISS';
  return backend === 'postgres' ? word : `(${word})`;
}

function targetText(f: Figure): string {
  if (!f.target) return '';
  const metric = f.target.metric === 'value' ? '' : f.target.metric === 'median' ? 'med' : 'p99';
  return `${metric}${f.target.op === '<=' ? '≤' : '≥'}${f.target.limit}${f.target.unit === 'ms' ? 'ms' : ` ${f.target.unit}`}`.trim();
}

/** The terminal table: one line per figure, grouped, with the floor on top. */
export function renderTable(r: BackendReport): string {
  const out: string[] = [];
  const quick = r.mode === 'quick' ? ' — QUICK (smaller store, fewer runs; not comparable with full figures)' : '';
  out.push(`Riposte benchmark · ${r.backend}${quick}`);
  out.push(`${r.machine.cpu} · ${r.machine.cores} cores · Node ${r.machine.node} · ${r.machine.server}`);
  const c = r.store.counts;
  out.push(
    `store "${r.store.scale.name}" (seed ${r.store.seed}): ${c.claims.toLocaleString('en-US')} claims, ${c.rebuttals.toLocaleString('en-US')} rebuttals, ` +
      `${c.keyPoints.toLocaleString('en-US')} key points, ${c.quotes.toLocaleString('en-US')} quotes, ${c.references.toLocaleString('en-US')} references, ` +
      `${c.topics.toLocaleString('en-US')} topics, ${c.dailySchedules.toLocaleString('en-US')} scheduled servers, drill of ${c.drillAnswers.toLocaleString('en-US')} answers` +
      `${r.store.sizeMB === null ? '' : ` · ${r.store.sizeMB.toLocaleString('en-US')} MB`}`,
  );
  out.push(
    `build: ${(r.store.buildMs / 1000).toFixed(1)} s${r.store.reused ? ` (reused; built ${r.store.builtAt})` : ' (built in this run)'}`,
  );
  out.push(
    `code: ${r.code.commit.slice(0, 12)}${r.code.uncommitted.length ? ` + ${r.code.uncommitted.length} uncommitted change(s) in src/commands/migrations/bench` : ''}`,
  );
  out.push(`floor (SELECT 1, same pool): median ${fmt(r.floor.median, 3)} ms, p99 ${fmt(r.floor.p99, 3)} ms over ${r.floor.runs} runs`);
  if (r.backend !== 'postgres') out.push('targets are for PostgreSQL; on this backend pass/miss is shown in parentheses, for information');
  out.push('');
  const head = `${pad('figure', 58)} ${pad('runs', 5, true)} ${pad('median', 8, true)} ${pad('p99', 8, true)} ${pad('×floor', 13, true)} ${pad('target', 10, true)}  status`;
  out.push(head);
  out.push('-'.repeat(head.length + 2));
  let group = '';
  for (const f of r.figures) {
    if (f.group !== group) {
      group = f.group;
      out.push(`${group}`);
    }
    if (f.status === 'missing' || f.status === 'skipped') {
      out.push(
        `  ${pad(f.label, 56)} ${pad('', 5)} ${pad('—', 8, true)} ${pad('—', 8, true)} ${pad('', 13)} ${pad(targetText(f), 10, true)}  ${f.status === 'missing' ? 'MISSING' : 'skipped'}: ${f.reason ?? ''}`,
      );
      continue;
    }
    if (f.value !== undefined) {
      const detail = f.detail
        ? Object.entries(f.detail)
            .map(([k, v]) => `${k} ${typeof v === 'number' ? fmt(v) : v}`)
            .join(', ')
        : '';
      out.push(
        `  ${pad(f.label, 56)} ${pad('', 5)} ${pad(`${fmt(f.value)} ${f.unit === 'interactions/s' ? '/s' : f.unit}`, 17, true)} ${pad('', 13)} ${pad(targetText(f), 10, true)}  ${statusText(f, r.backend)}${detail ? `  (${detail})` : ''}${f.note ? `; ${f.note}` : ''}`,
      );
      continue;
    }
    const ratios = f.ratio ? `${ratio(f.ratio.median)}/${ratio(f.ratio.p99)}${f.floorKind === 'cpu' ? 'ᶜ' : ''}` : '—';
    const detail = f.detail
      ? Object.entries(f.detail)
          .map(([k, v]) => `${k} ${typeof v === 'number' ? fmt(v) : v}`)
          .join(', ')
      : '';
    const extra = [f.note, detail].filter(Boolean).join('; ');
    out.push(
      `  ${pad(f.label, 56)} ${pad(String(f.runs ?? ''), 5, true)} ${pad(fmt(f.median), 8, true)} ${pad(fmt(f.p99), 8, true)} ${pad(ratios, 13, true)} ${pad(targetText(f), 10, true)}  ${statusText(f, r.backend)}${extra ? `  ${extra}` : ''}`,
    );
  }
  out.push('');
  out.push('times in ms; ×floor = median/median and p99/p99 against a SELECT 1 burst measured just before each figure');
  if (r.figures.some((f) => f.floorKind === 'cpu')) {
    out.push(
      'ᶜ against a fixed pure-JS workload (2,000 dot products of 512-dim vectors) timed in the same processes, for figures that touch no database',
    );
  }
  const vias = new Map<string, string[]>();
  for (const f of r.figures) {
    if (f.status === 'missing' || f.status === 'skipped') continue;
    const list = vias.get(f.via) ?? [];
    list.push(f.group);
    vias.set(f.via, list);
  }
  out.push('measured through:');
  for (const [via, groups] of vias) out.push(`  ${[...new Set(groups)].join(', ')}: ${via}`);
  for (const n of r.notes) out.push(`note: ${n}`);
  return out.join('\n');
}

/** Which code was measured: the commit, and whether the measured folders had uncommitted changes. */
export function codeVersion(): { commit: string; uncommitted: string[] } {
  const root = fileURLToPath(new URL('..', import.meta.url));
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const status = execFileSync('git', ['status', '--porcelain', '--', 'src', 'commands', 'migrations', 'bench'], {
      cwd: root,
      encoding: 'utf8',
    });
    return {
      commit,
      uncommitted: status
        .split('\n')
        .filter((l) => l.trim() && !l.includes('bench/results/'))
        .map((l) => l.trim()),
    };
  } catch {
    return { commit: 'unknown (not a git checkout)', uncommitted: [] };
  }
}
