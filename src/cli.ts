import { ConfigError } from './config.ts';
import { createLogger, type Logger } from './log.ts';
import { UserError } from './errors.ts';

/**
 * Runs a command-line entry point: expected problems (bad config, bad input) print one clear line
 * and exit 1; anything else is logged with its stack and exits 1.
 */
export async function runCli(main: (log: Logger) => Promise<void>): Promise<void> {
  const log = createLogger(process.env.LOG_LEVEL ?? 'info');
  try {
    await main(log);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof UserError) {
      process.stderr.write(`${err.message}\n`);
    } else {
      log.error({ err }, 'failed');
    }
    process.exitCode = 1;
  }
}
