import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { importPackFile, PackError } from '../../src/content/import.ts';
import { runPackCommand } from '../../src/content/pack-cli.ts';
import { describeEachBackend, type TestDatabase } from '../helpers/db.ts';

/**
 * Pack files that attack: each is refused with one error naming the limit or the encoding, nothing is
 * imported, and the process's memory stays far below what the file would cost unbounded (the 50 MB
 * file is never read; the alias bomb would expand to a billion strings; 10 MB of YAML tokens took 3.6 GB).
 */

const MINI = 'tests/fixtures/packs/mini.yaml';

/** The mini pack with `extra` appended as a top-level field: only the extra makes the file hostile. */
const withField = (mini: string, extra: string) => `${mini.replace('slug: mini', 'slug: hostile')}${extra}\n`;

/** "Billion laughs": nine levels, each alias repeated nine times, 9^9 strings when expanded. */
function aliasBomb(): string {
  const lines = ['lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= 9; i++)
    lines.push(
      `lol${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return lines.join('\n');
}

interface Hostile {
  name: string;
  bytes: (mini: string) => Buffer;
  /** The one error the file gets, as `npm run pack -- validate` prints it after the file name. */
  error: RegExp;
}

const HOSTILE: Hostile[] = [
  {
    name: '50 MB file',
    // A valid pack followed by 50 MB of comments: only its size is wrong.
    bytes: (mini) => Buffer.concat([Buffer.from(withField(mini, '')), Buffer.alloc(50 * 1024 * 1024, '# padding\n')]),
    error: /^: \(file\): is 50\.\d MB, more than the 4\.0 MB a pack file may be; split it into several packs$/,
  },
  {
    name: 'deeply nested flow YAML',
    bytes: (mini) => Buffer.from(withField(mini, `nested: ${'['.repeat(100_000)}${']'.repeat(100_000)}`)),
    error: /^:\d+:\d+: \(file\): is nested more than 64 levels deep/,
  },
  {
    name: 'deeply nested block YAML',
    bytes: (mini) => Buffer.from(withField(mini, Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n'))),
    error: /^:\d+:\d+: \(file\): is nested more than 64 levels deep/,
  },
  {
    name: 'alias bomb (billion laughs)',
    bytes: (mini) => Buffer.from(withField(mini, aliasBomb())),
    error: /^: \(file\): uses YAML aliases \(\*name\) more than a pack may \(the budget is 100 expansions\)/,
  },
  {
    name: 'too many tokens',
    // 400,000 tiny values in 800 KB: under the size limit, past the token limit.
    bytes: (mini) => Buffer.from(withField(mini, `many: [${'a,'.repeat(400_000)}]`)),
    error: /^:\d+:\d+: \(file\): has more than 300,000 YAML tokens/,
  },
  {
    name: 'UTF-16 LE with a byte order mark',
    bytes: (mini) => Buffer.from(`\ufeff${mini}`, 'utf16le'),
    error: /^: \(file\): is UTF-16 text \(it starts with a byte order mark\); save it as UTF-8$/,
  },
  {
    name: 'UTF-16 BE with a byte order mark',
    bytes: (mini) => Buffer.from(`\ufeff${mini}`, 'utf16le').swap16(),
    error: /^: \(file\): is UTF-16 text \(it starts with a byte order mark\); save it as UTF-8$/,
  },
  {
    name: 'UTF-16 without a byte order mark',
    bytes: (mini) => Buffer.from(mini, 'utf16le'),
    error: /^: \(file\): looks like UTF-16 text without a byte order mark \(every other byte is zero\); save it as UTF-8$/,
  },
  {
    name: 'Latin-1 bytes',
    // "é" in the third line's title, as Latin-1 writes it: one byte, 0xE9.
    bytes: (mini) => Buffer.from(mini.replace('title: Mini test pack', 'title: Mini café pack'), 'latin1'),
    error: /^:3:16: \(file\): is not UTF-8 text \(byte 0xE9 is not valid here: Latin-1 or Windows-1252\?\); save it as UTF-8$/,
  },
  {
    name: 'binary (a gzip of the pack)',
    bytes: (mini) => gzipSync(mini),
    error: /^: \(file\): holds a zero byte at byte \d+: this is a binary file, not a pack$/,
  },
  {
    name: 'a control character',
    bytes: (mini) => Buffer.from(mini.replace('A tiny pack', 'A tiny\u0007 pack')),
    error: /^:4:\d+: \(file\): holds the control character U\+0007: is this a binary file\?$/,
  },
];

async function counts(db: TestDatabase) {
  const [row] = await db.rows<Record<string, number>>(sql`select
    (select count(*) from packs)::int as packs, (select count(*) from claims)::int as claims,
    (select count(*) from rebuttals)::int as rebuttals, (select count(*) from quotes)::int as quotes,
    (select count(*) from topics)::int as topics, (select count(*) from "references")::int as refs`);
  return row!;
}

async function validate(file: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runPackCommand(['validate', file], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join(''), err: err.join('') };
}

describeEachBackend('pack files that attack', (get) => {
  let dir: string;
  let mini: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'riposte-hostile-'));
    mini = await readFile(MINI, 'utf8');
    // A store with content: a refused file must leave it exactly as it was.
    await importPackFile(get(), MINI);
  });

  it('the control: the mini pack with a new slug and nothing hostile imports', async () => {
    const file = join(dir, 'control.yaml');
    await writeFile(file, withField(mini, ''));
    const r = await validate(file);
    expect(r.code).toBe(0);
    expect(r.out).toContain('valid pack "hostile"');
  });

  for (const h of HOSTILE) {
    it(`refuses ${h.name}: one error naming it, nothing imported`, async () => {
      const file = join(dir, `${h.name.replace(/\W+/g, '-')}.yaml`);
      await writeFile(file, h.bytes(mini));
      const before = await counts(get());

      const r = await validate(file);
      expect(r.code).toBe(1);
      expect(r.out).toBe('');
      const [head, line, ...rest] = r.err.split('\n');
      expect(head).toBe(`${file}: 1 error`);
      expect(line?.startsWith(`  ${file}`)).toBe(true);
      expect(line?.slice(file.length + 2)).toMatch(h.error);
      expect(rest).toEqual(['']);

      // The import at start-up and `npm run pack -- import` both go through importPackFile.
      const refused = await importPackFile(get(), file).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(PackError);
      expect((refused as PackError).message.startsWith(`${file}: 1 error, nothing imported\n`)).toBe(true);
      expect(await counts(get())).toEqual(before);
    });
  }

  it('memory stays bounded across every hostile file (loosely: far below what any of them costs unbounded)', async () => {
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    for (const h of HOSTILE) {
      const file = join(dir, `mem-${h.name.replace(/\W+/g, '-')}.yaml`);
      await writeFile(file, h.bytes(mini));
      await importPackFile(get(), file).catch(() => undefined);
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    // Unbounded, the 50 MB file alone is 100 MB of string before parsing, and the bomb never finishes.
    expect((peak - before) / (1024 * 1024)).toBeLessThan(400);
  });
});
