import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { backends } from '../helpers/db.ts';
import { spawnRiposte, startBotProcess } from './bot-process.ts';
import { startFakeDiscord, type FakeDiscord } from './fake-discord/index.ts';
import { prepareStore, type BotStore } from './harness.ts';

const GUILD = '900000000000000001';

for (const backend of backends) {
  describe(`npm run commands:deploy [${backend}]`, () => {
    let fake: FakeDiscord | undefined;
    let store: BotStore | undefined;
    let noPacks: string | undefined;
    afterAll(async () => {
      await fake?.close();
      await store?.cleanup();
      if (noPacks) await rm(noPacks, { recursive: true, force: true });
    });

    it('registers to DEV_GUILD_ID, and the bot then finds nothing to register', async () => {
      fake = await startFakeDiscord({ guilds: [{ id: GUILD, channels: [{ id: '900000000000000011', name: 'general' }] }] });
      store = await prepareStore(backend);
      // An empty packs folder: the bot must start without loading any (a missing folder stops it).
      noPacks = await mkdtemp(join(tmpdir(), 'riposte-no-packs-'));
      const env = {
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: fake.apiUrl,
        DEV_GUILD_ID: GUILD,
        ...(store.databaseUrl ? { DATABASE_URL: store.databaseUrl } : { DATA_DIR: store.dataDir! }),
      };
      const deploy = spawnRiposte(env, { script: 'src/discord/deploy-cli.ts' });
      expect(await deploy.exited()).toBe(0);
      expect(fake.registrations.map((r) => r.scope)).toEqual([GUILD]);
      expect(
        fake
          .registeredCommands(GUILD)
          .map((c) => c.name)
          .sort(),
      ).toEqual(commands.map((c) => c.data.name).sort());

      const bot = await startBotProcess({
        apiUrl: fake.apiUrl,
        token: fake.token,
        databaseUrl: store.databaseUrl,
        dataDir: store.dataDir,
        env: { DEV_GUILD_ID: GUILD, PACKS_DIR: noPacks },
      });
      expect(fake.registrations).toHaveLength(1);
      expect(await bot.stop()).toBe(0);
      expect(deploy.stderr() + bot.stderr()).not.toContain(fake.token);
    });
  });
}
