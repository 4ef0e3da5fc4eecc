import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importPackFile } from '../../src/content/import.ts';
import { DATABASE_UNAVAILABLE_MESSAGE } from '../../src/interactions/errors.ts';
import { backends } from '../helpers/db.ts';
import { startBotProcess, type BotProcess } from './bot-process.ts';
import { startFakeDiscord, type FakeDiscord, type FakeUser } from './fake-discord/index.ts';
import { TcpProxy } from './fake-discord/tcp-proxy.ts';
import { prepareStore, type BotStore } from './harness.ts';

const GUILD = '530000000000000001';
const CHAN = '530000000000000011';
const members: FakeUser[] = Array.from({ length: 8 }, (_, i) => ({ id: `63000000000000000${i}`, username: `m${i}` }));
const quotesPack = fileURLToPath(new URL('../fixtures/quotes-pack.yaml', import.meta.url));

// The proxy stands between the bot and a real PostgreSQL server, so this runs on PostgreSQL only. On a
// PGlite-only run (plain `npm test`) it shows as skipped: a file that declares no test fails the run.
describe.skipIf(!backends.includes('postgres'))('the database lost while the bot runs [postgres] (needs TEST_DATABASE_URL)', () => {
  let fake: FakeDiscord;
  let store: BotStore;
  let proxy: TcpProxy;
  let bot: BotProcess;
  let packsDir: string;
  let metricsPort: number;
  const readyz = async () => {
    const r = await fetch(`http://127.0.0.1:${metricsPort}/readyz`);
    return { status: r.status, body: JSON.parse(await r.text()) as { checks: Record<string, { ok: boolean }> } };
  };

  beforeAll(async () => {
    fake = await startFakeDiscord({ guilds: [{ id: GUILD, name: 'Club', channels: [{ id: CHAN, name: 'general' }] }] });
    store = await prepareStore('postgres', async (db) => {
      await importPackFile(db, quotesPack);
    });
    const u = new URL(store.databaseUrl!);
    proxy = await TcpProxy.create({ host: u.hostname, port: Number(u.port || 5432) });
    await proxy.forward();
    packsDir = await mkdtemp(join(tmpdir(), 'riposte-rel-packs-'));
    const free = await TcpProxy.create({ host: '127.0.0.1', port: 1 });
    metricsPort = free.port;
    bot = await startBotProcess({
      apiUrl: fake.apiUrl,
      token: fake.token,
      databaseUrl: proxy.urlFor(store.databaseUrl!),
      env: { PACKS_DIR: packsDir, RIPOSTE_TICK_MS: '300', METRICS_PORT: String(metricsPort) },
    });
  }, 120_000);

  afterAll(async () => {
    await bot?.stop();
    await proxy?.close();
    await fake?.close();
    await store?.cleanup();
    if (packsDir) await rm(packsDir, { recursive: true, force: true });
  });

  const quote = (user: FakeUser) => fake.command({ guildId: GUILD, channelId: CHAN, user, name: 'quote', subcommand: 'random' });
  const logCount = (msg: string) => bot.logs().filter((l) => l.msg === msg).length;

  it('tells members to try again, skips scheduler ticks with one line, and recovers every command once the database is back', {
    timeout: 90_000,
  }, async () => {
    const before = await quote(members[0]!);
    expect(before.embeds.length).toBeGreaterThan(0);
    expect((await readyz()).status).toBe(200);

    await proxy.refuse();
    const cut = Date.now();
    const down = await Promise.all(
      members.slice(0, 3).map(async (m) => {
        const t = Date.now();
        const a = await quote(m);
        return { a, ms: Date.now() - t };
      }),
    );
    for (const { a } of down) {
      expect(a.ephemeral).toBe(true);
      expect(a.content).toBe(DATABASE_UNAVAILABLE_MESSAGE);
      expect(a.content).not.toMatch(/error id/);
    }
    // No timing is asserted (a shared machine is noisy): the fake, like Discord, refuses a first
    // response after 3 s, so an answer at all means within the deadline; the figures are printed.
    console.log(`database down: ${down.length} commands told to try again, slowest after ${Math.max(...down.map((x) => x.ms))} ms`);
    // Autocomplete cannot show a message: it answers with no choices rather than failing.
    const choices = await fake.autocomplete({
      guildId: GUILD,
      channelId: CHAN,
      user: members[1]!,
      name: 'quote',
      subcommand: 'random',
      options: { speaker: 'Tr' },
      focused: 'speaker',
    });
    expect(choices).toEqual([]);

    // Several ticks pass during the outage; the scheduler says so once.
    while (Date.now() - cut < 2500) await new Promise((r) => setTimeout(r, 100));
    expect(logCount('database unreachable; scheduler skips its ticks until it returns')).toBe(1);
    expect(logCount('scheduler tick failed')).toBe(0);
    expect(logCount('interaction failed')).toBe(0);
    const downReady = await readyz();
    expect(downReady.status).toBe(503);
    expect(downReady.body.checks.database!.ok).toBe(false);
    expect(downReady.body.checks.gateway!.ok).toBe(true);

    await proxy.forward();
    const back = Date.now();
    const after = await Promise.all(
      members.map(async (m) => {
        const a = await quote(m);
        return { a, ms: Date.now() - back };
      }),
    );
    for (const { a } of after) {
      expect(a.content).not.toBe(DATABASE_UNAVAILABLE_MESSAGE);
      expect(a.embeds.length).toBeGreaterThan(0);
    }
    const slowest = Math.max(...after.map((x) => x.ms));
    console.log(`database back: ${after.length} concurrent commands answered, slowest after ${slowest} ms`);
    const until = Date.now() + 5000;
    while (logCount('database reachable again; scheduler resumes') === 0 && Date.now() < until)
      await new Promise((r) => setTimeout(r, 100));
    expect(logCount('database reachable again; scheduler resumes')).toBe(1);
    expect(logCount('database unreachable; scheduler skips its ticks until it returns')).toBe(1);
    expect((await readyz()).status).toBe(200);
    // The outage is in the metrics too, once, beside the database and the job queue as they are now.
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(text).toMatch(/^riposte_database_outages 1$/m);
    expect(text).toMatch(/^riposte_database_up 1$/m);
    expect(text).toMatch(/^riposte_database_pool_max 10$/m);
    expect(text).toMatch(/^riposte_scheduler_lag_seconds \d/m);
  });

  it('stops on SIGTERM, closing the pool', { timeout: 30_000 }, async () => {
    // The 10 s are the app's own bounds (STOP_WORK_MS, the pool's 5 s); printed, not asserted.
    const started = Date.now();
    expect(await bot.stop()).toBe(0);
    console.log(`stopped in ${Date.now() - started} ms`);
    expect(logCount('shutting down')).toBe(1);
  });
});
