import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPackCommand } from '../../src/content/pack-cli.ts';

const EVERY_ERROR = 'tests/fixtures/packs/every-error.yaml';
const SYNTAX_ERROR = 'tests/fixtures/packs/syntax-error.yaml';

/** Runs `npm run pack -- ARGS` in this process. */
async function pack(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runPackCommand(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join(''), err: err.join('') };
}

describe('npm run pack', () => {
  it('validates the first pack with no error and no warning', async () => {
    const r = await pack(['validate', 'packs/marxism-or-anarchism.yaml']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/valid pack "marxism-or-anarchism" v\d+: \d+ claims/);
    expect(r.err).toBe('');
  });

  it('reports schema and cross-record errors in one report, sorted by path, with line and column', async () => {
    const r = await pack(['validate', EVERY_ERROR]);
    expect(r.code).toBe(1);
    const f = EVERY_ERROR;
    expect(r.err).toBe(
      [
        `${f}: 10 errors`,
        `  ${f}:18:5: claims[0].colour: is not a field here (misspelt, or in the wrong record?)`,
        `  ${f}:22:16: claims[0].rebuttals[0].refs[0]: unknown reference "H.9.9"`,
        `  ${f}:21:9: claims[0].rebuttals[0].text: must not be empty`,
        `  ${f}:17:14: claims[0].topics[0]: unknown topic "nope"`,
        `  ${f}:27:9: claims[1].rebuttals[0].slug: duplicate rebuttal "r1"`,
        `  ${f}:23:5: claims[1].slug: duplicate claim "one"`,
        `  ${f}:30:28: quotes[0].year: Invalid input: expected number, received string`,
        `  ${f}:3:1: slug: must be lowercase words joined by hyphens, e.g. "state-withers-away"`,
        `  ${f}:10:7: topics[1].slug: duplicate topic "the-state"`,
        `  ${f}:2:1: version: is required`,
        '',
      ].join('\n'),
    );
    expect(r.out).toBe('');
  });

  it('import reports the same errors, imports nothing and never opens the database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'riposte-cli-'));
    const before = { ...process.env };
    // A DATABASE_URL nobody listens on: reaching the database would fail differently.
    process.env.DATABASE_URL = 'postgres://nobody@127.0.0.1:9/none';
    process.env.DATA_DIR = join(dir, 'data');
    try {
      const r = await pack(['import', EVERY_ERROR]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(new RegExp(`^${EVERY_ERROR}: 10 errors, nothing imported\\n`));
      expect(r.err).toContain(`${EVERY_ERROR}:22:16: claims[0].rebuttals[0].refs[0]: unknown reference "H.9.9"`);
      expect(r.err).toContain(`${EVERY_ERROR}:2:1: version: is required`);
    } finally {
      process.env.DATABASE_URL = before.DATABASE_URL;
      process.env.DATA_DIR = before.DATA_DIR;
      if (before.DATABASE_URL === undefined) delete process.env.DATABASE_URL;
      if (before.DATA_DIR === undefined) delete process.env.DATA_DIR;
    }
  });

  it('shows every YAML syntax error with its excerpt', async () => {
    const r = await pack(['validate', SYNTAX_ERROR]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${SYNTAX_ERROR}: 2 errors\n`);
    expect(r.err).toContain(
      `  ${SYNTAX_ERROR}:5:6: (file): not valid YAML: Nested mappings are not allowed in compact mappings\n      foo: : x\n           ^`,
    );
    expect(r.err).toMatch(/:4:1: \(file\): not valid YAML: Flow sequence .*\n {6}slug: \[unclosed\n/);
  });

  it('says in one line that a file is missing or is a folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'riposte-cli-'));
    const missing = await pack(['validate', join(dir, 'missing.yaml')]);
    expect(missing).toEqual({
      code: 1,
      out: '',
      err: `${join(dir, 'missing.yaml')}: no such file. Give the path of a pack file (.yaml or .json).\n`,
    });
    const folder = await pack(['validate', dir]);
    expect(folder).toEqual({ code: 1, out: '', err: `${dir} is a folder, not a pack file.\n` });
    const imported = await pack(['import', join(dir, 'missing.yaml')]);
    expect(imported.code).toBe(1);
    expect(imported.err).toBe(`${join(dir, 'missing.yaml')}: no such file. Give the path of a pack file (.yaml or .json).\n`);
  });

  it('refuses a bad server id and an unknown command before touching a database', async () => {
    const r = await pack(['import', 'packs/marxism-or-anarchism.yaml', '--guild', 'abc']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('--guild must be a Discord server id (17–20 digits), not "abc"');
    const u = await pack(['frobnicate']);
    expect(u.code).toBe(1);
    expect(u.err).toContain('Usage: npm run pack');
  });

  it('as a process: a missing file is one line on stderr and exit code 1, no stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'riposte-cli-'));
    const file = join(dir, 'missing.yaml');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/content/pack-cli.ts', 'validate', file], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent' },
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${file}: no such file. Give the path of a pack file (.yaml or .json).\n`);
  });

  it('a JSON pack gets positions too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'riposte-cli-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{\n  "format": "riposte-pack/1",\n  "slug": "x",\n  "title": "t",\n  "description": "d",\n  "version": 0\n}\n');
    const r = await pack(['validate', file]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${file}:6:3: version: Too small: expected number to be >=1`);
    expect(r.err).toContain(`${file}:1:1: licence: is required`);
  });
});
