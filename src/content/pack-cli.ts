import { readFile, writeFile } from 'node:fs/promises';
import { runCli } from '../cli.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { UserError } from '../errors.ts';
import { exportPack, packToYaml } from './export.ts';
import { importPackFile } from './import.ts';
import { listAllPacks } from './packs.ts';
import { checkPackText } from './validate-pack.ts';

const usage = `Usage: npm run pack -- <command>
  validate FILE                 check a pack file; print every error with its path
  import FILE [--guild ID]      import or update a pack (global, or owned by one server)
  export SLUG [--guild ID] [--out FILE]   write a pack back as YAML (stdout by default)
  list                          the packs in the store with their counts`;

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i === -1) return undefined;
  const value = args[i + 1];
  if (!value || value.startsWith('--')) throw new UserError(`${name} needs a value.\n${usage}`);
  args.splice(i, 2);
  return value;
}

function guildFlag(args: string[]): string | null {
  const g = flag(args, '--guild');
  if (g !== undefined && !/^\d{17,20}$/.test(g)) throw new UserError(`--guild must be a Discord server id (17–20 digits), not "${g}".`);
  return g ?? null;
}

await runCli(async (log) => {
  const args = process.argv.slice(2);
  const command = args.shift();
  if (command === 'validate') {
    const file = args[0];
    if (!file) throw new UserError(usage);
    const check = checkPackText(await readFile(file, 'utf8'));
    if (!check.ok) throw new UserError(`${file}: ${check.errors.length} error(s)\n${check.errors.map((e) => `  ${e}`).join('\n')}`);
    const p = check.pack;
    process.stdout.write(`${file}: valid pack "${p.slug}" v${p.version}: ${p.claims.length} claims, ${p.quotes.length} quotes, ${p.references.length} references, ${p.topics.length} topics\n`);
    return;
  }
  if (command !== 'import' && command !== 'export' && command !== 'list') throw new UserError(usage);

  // Arguments are checked before the database is opened, so a typo fails at once.
  const guildId = command === 'list' ? null : guildFlag(args);
  const out = command === 'export' ? flag(args, '--out') : undefined;
  const target = args[0];
  if (command !== 'list' && !target) throw new UserError(usage);

  const config = loadConfig();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(database);
    if (command === 'import') {
      let last = 0;
      const result = await importPackFile(database, target!, {
        guildId,
        onProgress: (stage, done, total) => {
          // Large packs report progress at most every 5 %, small ones stay quiet.
          if (total >= 2000 && (done === total || done - last >= total / 20)) {
            last = done === total ? 0 : done;
            process.stderr.write(`  ${stage}: ${done}/${total}\n`);
          }
        },
      });
      const c = result.counts;
      process.stdout.write(
        `imported "${result.slug}" v${result.version}: ${c.claims} claims, ${c.rebuttals} rebuttals, ${c.keyPoints} key points, ${c.quotes} quotes, ${c.references} references, ${c.topics} topics\n`,
      );
    } else if (command === 'export') {
      const yaml = packToYaml(await exportPack(database, target!, guildId));
      if (out) await writeFile(out, yaml);
      else process.stdout.write(yaml);
    } else {
      const rows = await listAllPacks(database);
      if (rows.length === 0) process.stdout.write('no packs\n');
      for (const p of rows) {
        process.stdout.write(
          `${p.slug} v${p.version}${p.guildId ? ` (server ${p.guildId})` : ''}: ${p.title} — ${p.claims} claims, ${p.rebuttals} rebuttals, ${p.quotes} quotes, ${p.references} references\n`,
        );
      }
    }
    log.debug({ command }, 'pack command done');
  } finally {
    await database.close();
  }
});
