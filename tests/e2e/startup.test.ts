import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backends, createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { spawnRiposte } from './bot-process.ts';
import { startFakeDiscord } from './fake-discord/index.ts';
import { TcpProxy } from './fake-discord/tcp-proxy.ts';
import { migratedDataDir } from './harness.ts';

/** Runs the program with piped stdin (the console, unless env has a token) and collects its output. */
async function run(env: Record<string, string>, lines: string[] = []) {
  const p = spawnRiposte({ LOG_LEVEL: 'warn', ...env }, { stdin: 'pipe' });
  p.child.stdin!.end(lines.map((l) => `${l}\n`).join(''));
  const code = await p.exited();
  return { code, out: p.stdout(), err: p.stderr() };
}

/** The one-line failure contract: exit 1, one line on stderr naming what to fix, no stack trace. */
function expectOneLine(r: { code: number | null; err: string }, ...mentions: (string | RegExp)[]): string {
  expect(r.code).toBe(1);
  const lines = r.err.trim().split('\n');
  expect(lines.at(-1)).toMatch(/^Riposte could not start: /);
  expect(r.err).not.toMatch(/\n\s+at /);
  for (const m of mentions) expect(lines.at(-1)).toMatch(m);
  return lines.at(-1)!;
}

describe('start-up failures are one clear line', () => {
  const dirs: string[] = [];
  const tempDir = async () => {
    const d = await mkdtemp(join(tmpdir(), 'riposte-startup-'));
    dirs.push(d);
    return d;
  };
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('DATA_DIR that cannot be a folder names DATA_DIR', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'file'), 'not a folder');
    const r = await run({ DATA_DIR: join(dir, 'file', 'data') }, ['/about']);
    expectOneLine(r, /DATA_DIR ".*file\/data" is not a writable folder \(ENOTDIR\)/);
  });

  it('a pack file that cannot be read names the file; nothing starts', async () => {
    const dir = await tempDir();
    const packsDir = join(dir, 'packs');
    await mkdir(packsDir);
    await symlink(join(dir, 'gone.yaml'), join(packsDir, 'missing.yaml'));
    // A migrated store, not a fresh one: this is about the pack, and PGlite's initdb would cost most of the timeout.
    await migratedDataDir(join(dir, 'data'));
    const r = await run({ DATA_DIR: join(dir, 'data'), PACKS_DIR: packsDir }, ['/about']);
    expectOneLine(r, /pack file .*missing\.yaml could not be read \(ENOENT\)/);
  });

  it('start-up progress: one line per stage with its time, then the console', async () => {
    const dir = await tempDir();
    const packsDir = join(dir, 'packs');
    await mkdir(packsDir);
    await writeFile(join(packsDir, 'tiny.yaml'), await readFile(new URL('../fixtures/quotes-pack.yaml', import.meta.url), 'utf8'));
    // Migrated ahead (PGlite's initdb would cost most of the timeout); the very first start, initdb
    // included, is the console test's [pglite] case.
    await migratedDataDir(join(dir, 'data'));
    const r = await run({ DATA_DIR: join(dir, 'data'), PACKS_DIR: packsDir }, ['/about']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^database ready \(PGlite, .*data\) \d+\.\d s$/m);
    expect(r.err).toMatch(/^schema up to date \d+\.\d s$/m);
    expect(r.err).toMatch(/^loaded pack [\w-]+: \d+ claims, \d+ rebuttals, \d+ quotes, \d+ references \d+\.\d s$/m);
    expect(r.err).toMatch(/^console ready$/m);
    expect(r.out).toContain('Riposte');
  });

  it('a token Discord refuses (401) says so', async () => {
    const fake = await startFakeDiscord({ guilds: [] });
    try {
      const dir = await tempDir();
      const wrong = `${fake.token.split('.').slice(0, 2).join('.')}.wrongsecret`;
      // The database comes up before Discord is asked: a migrated store keeps PGlite's initdb out of it.
      await migratedDataDir(join(dir, 'data'));
      const r = await run({ DISCORD_TOKEN: wrong, DISCORD_API_URL: fake.apiUrl, DATA_DIR: join(dir, 'data'), PACKS_DIR: dir });
      const line = expectOneLine(r, /Discord refused DISCORD_TOKEN \(401 Unauthorized\)/);
      expect(r.err).not.toContain('wrongsecret');
      expect(line).toContain('Reset Token');
    } finally {
      await fake.close();
    }
  });
});

for (const backend of backends.filter((b) => b === 'postgres')) {
  describe(`PostgreSQL at start [${backend}]`, () => {
    let db: TestDatabase;
    let packsDir: string;
    beforeAll(async () => {
      db = await createTestDatabase('postgres');
      packsDir = await mkdtemp(join(tmpdir(), 'riposte-startup-packs-'));
    });
    afterAll(async () => {
      await db?.close();
      await rm(packsDir, { recursive: true, force: true });
    });
    const target = () => {
      const u = new URL(db.url!);
      return { host: u.hostname, port: Number(u.port || 5432) };
    };

    it('waits for a database that is not up yet, then comes up by itself', async () => {
      const proxy = await TcpProxy.create(target());
      try {
        const p = spawnRiposte({ LOG_LEVEL: 'warn', DATABASE_URL: proxy.urlFor(db.url!), PACKS_DIR: packsDir }, { stdin: 'pipe' });
        const deadline = Date.now() + 30_000;
        while (!p.stderr().includes('waiting for PostgreSQL') && Date.now() < deadline && p.child.exitCode === null) {
          await new Promise((r) => setTimeout(r, 100));
        }
        const dbName = new URL(db.url!).pathname.slice(1);
        expect(p.stderr()).toContain(`waiting for PostgreSQL at 127.0.0.1:${proxy.port}, database "${dbName}" (ECONNREFUSED)`);
        await new Promise((r) => setTimeout(r, 1500));
        expect(p.child.exitCode).toBeNull();
        await proxy.forward();
        p.child.stdin!.end('/about\n');
        expect(await p.exited()).toBe(0);
        expect(p.stderr()).toMatch(/^database ready \(PostgreSQL at 127\.0\.0\.1:\d+, database "\w+"\) \d+\.\d s$/m);
        expect(p.stdout()).toContain('Riposte');
        expect(p.stderr().match(/waiting for PostgreSQL/g)).toHaveLength(1);
      } finally {
        await proxy.close();
      }
    });

    it('gives up after DATABASE_CONNECT_TIMEOUT_S with one line naming the database, never the password', async () => {
      const proxy = await TcpProxy.create(target());
      const url = new URL(proxy.urlFor(db.url!));
      url.password = 'sekrit-pass';
      const started = Date.now();
      const r = await run({ DATABASE_URL: url.toString(), DATABASE_CONNECT_TIMEOUT_S: '2', PACKS_DIR: packsDir });
      const line = expectOneLine(
        r,
        new RegExp(`PostgreSQL at 127\\.0\\.0\\.1:${proxy.port}, database "\\w+" is not reachable \\(ECONNREFUSED\\) after 2 s`),
        /DATABASE_URL/,
      );
      expect(Date.now() - started).toBeGreaterThan(2000);
      expect(r.err).not.toContain('sekrit');
      expect(line).not.toContain('postgres://');
    });

    it('a refused login fails at once and says to check the user and password', async () => {
      const url = new URL(db.url!);
      url.username = 'riposte_no_such_role';
      url.password = 'sekrit-pass';
      const r = await run({ DATABASE_URL: url.toString(), PACKS_DIR: packsDir });
      expectOneLine(r, /refused user "riposte_no_such_role"/, /check the user and password in DATABASE_URL/);
      expect(r.err).not.toContain('sekrit');
    });

    it('a missing database says how to create it', async () => {
      const url = new URL(db.url!);
      url.pathname = '/riposte_missing_db';
      const r = await run({ DATABASE_URL: url.toString(), PACKS_DIR: packsDir });
      expectOneLine(r, /database "riposte_missing_db" does not exist; create it \(createdb .* riposte_missing_db\)/);
    });
  });
}
