import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function pack(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/content/pack-cli.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent', ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('npm run pack', () => {
  it('validates the first pack', () => {
    const r = pack(['validate', 'packs/marxism-or-anarchism.yaml']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/valid pack "marxism-or-anarchism" v\d+: \d+ claims/);
  });

  it('lists every error of a broken file with its path, and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'riposte-cli-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'format: riposte-pack/1\nslug: Not A Slug\ntitle: t\n');
    const r = pack(['validate', file]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('slug: must be lowercase words joined by hyphens');
    expect(r.err).toContain('version: is required');
    writeFileSync(file, 'slug: [unclosed\n');
    expect(pack(['validate', file]).err).toMatch(/not valid YAML/);
  });

  it('refuses a bad server id and an unknown command before touching a database', () => {
    const dir = mkdtempSync(join(tmpdir(), 'riposte-cli-'));
    const r = pack(['import', 'packs/marxism-or-anarchism.yaml', '--guild', 'abc'], { DATA_DIR: join(dir, 'data') });
    expect(r.code).toBe(1);
    expect(r.err).toContain('--guild must be a Discord server id (17–20 digits), not "abc"');
    const u = pack(['frobnicate']);
    expect(u.code).toBe(1);
    expect(u.err).toContain('Usage: npm run pack');
  });
});
