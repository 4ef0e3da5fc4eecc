import { runCli } from '../cli.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { UserError } from '../errors.ts';
import { commands } from '../../commands/index.ts';
import { currentApplicationId, registrationRest, syncCommands } from './command-sync.ts';

/**
 * `npm run commands:deploy`: registers the slash commands now (globally, or to DEV_GUILD_ID) and
 * records their hash, so the bot's own start-up sync then sees nothing to do.
 */
await runCli(async (log) => {
  const config = loadConfig();
  if (!config.discordToken) throw new UserError('cli.token');
  const rest = registrationRest(config.discordToken, config.discordApiUrl);
  const applicationId = await currentApplicationId(rest);
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(database);
    await syncCommands({ rest, applicationId, guildId: config.devGuildId, commands, database, log, force: true });
  } finally {
    await database.close();
  }
});
