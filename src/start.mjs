/**
 * `npm start`: runs src/main.ts compiled to plain JavaScript, so a start spends its time on the
 * database and not on transpiling TypeScript or on a loader hook consulted for every one of the
 * ~1,000 modules discord.js and the rest pull in (tsx's hooks cost a later start about a third of
 * its time on this 2-core machine).
 *
 * The build is esbuild's bundle of src/ and commands/ (node_modules stay external, dynamic imports
 * stay lazy as separate chunks) into dist/<fingerprint>/, where the fingerprint hashes every source
 * file's content: a start after an edit (or a checkout) builds once (~0.5 s), later starts reuse it.
 * Builds go to a temporary folder renamed into place whole, so processes starting at once (the tests,
 * the sharded start) never read half a build. Where the tree is read-only (a container running as a
 * user that does not own the code) it runs the TypeScript through tsx instead, as before.
 *
 * Plain JavaScript on purpose: it must run before anything can transpile TypeScript.
 */
import { createHash } from 'node:crypto';
import { accessSync, constants, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
/** Bump when the build options below change, so old builds are not reused. */
const BUILD_FORMAT = 'esbuild-esm-split-1';
/** Builds unused for this long are removed (a running process may still lazily load its chunks). */
const PRUNE_AFTER_MS = 24 * 3600 * 1000;

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.(ts|mts|mjs|js|json)$/.test(e.name) ? [join(dir, e.name)] : []));
}

/** A hash of everything the bundle is made of: the sources' paths and contents, package.json's imports map. */
function fingerprint() {
  const hash = createHash('sha256').update(`${BUILD_FORMAT}\n`);
  for (const file of [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'commands')), join(root, 'package.json')]) {
    hash.update(`${relative(root, file)}\n`).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

async function build(outdir) {
  const esbuild = await import('esbuild');
  const partial = `${outdir}.${process.pid}.partial`;
  await esbuild.build({
    entryPoints: [join(root, 'src/main.ts')],
    outdir: partial,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    // Class and function names stay as written (errors and logs show them).
    keepNames: true,
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'error',
  });
  try {
    renameSync(partial, outdir);
  } catch (err) {
    // Another process built the same fingerprint first; its build is as good as ours.
    rmSync(partial, { recursive: true, force: true });
    if (!['ENOTEMPTY', 'EEXIST'].includes(err.code)) throw err;
  }
  prune(outdir);
}

/** Whether builds can be written here (not where the code is read-only to the process). */
function writable() {
  try {
    mkdirSync(dist, { recursive: true });
    accessSync(dist, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function prune(keep) {
  const now = Date.now();
  for (const name of readdirSync(dist)) {
    const path = join(dist, name);
    if (path === keep) continue;
    try {
      if (now - statSync(path).mtimeMs > PRUNE_AFTER_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed by another process meanwhile.
    }
  }
}

const outdir = join(dist, fingerprint());
const entry = join(outdir, 'main.js');
let runCompiled = true;
try {
  statSync(entry);
} catch {
  if (writable()) {
    try {
      await build(outdir);
    } catch (err) {
      // esbuild has printed the errors with their files and lines.
      process.stderr.write(`Riposte could not be built: ${err?.message?.split('\n')[0] ?? err}\n`);
      process.exit(1);
    }
  } else {
    runCompiled = false;
  }
}
if (runCompiled) {
  // Stack traces (LOG_LEVEL=debug) name the .ts files and lines, not the bundle's.
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(entry).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src/main.ts')).href);
}
