import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('config from the environment', () => {
  it('needs nothing: embedded database in ./data, console mode', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ databaseUrl: undefined, dataDir: './data', discordToken: undefined, logLevel: 'info', packsDir: './packs' });
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', DISCORD_TOKEN: '  ' }).databaseUrl).toBeUndefined();
  });

  it('names each bad variable in one line, without echoing the secret', () => {
    const lines = problems({
      DATABASE_URL: 'mysql://x',
      DISCORD_TOKEN: 'not-a-token',
      LOG_LEVEL: 'loud',
      METRICS_PORT: '99999',
      DEV_GUILD_ID: 'abc',
    });
    expect(lines).toHaveLength(5);
    expect(lines.find((l) => l.startsWith('Invalid DATABASE_URL'))).toMatch(/postgres:\/\//);
    expect(lines.find((l) => l.startsWith('Invalid DISCORD_TOKEN'))).toMatch(/does not look like a bot token/);
    expect(lines.find((l) => l.startsWith('Invalid METRICS_PORT'))).toMatch(/1–65535/);
    expect(lines.find((l) => l.startsWith('Invalid DEV_GUILD_ID'))).toMatch(/Discord id/);
    expect(lines.join('\n')).not.toContain('not-a-token');
  });

  it('refuses a connect timeout that is not a whole number of seconds up to an hour', () => {
    for (const v of ['-1', 'soon', '1.5', '3601']) {
      expect(problems({ DATABASE_CONNECT_TIMEOUT_S: v }), v).toEqual([expect.stringMatching(/^Invalid DATABASE_CONNECT_TIMEOUT_S/)]);
    }
    expect(loadConfig({ DATABASE_CONNECT_TIMEOUT_S: '0' }).databaseConnectTimeoutS).toBe(0);
  });

  it('reads SHARD_COUNT and SHARD_IDS (ids and ranges); unset is one unsharded process', () => {
    expect(loadConfig({}).shards).toEqual({ count: undefined, ids: undefined, managed: false });
    expect(loadConfig({ SHARD_COUNT: '4' }).shards).toEqual({ count: 4, ids: undefined, managed: false });
    expect(loadConfig({ SHARD_COUNT: '8', SHARD_IDS: '0-3' }).shards.ids).toEqual([0, 1, 2, 3]);
    expect(loadConfig({ SHARD_COUNT: '8', SHARD_IDS: ' 6, 0,2-3 ' }).shards.ids).toEqual([6, 0, 2, 3]);
    expect(loadConfig({ SHARD_COUNT: '', SHARD_IDS: '' }).shards.count).toBeUndefined();
  });

  it('names a bad shard setting in one line', () => {
    const cases: [Record<string, string>, string][] = [
      [{ SHARD_COUNT: '0' }, 'Invalid SHARD_COUNT: must be 1–16384'],
      [{ SHARD_COUNT: '20000' }, 'Invalid SHARD_COUNT: must be 1–16384'],
      [{ SHARD_COUNT: 'auto' }, 'Invalid SHARD_COUNT: must be a whole number of shards'],
      [{ SHARD_COUNT: '2.5' }, 'Invalid SHARD_COUNT: must be a whole number of shards'],
      [{ SHARD_IDS: '0-1' }, 'Invalid SHARD_IDS: needs SHARD_COUNT, the total number of shards across every host'],
      [{ SHARD_COUNT: '4', SHARD_IDS: '3,4' }, 'Invalid SHARD_IDS: shard 4 does not exist with SHARD_COUNT=4 (ids run 0–3)'],
      [{ SHARD_COUNT: '4', SHARD_IDS: '2-0' }, 'Invalid SHARD_IDS: the range 2-0 runs backwards; write 0-2'],
      [{ SHARD_COUNT: '4', SHARD_IDS: '0-2,1' }, 'Invalid SHARD_IDS: lists shard 1 twice'],
      [{ SHARD_COUNT: '4', SHARD_IDS: 'one' }, 'Invalid SHARD_IDS: must be shard ids and ranges separated by commas'],
      [{ SHARD_COUNT: '4', SHARD_IDS: '0-99999999' }, 'Invalid SHARD_IDS: shard 99999999 is beyond the 16384 shards'],
    ];
    for (const [env, line] of cases) {
      const found = problems(env);
      expect(found, JSON.stringify(env)).toHaveLength(1);
      expect(found[0], JSON.stringify(env)).toContain(line);
    }
  });

  it("inside discord.js's ShardingManager, runs the one shard the manager gave it, not the host's SHARD_IDS", () => {
    // What a shard process of `npm run start:sharded` sees: the manager's own environment (here with
    // the host's SHARD_IDS) plus discord.js's SHARDING_MANAGER, SHARDS and SHARD_COUNT.
    const c = loadConfig({ SHARD_IDS: '2-3', SHARDING_MANAGER: 'true', SHARDS: '3', SHARD_COUNT: '4' });
    expect(c.shards).toEqual({ count: 4, ids: [3], managed: true });
  });

  it('accepts a full configuration', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      DISCORD_TOKEN: 'aaaa.bbbb.cccc',
      DISCORD_API_URL: 'http://127.0.0.1:9999/api',
      DEV_GUILD_ID: '123456789012345678',
      METRICS_PORT: '9464',
    });
    expect(c).toMatchObject({
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/test',
      discordApiUrl: 'http://127.0.0.1:9999/api',
      metricsPort: 9464,
    });
  });
});
