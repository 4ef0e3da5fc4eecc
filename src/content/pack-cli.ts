import { realpathSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { runCli } from '../cli.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { UserError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { exportPack, packToYaml } from './export.ts';
import { importPack } from './import.ts';
import { checkPackFile, formatReport } from './pack-file.ts';
import type { PackInput } from './pack-schema.ts';
import { listAllPacks } from './packs.ts';

const usage = `Usage: npm run pack -- <command>
  validate FILE                 check a pack file; print every error and warning with its path
  import FILE [--guild ID]      import or update a pack (global, or owned by one server)
  export SLUG [--guild ID] [--out FILE]   write a pack back as YAML (stdout by default)
  list                          the packs in the store with their counts`;

/** Where a pack command writes: stdout for results, stderr for problems and progress. */
export interface PackIo {
  out(text: string): void;
  err(text: string): void;
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i === -1) return undefined;
  const value = args[i + 1];
  if (!value || value.startsWith('--')) throw new UserError('cli.flag-value', { flag: name, usage });
  args.splice(i, 2);
  return value;
}

function guildFlag(args: string[]): string | null {
  const g = flag(args, '--guild');
  if (g !== undefined && !/^\d{17,20}$/.test(g)) throw new UserError('cli.guild-id', { value: g });
  return g ?? null;
}

/** Validates one pack file. Exit code 1 when it has errors; warnings alone leave it at 0. */
async function validate(file: string, io: PackIo): Promise<number> {
  const check = await checkPackFile(file, { warnings: true });
  if (!check.ok) {
    io.err(formatReport(file, check.problems, 'error'));
    return 1;
  }
  const p = check.pack;
  io.out(
    `${file}: valid pack "${p.slug}" v${p.version}: ${p.claims.length} claims, ${p.quotes.length} quotes, ${p.references.length} references, ${p.topics.length} topics\n`,
  );
  if (check.warnings.length) io.err(formatReport(file, check.warnings, 'warning'));
  return 0;
}

/** The pack in a file to import, or a UserError with every error in the file (nothing is imported). */
async function packToImport(file: string): Promise<PackInput> {
  const check = await checkPackFile(file);
  if (!check.ok) throw new UserError('cli.report', { text: formatReport(file, check.problems, 'error', ', nothing imported').trimEnd() });
  return check.pack;
}

/** Runs `npm run pack -- ARGS`; returns the exit code. A UserError is written to `io.err` as one message. */
export async function runPackCommand(argv: readonly string[], io: PackIo, log?: Logger): Promise<number> {
  try {
    return await run([...argv], io, log);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    io.err(`${err.message}\n`);
    return 1;
  }
}

async function run(args: string[], io: PackIo, log?: Logger): Promise<number> {
  const command = args.shift();
  if (command === 'validate') {
    const file = args[0];
    if (!file) throw new UserError('cli.report', { text: usage });
    return validate(file, io);
  }
  if (command !== 'import' && command !== 'export' && command !== 'list') throw new UserError('cli.report', { text: usage });

  // Arguments are checked before the database is opened, so a typo fails at once.
  const guildId = command === 'list' ? null : guildFlag(args);
  const out = command === 'export' ? flag(args, '--out') : undefined;
  const target = args[0];
  if (command !== 'list' && !target) throw new UserError('cli.report', { text: usage });
  const pack = command === 'import' ? await packToImport(target!) : undefined;

  const config = loadConfig();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(database);
    if (pack) {
      let last = 0;
      const result = await importPack(database, pack, {
        guildId,
        onProgress: (stage, done, total) => {
          // Large packs report progress at most every 5 %, small ones stay quiet.
          if (total >= 2000 && (done === total || done - last >= total / 20)) {
            last = done === total ? 0 : done;
            io.err(`  ${stage}: ${done}/${total}\n`);
          }
        },
      });
      const c = result.counts;
      io.out(
        `imported "${result.slug}" v${result.version}: ${c.claims} claims, ${c.rebuttals} rebuttals, ${c.keyPoints} key points, ${c.quotes} quotes, ${c.references} references, ${c.topics} topics\n`,
      );
    } else if (command === 'export') {
      const yaml = packToYaml(await exportPack(database, target!, guildId));
      if (out) await writeFile(out, yaml);
      else io.out(yaml);
    } else {
      const rows = await listAllPacks(database);
      if (rows.length === 0) io.out('no packs\n');
      for (const p of rows) {
        io.out(
          `${p.slug} v${p.version}${p.guildId ? ` (server ${p.guildId})` : ''}: ${p.title} — ${p.claims} claims, ${p.rebuttals} rebuttals, ${p.quotes} quotes, ${p.references} references\n`,
        );
      }
    }
    log?.debug({ command }, 'pack command done');
    return 0;
  } finally {
    await database.close();
  }
}

/** True when this file is the program (`npm run pack`), false when a test imports it. */
function isEntry(): boolean {
  try {
    return process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
}

if (isEntry()) {
  await runCli(async (log) => {
    const stdio: PackIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };
    process.exitCode = await runPackCommand(process.argv.slice(2), stdio, log);
  });
}
