import { afterAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/db.ts';
import { spawnRiposte, startBotProcess } from './bot-process.ts';
import { startFakeDiscord, type FakeDiscord } from './fake-discord/index.ts';
import { prepareStore, type BotStore } from './harness.ts';

const GUILD = '900000000000000001';

for (const backend of backends) {
  describe(`npm run commands:deploy [${backend}]`, () => {
    let fake: FakeDiscord | undefined;
    let store: BotStore | undefined;
    afterAll(async () => {
      await fake?.close();
      await store?.cleanup();
    });

    it('registers to DEV_GUILD_ID, and the bot then finds nothing to register', async () => {
      fake = await startFakeDiscord({ guilds: [{ id: GUILD, channels: [{ id: '900000000000000011', name: 'general' }] }] });
      store = await prepareStore(backend);
      const env = {
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: fake.apiUrl,
        DEV_GUILD_ID: GUILD,
        ...(store.databaseUrl ? { DATABASE_URL: store.databaseUrl } : { DATA_DIR: store.dataDir! }),
      };
      const deploy = spawnRiposte(env, { script: 'src/discord/deploy-cli.ts' });
      expect(await deploy.exited()).toBe(0);
      expect(fake.registrations.map((r) => r.scope)).toEqual([GUILD]);
      expect(fake.registeredCommands(GUILD).map((c) => c.name)).toContain('claim');

      const bot = await startBotProcess({ apiUrl: fake.apiUrl, token: fake.token, databaseUrl: store.databaseUrl, dataDir: store.dataDir, env: { DEV_GUILD_ID: GUILD, PACKS_DIR: '/nonexistent-riposte-packs' } });
      expect(fake.registrations).toHaveLength(1);
      expect(await bot.stop()).toBe(0);
      expect(deploy.stderr() + bot.stderr()).not.toContain(fake.token);
    });
  });
}
