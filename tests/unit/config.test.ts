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
