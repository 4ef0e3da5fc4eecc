/**
 * One migrated PGlite data folder per test worker, as a tarball each suite's database starts from:
 * loading it skips initdb and the migrations, the bulk of a fresh PGlite's cost.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../src/db/client.ts';
import { migrate, migrationsFolder } from '../../src/db/migrate.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Kept across runs in node_modules/.cache, named by a hash of everything that shapes the migrated
 * folder (PGlite's version, the migrations, the code that opens and migrates), so any change to those
 * builds a new one. A worker that finds none builds it and renames it into place whole, so a
 * concurrent reader never sees half a file.
 */
const cacheDir = join(root, 'node_modules', '.cache', 'riposte-tests');

function templateKey(): string {
  const hash = createHash('sha256');
  const pglite = JSON.parse(readFileSync(join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string };
  hash.update(`pglite ${pglite.version}\n`);
  const inputs = [...filesUnder(migrationsFolder), join(root, 'src/db/migrate.ts'), join(root, 'src/db/client.ts')];
  for (const file of inputs) hash.update(`${relative(root, file)}\n`).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
}

async function buildTemplate(): Promise<Blob> {
  const key = templateKey();
  const cached = join(cacheDir, `pglite-${key}.tar`);
  try {
    return new Blob([readFileSync(cached)]);
  } catch {
    // Not built yet for these migrations.
  }
  const database = await openDatabase({ dataDir: 'memory://' });
  let tarball: Blob;
  try {
    await migrate(database);
    const client = (database.db as unknown as { $client: { dumpDataDir(compression: 'none'): Promise<Blob> } }).$client;
    tarball = await client.dumpDataDir('none');
  } finally {
    await database.close();
  }
  mkdirSync(cacheDir, { recursive: true });
  const partial = `${cached}.${process.pid}.partial`;
  writeFileSync(partial, new Uint8Array(await tarball.arrayBuffer()));
  renameSync(partial, cached);
  for (const old of readdirSync(cacheDir)) {
    if (old.startsWith('pglite-') && old.endsWith('.tar') && join(cacheDir, old) !== cached) rmSync(join(cacheDir, old), { force: true });
  }
  return tarball;
}

let template: Promise<Blob> | undefined;

/** The migrated data folder as a tarball, built (or read from the cache) once per worker process. */
export function pgliteTemplate(): Promise<Blob> {
  template ??= buildTemplate().catch((err: unknown) => {
    template = undefined;
    throw err;
  });
  return template;
}
