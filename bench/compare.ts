/**
 * The PGlite ÷ PostgreSQL table of bench/README.md from two results files (by default the newest of
 * each backend in bench/results/): every latency figure both runs measured, its p99 and median
 * ratios, and the verdict on "PGlite within 2× of PostgreSQL".
 *   npx tsx bench/compare.ts [postgres.json pglite.json]
 * A figure over 2× whose PGlite p99 is no higher than the p99 of PGlite's own SELECT 1 in that run
 * (2,000 runs) is marked floor-bound: the ratio then compares PostgreSQL with PGlite's noise floor,
 * not with its work. It is still counted as over 2×.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BackendReport, Figure } from './report.ts';

const dir = join(import.meta.dirname, 'results');

function newest(backend: string): string {
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}-/.test(f) && f.endsWith(`-${backend}.json`))
    .sort();
  const last = files.at(-1);
  if (!last) throw new Error(`no ${backend} results in ${dir}: run npm run bench -- --backend ${backend} first`);
  return join(dir, last);
}

const [pgFile = newest('postgres'), pgliteFile = newest('pglite')] = process.argv.slice(2);
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as BackendReport;
const pg = read(pgFile);
const pglite = read(pgliteFile);
const byId = new Map(pglite.figures.map((f) => [f.id, f]));

const ms = (n: number) => (n >= 10 ? n.toFixed(1) : n.toFixed(2));
const latency = (f: Figure) => f.median !== undefined && f.p99 !== undefined;

let within = 0;
let over = 0;
const lines = [
  '| figure | PostgreSQL | PGlite | target p99 | PG | PGlite ÷ PG (p99) | PGlite ÷ PG (median) |',
  '|---|---|---|---|---|---|---|',
];
for (const a of pg.figures) {
  const b = byId.get(a.id);
  if (!b || !latency(a) || !latency(b)) continue;
  const p99 = b.p99! / a.p99!;
  const median = b.median! / a.median!;
  if (p99 <= 2) within++;
  else over++;
  const floorBound = p99 > 2 && b.p99! <= pglite.floor.p99 ? ` (floor-bound: PGlite's SELECT 1 p99 ${ms(pglite.floor.p99)})` : '';
  const verdict = p99 > 2 ? `**${p99.toFixed(1)}×**${floorBound}` : `${p99.toFixed(1)}×`;
  const target = a.target ? `≤ ${a.target.limit}` : '';
  const status = a.status === 'miss' ? '**miss**' : a.status;
  lines.push(
    `| ${a.label} | ${ms(a.median!)} / ${ms(a.p99!)} | ${ms(b.median!)} / ${ms(b.p99!)} | ${target} | ${status} | ${verdict} | ${median.toFixed(1)}× |`,
  );
}
const passed = pg.figures.filter((f) => f.target && f.status === 'pass').length;
const targeted = pg.figures.filter((f) => f.target && (f.status === 'pass' || f.status === 'miss')).length;
console.log(`PostgreSQL ${pg.startedAt} (${pg.code.commit.slice(0, 7)}), PGlite ${pglite.startedAt} (${pglite.code.commit.slice(0, 7)})\n`);
console.log(lines.join('\n'));
console.log(`\nPostgreSQL: ${passed} of ${targeted} within target; PGlite within 2× of PostgreSQL on ${within} of ${within + over}.`);
