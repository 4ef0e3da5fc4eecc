import { afterAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backends, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { spawnRiposte } from './bot-process.ts';
import { migratedDataDir } from './harness.ts';

/** Runs `npm start` without a token, feeding it these lines on stdin; resolves with its exit code. */
async function runConsole(env: Record<string, string>, lines: string[]) {
  const p = spawnRiposte(env, { stdin: 'pipe' });
  p.child.stdin!.end(lines.map((l) => `${l}\n`).join(''));
  const code = await p.exited();
  return { code, out: p.stdout(), err: p.stderr() };
}

describe('the local console', () => {
  const dirs: string[] = [];
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
    for (const db of dbs) await db.close();
  });

  for (const backend of backends) {
    // The README's first run: on PGlite a fresh DATA_DIR, so this start pays for PGlite's initdb (8–9 s
    // of CPU alone; over a minute when the suite's other worker and its bot processes share two cores).
    it(`answers piped commands on stdout and exits at the end of input [${backend}]`, { timeout: 180_000 }, async () => {
      let env: Record<string, string>;
      if (backend === 'pglite') {
        const dir = await mkdtemp(join(tmpdir(), 'riposte-console-'));
        dirs.push(dir);
        env = { DATA_DIR: dir };
      } else {
        const db = await createTestDatabase('postgres');
        dbs.push(db);
        env = { DATABASE_URL: db.url! };
      }
      const { code, out } = await runConsole(env, [
        '/help',
        '/claim search query:state',
        // The results' page buttons and menu are numbered after the five results: 7 is "Next".
        '7',
        '/claim search withering away',
        '/claim show 999999',
        '/nonsense',
        '/about',
      ]);
      expect(code).toBe(0);
      expect(out).toContain('/claim search query:<text>');
      expect(out).toContain('┌─ Claims matching “state”');
      expect(out).toMatch(/page 1 of \d+/);
      expect(out).toMatch(/\[\d+\.\d+\] Next ▶/);
      expect(out).toMatch(/page 2 of \d+/);
      expect(out).toContain('┌─ Claims matching “withering away”');
      expect(out).toContain("There is no claim #999999 in this server's packs");
      expect(out).toContain('(only you can see this)');
      expect(out).toContain('There is no /nonsense. Type /help to see the commands.');
      expect(out).toMatch(/Marxism or Anarchism\? \(v\d+\)/);
    });
  }

  it('an option given as text is resolved through autocomplete', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'riposte-console-'));
    dirs.push(dir);
    // Migrated ahead: the first start (PGlite's initdb) is the test above; this one is about autocomplete.
    await migratedDataDir(dir);
    const { code, out } = await runConsole({ DATA_DIR: dir }, ['/claim show id:absolutely no idea', '/claim show state', '1']);
    expect(code).toBe(0);
    // One match: shown at once. Several: a numbered list to pick from, then the pick.
    expect(out).toMatch(/┌─ Claim #\d+ · Vladimir Lenin/);
    expect(out).toContain('Which id?');
    expect(out.match(/┌─ Claim #/g)?.length).toBe(2);
  });

  it('bad configuration is one clear line on stderr and exit code 1', async () => {
    const { code, out, err } = await runConsole({ DISCORD_TOKEN: 'not-a-token', DATABASE_URL: 'mysql://x' }, []);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toContain('Riposte cannot start:');
    expect(err).toContain('DISCORD_TOKEN');
    expect(err).toContain('DATABASE_URL');
    expect(err).not.toContain('not-a-token');
  });
});
