import { ConfigError, loadConfig, type Config } from './config.ts';
import { createLogger } from './log.ts';
import { StartupError } from './startup-error.ts';
import type { Clock } from './clock.ts';

/**
 * `npm start`: with DISCORD_TOKEN the bot connects to Discord; without it a console opens on the
 * embedded database. Bad configuration is one line on stderr and exit code 1.
 */
let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`Riposte cannot start: ${err.problems.join('; ')}\n`);
  process.exit(1);
}

const consoleMode = !config.discordToken;
// The console's answers go to stdout; routine start-up lines would only get in the way there.
const level = consoleMode && !process.env.LOG_LEVEL ? 'warn' : config.logLevel;
const log = createLogger(level, { pretty: Boolean(process.stderr.isTTY) });

// Loaded only after the configuration is known to be good, so a bad one fails at once.
const { startApp } = await import('./app.ts');
const clock = process.env.RIPOSTE_TEST_CLOCK === 'ipc' && process.send ? testClock() : undefined;
let app: Awaited<ReturnType<typeof startApp>>;
try {
  app = await startApp(config, log, {
    input: process.stdin,
    output: process.stdout,
    interactive: Boolean(process.stdin.isTTY),
    // The console's stdout is the conversation, so progress goes to stderr as plain lines; the bot's
    // stderr is a JSON log, so there progress is log lines.
    progress: consoleMode ? (line) => process.stderr.write(`${line}\n`) : (line) => log.info(line),
    ...(clock ? { clock } : {}),
  });
} catch (err) {
  // One line for the operator; the stack only for whoever asks for it with LOG_LEVEL=debug.
  log.debug({ err }, 'start-up failure');
  const line =
    err instanceof StartupError ? err.message : `${err instanceof Error ? err.message : String(err)} (LOG_LEVEL=debug shows the details)`;
  process.stderr.write(`Riposte could not start: ${line.replace(/\s*\n\s*/g, ' ')}\n`);
  // Let a pretty (worker-thread) logger flush the debug line before exiting.
  await new Promise((r) => setTimeout(r, log.isLevelEnabled('debug') ? 200 : 0));
  process.exit(1);
}
log.info({ mode: consoleMode ? 'console' : 'discord' }, 'Riposte is ready');

const SHUTDOWN_DEADLINE_MS = 9500;
let signalled = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (signalled) {
      process.stderr.write('Stopping now without waiting.\n');
      process.exit(130);
    }
    signalled = true;
    log.info({ signal }, 'shutting down');
    // Container managers send SIGKILL after 10 s; leave on our own terms before that.
    setTimeout(() => {
      log.error('shutdown took longer than 10 s; exiting anyway');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    app.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}

await app.finished;
await app.stop();
process.exit(0);

/**
 * End-to-end tests move the bot's time instead of waiting for it (a drill's close, the daily post's
 * minute): with RIPOSTE_TEST_CLOCK=ipc and an IPC channel (tests/e2e/bot-process.ts), time is the
 * system's plus RIPOSTE_TEST_CLOCK_OFFSET_MS (kept across a restart), plus what the test advances it
 * by with a { clock: 'advance', ms } message, acknowledged once applied. Never set outside tests.
 */
function testClock(): Clock {
  let offset = Number(process.env.RIPOSTE_TEST_CLOCK_OFFSET_MS ?? 0) || 0;
  process.on('message', (m: { clock?: string; ms?: number }) => {
    if (m?.clock !== 'advance' || typeof m.ms !== 'number') return;
    offset += m.ms;
    process.send?.({ clock: 'advanced', offset });
  });
  // The channel must not keep the process alive once the app is done.
  process.channel?.unref();
  return { now: () => new Date(Date.now() + offset) };
}
