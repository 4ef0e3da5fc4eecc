import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, loadDotEnv } from '../../src/config.ts';

/** `.env` as `npm start` reads it: from the working directory, under whatever the environment already says. */
describe('.env loading', () => {
  const cwd = process.cwd();
  const saved = { ...process.env };
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'riposte-env-'));
    process.chdir(dir);
    for (const k of ['DATA_DIR', 'PACKS_DIR', 'LOG_LEVEL', 'METRICS_PORT', 'DISCORD_TOKEN', 'DATABASE_URL']) delete process.env[k];
  });
  afterEach(() => {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  });

  it('reads .env, and the environment wins over it', () => {
    writeFileSync(join(dir, '.env'), '# local settings\nDATA_DIR=/srv/riposte\nPACKS_DIR=./my-packs\nLOG_LEVEL=debug\n');
    process.env.LOG_LEVEL = 'error';
    const c = loadConfig();
    expect(c.dataDir).toBe('/srv/riposte');
    expect(c.packsDir).toBe('./my-packs');
    expect(c.logLevel).toBe('error');
  });

  it('validates what .env says like any variable', () => {
    writeFileSync(join(dir, '.env'), 'METRICS_PORT=ninety\n');
    expect(() => loadConfig()).toThrow(ConfigError);
    expect(() => loadConfig()).toThrow('Invalid METRICS_PORT');
  });

  it('is optional; an unreadable one is one clear line', () => {
    expect(loadDotEnv()).toBe(false);
    expect(loadConfig().dataDir).toBe('./data');
    mkdirSync(join(dir, '.env'));
    expect(() => loadDotEnv()).toThrow(/^Cannot read \.env: .*\(fix the file or remove it\)$/);
  });

  it('is not read when the configuration is given explicitly (tests)', () => {
    writeFileSync(join(dir, '.env'), 'DATA_DIR=/from/file\n');
    expect(loadConfig({}).dataDir).toBe('./data');
    expect(process.env.DATA_DIR).toBeUndefined();
  });
});

describe('.env.example', () => {
  it('lists every variable the configuration reads', async () => {
    const { readFileSync } = await import('node:fs');
    const { configSchema } = await import('../../src/config.ts');
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    const listed = [...example.matchAll(/^# ([A-Z_]+)=/gm)].map((m) => m[1]);
    // discord.js's ShardingManager sets these two in the processes it starts; nobody writes them in a file.
    const setBySharding = ['SHARDING_MANAGER', 'SHARDS'];
    expect(listed.sort()).toEqual(
      Object.keys(configSchema.shape)
        .filter((k) => !setBySharding.includes(k))
        .sort(),
    );
  });
});
