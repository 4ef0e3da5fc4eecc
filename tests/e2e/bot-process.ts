import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Variables the bot reads; never inherited from the test's own environment. */
const BOT_VARS = [
  'RIPOSTE_TEST_CLOCK',
  'RIPOSTE_TEST_CLOCK_OFFSET_MS',
  'DATABASE_CONNECT_TIMEOUT_S',
  'DISCORD_TOKEN',
  'DISCORD_API_URL',
  'DATABASE_URL',
  'DATA_DIR',
  'DEV_GUILD_ID',
  'PACKS_DIR',
  'LOG_LEVEL',
  'METRICS_PORT',
];

export interface BotProcess {
  child: ChildProcess;
  /** Everything the process wrote so far. */
  stdout(): string;
  stderr(): string;
  /** Its JSON log lines, parsed. */
  logs(): Record<string, unknown>[];
  /** Waits for a log line with this message. */
  waitForLog(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
  /** The exit code, once the process ends by itself. */
  exited(): Promise<number | null>;
  /**
   * Moves the process's clock forward (it was started with RIPOSTE_TEST_CLOCK=ipc); resolves once the
   * process has applied it, so its next scheduler tick sees the new time.
   */
  advanceClock(ms: number): Promise<void>;
}

export interface BotProcessOptions {
  /** The fake's `apiUrl` (…/api). */
  apiUrl: string;
  token: string;
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}

/**
 * Starts a child process with the given environment and collects its output and logs. Riposte itself
 * starts as `npm start` does (src/start.mjs: the compiled build, built once per source change and shared
 * by the workers); another `script` (a CLI) runs through tsx.
 */
export function spawnRiposte(env: Record<string, string>, opts: { stdin?: 'pipe' | 'ignore'; script?: string } = {}): BotProcess {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !BOT_VARS.includes(k))) as Record<string, string>;
  const args = opts.script ? ['--import', 'tsx', opts.script] : ['src/start.mjs'];
  const ipc = env.RIPOSTE_TEST_CLOCK === 'ipc';
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...base, ...env },
    stdio: [opts.stdin ?? 'ignore', 'pipe', 'pipe', ...(ipc ? (['ipc'] as const) : [])],
  });
  let out = '';
  let err = '';
  const logs: Record<string, unknown>[] = [];
  let partial = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    err += d;
    const lines = (partial + d).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
        child.emit('log', logs[logs.length - 1]);
      } catch {
        /* not a log line */
      }
    }
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    logs: () => logs,
    waitForLog(msg, timeoutMs = 90_000) {
      const found = logs.find((l) => l.msg === msg);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no "${msg}" log within ${timeoutMs} ms. stderr:\n${err.slice(-3000)}`));
        }, timeoutMs);
        const onLog = (l: Record<string, unknown>) => {
          if (l.msg !== msg) return;
          cleanup();
          resolve(l);
        };
        const onExit = (code: number | null) => {
          cleanup();
          reject(new Error(`bot exited (${code}) before "${msg}". stderr:\n${err.slice(-3000)}`));
        };
        const cleanup = () => {
          clearTimeout(timer);
          child.off('log', onLog);
          child.off('exit', onExit);
        };
        child.on('log', onLog);
        child.on('exit', onExit);
      });
    },
    exited: () => exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    async advanceClock(ms) {
      if (!ipc) throw new Error('advanceClock needs the process started with RIPOSTE_TEST_CLOCK=ipc');
      const ack = new Promise<void>((resolve) => {
        const onMessage = (m: { clock?: string }) => {
          if (m?.clock !== 'advanced') return;
          child.off('message', onMessage);
          resolve();
        };
        child.on('message', onMessage);
      });
      child.send({ clock: 'advance', ms });
      await Promise.race([
        ack,
        exited.then((code) => {
          throw new Error(`bot exited (${code}) before moving its clock. stderr:\n${err.slice(-3000)}`);
        }),
      ]);
    },
  };
}

/**
 * The real program (`src/main.ts`, the real discord.js client) as a child process, pointed at a
 * fake Discord; resolves once it has connected, synced its commands and logged that it is ready.
 * PGlite cannot be shared between processes: give each run its own DATA_DIR (a restart may reuse it).
 */
export async function startBotProcess(opts: BotProcessOptions): Promise<BotProcess> {
  const env: Record<string, string> = {
    DISCORD_TOKEN: opts.token,
    DISCORD_API_URL: opts.apiUrl,
    LOG_LEVEL: 'info',
    ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
    ...(opts.dataDir ? { DATA_DIR: opts.dataDir } : {}),
    ...opts.env,
  };
  const bot = spawnRiposte(env);
  try {
    await bot.waitForLog('Riposte is ready', opts.readyTimeoutMs ?? 90_000);
  } catch (err) {
    await bot.stop();
    throw err;
  }
  return bot;
}
