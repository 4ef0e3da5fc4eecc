import { loadConfig } from '../config.ts';
import { openDatabase } from './client.ts';
import { migrate } from './migrate.ts';
import { runCli } from '../cli.ts';

await runCli(async (log) => {
  const config = loadConfig();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(database);
    log.info({ backend: database.kind }, 'migrations applied');
  } finally {
    await database.close();
  }
});
