/**
 * `npm run soak`: issue 11's soak test. Members use the real bot through the fake Discord on loopback
 * for a few minutes (bench/soak-runner.ts); the figures go to bench/results/soak-<backend>.json and a
 * markdown table to stdout. Exit 1 when a target is missed (0 failed, p99 < 3 s, RSS growth < 10%).
 *
 *   npm run soak                                   PGlite in a temporary folder, 5 minutes, 20 members
 *   DATABASE_URL=postgres://…/soak npm run soak    that PostgreSQL database (the bot migrates it and loads the packs)
 *   npm run soak -- --minutes 1 --members 10
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { pgliteTemplate } from '../tests/setup/pglite-template.ts';
import { soakMarkdown } from './soak-report.ts';
import { runSoak } from './soak-runner.ts';

function fail(message: string): never {
  process.stderr.write(`soak: ${message}\n`);
  process.exit(2);
}

function numberFlag(name: string, raw: string | undefined, fallback: number, check: (n: number) => boolean, rule: string): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || !check(n)) fail(`--${name} must be ${rule}; got "${raw}"`);
  return n;
}

const { values } = parseArgs({
  options: { minutes: { type: 'string' }, members: { type: 'string' }, seed: { type: 'string' } },
  strict: true,
});
const minutes = numberFlag('minutes', values.minutes, 5, (n) => n > 0 && n <= 60, 'a number of minutes above 0 and at most 60');
const members = numberFlag('members', values.members, 20, (n) => Number.isInteger(n) && n >= 1 && n <= 200, 'a whole number from 1 to 200');
const seed = numberFlag('seed', values.seed, 11, (n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0');

const databaseUrl = process.env.DATABASE_URL?.trim() || undefined;
if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) fail('DATABASE_URL must be a postgres:// or postgresql:// URL');
const backend = databaseUrl ? 'postgres' : 'pglite';

// PGlite: a fresh folder from the tests' migrated template (skips initdb); the bot loads the packs.
let dataDir: string | undefined;
if (!databaseUrl) {
  dataDir = await mkdtemp(join(tmpdir(), 'riposte-soak-'));
  const db = await openDatabase({ dataDir, loadDataDir: await pgliteTemplate() });
  await migrate(db);
  await db.close();
}

const progress = (line: string) => process.stderr.write(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
let report: Awaited<ReturnType<typeof runSoak>>;
try {
  report = await runSoak({ durationMs: minutes * 60_000, members, seed, store: { databaseUrl, dataDir }, progress });
} finally {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}

const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
await mkdir(resultsDir, { recursive: true });
const file = join(resultsDir, `soak-${backend}.json`);
const meta = { backend, at: new Date().toISOString(), minutes, members, seed, node: process.version };
await writeFile(file, `${JSON.stringify({ ...meta, ...report }, null, 2)}\n`);
process.stdout.write(`${soakMarkdown(report, backend)}\n\nWritten to ${file}\n`);
if (report.failures.length > 0) {
  process.stdout.write(
    `\nFirst failures:\n${report.failures
      .slice(0, 10)
      .map((f) => `- ${f.kind} at ${f.atMs} ms: ${f.reason}`)
      .join('\n')}\n`,
  );
}
if (report.errorLogs.length > 0) {
  process.stdout.write(
    `\nError log lines:\n${report.errorLogs
      .slice(0, 10)
      .map((l) => `- ${l.msg} ${l.err}`)
      .join('\n')}\n`,
  );
}
process.exit(report.missed.length > 0 ? 1 : 0);
