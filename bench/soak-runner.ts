/**
 * The soak (issue 11): members of a club using the real bot for minutes through the fake Discord on
 * loopback — lookups, autocompletes, drill answers (some edited) and votes while admins run drills —
 * with every interaction timed and checked, and the bot process's RSS read once a second.
 * `npm run soak` (bench/soak.ts) runs it for 5 minutes; tests/e2e/soak.test.ts for a few seconds.
 */
import { readFileSync } from 'node:fs';
import { startBotProcess, type BotProcess } from '../tests/e2e/bot-process.ts';
import {
  snowflake,
  startFakeDiscord,
  type FakeDiscord,
  type FakeInteraction,
  type FakeUser,
  type StoredMessage,
} from '../tests/e2e/fake-discord/index.ts';
import { drillClaim, sampleAnswers, sentencePool } from './answer-pool.ts';
import { Rng } from './prng.ts';
import { summarizeSoak, type SoakReport, type Sample } from './soak-report.ts';

/** Every kind of interaction the soak sends; a run that misses one has not exercised the bot fully. */
export const SOAK_KINDS = [
  '/claim search',
  '/claim show',
  '/quote random',
  '/source',
  'autocomplete claim',
  'autocomplete quote',
  'autocomplete topic',
  'autocomplete speaker',
  'autocomplete source',
  '/drill start',
  '/drill close',
  'answer form',
  'answer submit',
  'answer edit',
  'vote',
] as const;
export type SoakKind = (typeof SOAK_KINDS)[number];

const LOOKUP_KINDS = SOAK_KINDS.filter((k) => k.startsWith('/') && !k.startsWith('/drill')) as SoakKind[];
const AUTOCOMPLETE_KINDS = SOAK_KINDS.filter((k) => k.startsWith('autocomplete')) as SoakKind[];

export interface SoakOptions {
  durationMs: number;
  members: number;
  /** The bot's store: a PostgreSQL URL or a PGlite folder nobody else has open. */
  store: { databaseUrl?: string | undefined; dataDir?: string | undefined };
  seed?: number;
  /** Channels with drills, each run by its own admin; default one per 7 members (1–3). */
  drillChannels?: number;
  /** Progress lines (stderr in the CLI). */
  progress?: (line: string) => void;
  /**
   * Discord's 3-second deadline for a first response, enforced by the fake and counted as a failure
   * (the default, for `npm run soak`). `false`: no deadline, an interaction fails only when it is
   * never answered — for the test, which runs on a shared machine and asserts no timing.
   */
  deadline?: boolean;
}

/** Discord's deadline for the first response; the fake refuses a later one with Unknown interaction. */
const FIRST_RESPONSE_MS = 3_000;
/** Waiting a little past the deadline tells a late answer from one that never comes. */
const FIRST_RESPONSE_WAIT_MS = FIRST_RESPONSE_MS + 3_000;
/** Without the deadline: long enough that only an interaction nobody answers counts as failed. */
const NO_DEADLINE_WAIT_MS = 60_000;

const FAILURE_TEXT = /Something went wrong on our side|error id|can't reach its database/i;
/** A member's mistake or a race the bot words (closed drill, vote limit, cooldown): answered, not failed. */
const REFUSAL_TEXT =
  /Try again in|can't vote|used all \d+ of your votes|has ended|no longer accepted|already running|Voting starts when|only members who answered|already been closed|no drill running|no longer (exists|in use)|not part of this drill|^No (claim|quote|reference)/i;

const CLAIM_QUERIES = [
  'state',
  'workers councils',
  'vanguard party',
  'kronstadt',
  'civil war',
  'centralisation',
  'dictatorship',
  'spanish revolution',
  'anarchy',
  'marx',
];
const TYPED = ['s', 'st', 'sta', 'rev', 'wor', 'kro', 'par', 'cap', 'lib', 'an', ''];
const SPEAKERS_TYPED = ['bak', 'marx', 'len', 'trot', 'krop', 'eng', 'pr', 'ma', ''];
const REFS_TYPED = ['H.', 'H.1', 'A.', 'B.', 'F.', 'I.', 'J.', ''];

interface DrillState {
  channelId: string;
  admin: FakeUser;
  phase: 'idle' | 'open' | 'voting';
  prompt?: StoredMessage | undefined;
  /** Result posts with vote buttons; `authors[n]` wrote answer #n. */
  ballots: { message: StoredMessage; customId: string; n: number; author: string }[];
  /** This drill's number in the channel, so members know a new drill from the last one. */
  round: number;
  answered: Map<string, number>;
  edited: Map<string, number>;
}

type Json = Record<string, unknown>;
type Component = { type: number; custom_id?: string; label?: string };
const componentsOf = (m: { components: Json[] }): Component[] => m.components.flatMap((r) => (r.components as Component[]) ?? []);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The bot process's resident set in kB, from /proc (Linux). */
export function readRssKb(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** The interaction the fake created last: its helpers start one synchronously, before their first await. */
function newest(fake: FakeDiscord): FakeInteraction {
  let last: FakeInteraction | undefined;
  for (const i of fake.interactions.values()) last = i;
  if (!last) throw new Error('the fake Discord started no interaction');
  return last;
}

export async function runSoak(opts: SoakOptions): Promise<SoakReport> {
  const progress = opts.progress ?? (() => {});
  if (!Number.isFinite(opts.durationMs) || opts.durationMs <= 0) throw new Error(`durationMs must be positive, got ${opts.durationMs}`);
  if (!Number.isInteger(opts.members) || opts.members < 1) throw new Error(`members must be a positive integer, got ${opts.members}`);
  const rng = new Rng(opts.seed ?? 11);
  const drillChannels = opts.drillChannels ?? Math.min(3, Math.max(1, Math.ceil(opts.members / 7)));
  // Fresh ids each run: a PostgreSQL store reused from an earlier run has its own drills in its own channels.
  const guildId = snowflake();
  const drills: DrillState[] = Array.from({ length: drillChannels }, (_, c) => ({
    channelId: snowflake(),
    admin: { id: snowflake(), username: `admin${c + 1}`, manageGuild: true },
    phase: 'idle',
    ballots: [],
    round: 0,
    answered: new Map(),
    edited: new Map(),
  }));
  const members: FakeUser[] = Array.from({ length: opts.members }, (_, m) => ({
    id: snowflake(),
    username: `member${String(m + 1).padStart(2, '0')}`,
  }));
  const answers = sampleAnswers(sentencePool(drillClaim().claimSlug), 200, opts.seed ?? 11).filter((a) => a.length >= 20);

  const deadline = opts.deadline ?? true;
  const fake = await startFakeDiscord({
    ...(deadline ? {} : { ackTimeoutMs: 0 }),
    guilds: [{ id: guildId, name: 'Soak club', channels: drills.map((d, c) => ({ id: d.channelId, name: `drills-${c + 1}` })) }],
  });
  let bot: BotProcess | undefined;
  const samples: Sample[] = [];
  const rss: [number, number][] = [];
  const failures: { kind: SoakKind; reason: string; atMs: number }[] = [];
  let t0 = 0;
  try {
    progress('starting the bot…');
    bot = await startBotProcess({
      apiUrl: fake.apiUrl,
      token: fake.token,
      databaseUrl: opts.store.databaseUrl,
      dataDir: opts.store.dataDir,
      // First start on an empty store imports the shipped packs; that can take a while on 2 busy cores.
      readyTimeoutMs: 240_000,
    });
    const pid = bot.child.pid!;
    const logsBefore = bot.logs().length;
    t0 = Date.now();
    const endAt = t0 + opts.durationMs;
    // Without the deadline (the test) a starved machine does less in the same time: the run goes on,
    // up to four times as long, until every kind of interaction has been answered once.
    const hardEndAt = t0 + (deadline ? 1 : 4) * opts.durationMs;
    const seenAll = () => SOAK_KINDS.every((k) => samples.some((x) => x.kind === k && x.outcome !== 'failed'));
    const running = () => Date.now() < endAt || (!deadline && Date.now() < hardEndAt && !seenAll());
    const rssTimer = setInterval(() => {
      const kb = readRssKb(pid);
      if (kb !== undefined) rss.push([Date.now() - t0, kb]);
    }, 1_000);
    rss.push([0, readRssKb(pid) ?? 0]);
    progress(
      `bot ready (pid ${pid}); ${opts.members} members and ${drillChannels} drill channel(s) for ${Math.round(opts.durationMs / 1000)} s`,
    );

    const claimIds = new Set<number>();
    const refCodes = new Set<string>();
    const speakers = new Set<string>();
    const started = new Map<SoakKind, number>();

    /**
     * Sends one interaction and waits for what the member sees. Latency is the fake's clock from
     * dispatch to the bot's first response (ack, defer, reply, choices or modal).
     */
    async function observe<T>(kind: SoakKind, send: () => Promise<T>, seen: (v: T) => { text: string }): Promise<T | undefined> {
      const before = fake.interactions.size;
      const p = send();
      if (fake.interactions.size === before) {
        // Refused by the fake before anything reached the bot (a button gone since): nothing was sent.
        await p.catch(() => {});
        return undefined;
      }
      started.set(kind, (started.get(kind) ?? 0) + 1);
      const i = newest(fake);
      const fail = (reason: string) => {
        failures.push({ kind, reason, atMs: Date.now() - t0 });
        samples.push({ kind, ms: Number.NaN, outcome: 'failed' });
      };
      try {
        const first = await i.waitFor(() => true, 0, deadline ? FIRST_RESPONSE_WAIT_MS : NO_DEADLINE_WAIT_MS);
        const ms = first.at - i.dispatchedAt;
        const value = await p;
        const { text } = seen(value);
        if (deadline && ms > FIRST_RESPONSE_MS) fail(`first response after ${ms} ms`);
        else if (FAILURE_TEXT.test(text)) fail(`answered: ${text.slice(0, 200)}`);
        else samples.push({ kind, ms, outcome: REFUSAL_TEXT.test(text) ? 'refused' : 'ok' });
        return value;
      } catch (err) {
        p.catch(() => {});
        fail(`no answer: ${(err as Error).message.slice(0, 200)}`);
        return undefined;
      }
    }
    const textOf = (a: { content: string; embeds: Json[] }) => ({ text: `${a.content}\n${JSON.stringify(a.embeds)}` });
    const choicesText = (c: Json[]) => ({ text: JSON.stringify(c) });
    const where = (user: FakeUser, d: DrillState) => ({ guildId, channelId: d.channelId, user });

    async function autocomplete(kind: SoakKind, user: FakeUser, d: DrillState, r: Rng): Promise<void> {
      const at = where(user, d);
      if (kind === 'autocomplete claim') {
        if (r.chance(0.5)) {
          const q = r.pick(TYPED);
          await observe(
            kind,
            () => fake.autocomplete({ ...at, name: 'claim', subcommand: 'search', options: { query: q }, focused: 'query' }),
            choicesText,
          );
        } else {
          const c = await observe(
            kind,
            () => fake.autocomplete({ ...at, name: 'claim', subcommand: 'show', options: { id: r.pick(TYPED) }, focused: 'id' }),
            choicesText,
          );
          for (const x of c ?? []) if (typeof x.value === 'number') claimIds.add(x.value);
        }
      } else if (kind === 'autocomplete quote') {
        await observe(
          kind,
          () => fake.autocomplete({ ...at, name: 'quote', subcommand: 'search', options: { query: r.pick(TYPED) }, focused: 'query' }),
          choicesText,
        );
      } else if (kind === 'autocomplete topic') {
        const name = r.pick(['claim', 'quote']);
        await observe(
          kind,
          () => fake.autocomplete({ ...at, name, subcommand: 'random', options: { topic: r.pick(TYPED) }, focused: 'topic' }),
          choicesText,
        );
      } else if (kind === 'autocomplete speaker') {
        const c = await observe(
          kind,
          () =>
            fake.autocomplete({
              ...at,
              name: 'quote',
              subcommand: 'random',
              options: { speaker: r.pick(SPEAKERS_TYPED) },
              focused: 'speaker',
            }),
          choicesText,
        );
        for (const x of c ?? []) if (typeof x.value === 'string') speakers.add(x.value);
      } else {
        const c = await observe(
          kind,
          () => fake.autocomplete({ ...at, name: 'source', options: { ref: r.pick(REFS_TYPED) }, focused: 'ref' }),
          choicesText,
        );
        for (const x of c ?? []) if (typeof x.value === 'string') refCodes.add(x.value);
      }
    }

    async function lookup(kind: SoakKind, user: FakeUser, d: DrillState, r: Rng): Promise<void> {
      const at = where(user, d);
      if (kind === '/claim search') {
        await observe(
          kind,
          () => fake.command({ ...at, name: 'claim', subcommand: 'search', options: { query: r.pick(CLAIM_QUERIES) } }),
          textOf,
        );
      } else if (kind === '/claim show') {
        // A member picks the claim from autocomplete first, as Discord's picker makes them.
        if (claimIds.size === 0 || r.chance(0.2)) await autocomplete('autocomplete claim', user, d, r);
        const id = claimIds.size ? r.pick([...claimIds]) : 1;
        await observe(kind, () => fake.command({ ...at, name: 'claim', subcommand: 'show', options: { id } }), textOf);
      } else if (kind === '/quote random') {
        const how = r.int(0, 2);
        const options: Json = {};
        if (how === 1 && speakers.size) options.speaker = r.pick([...speakers]);
        if (how === 2) options.topic = r.pick(['the-state', 'revolution', 'kronstadt', 'marxism']);
        await observe(kind, () => fake.command({ ...at, name: 'quote', subcommand: 'random', options }), textOf);
      } else {
        if (refCodes.size === 0 || r.chance(0.2)) await autocomplete('autocomplete source', user, d, r);
        const ref = refCodes.size ? r.pick([...refCodes]) : 'H.1';
        await observe(kind, () => fake.command({ ...at, name: 'source', options: { ref } }), textOf);
      }
    }

    /** Opens the answer form on the prompt and submits (or edits) an answer. */
    async function answer(user: FakeUser, d: DrillState, r: Rng, edit: boolean): Promise<void> {
      const prompt = d.prompt;
      const round = d.round;
      if (!prompt || d.phase !== 'open') return;
      const current = fake.messages.get(prompt.id);
      const button = current && componentsOf(current).find((c) => c.custom_id?.startsWith('drill:submit:'));
      if (!button?.custom_id) return;
      const form = await observe(
        'answer form',
        () => fake.click({ message: current!, customId: button.custom_id!, user, guildId }),
        textOf,
      );
      if (!form?.modal) return;
      // Writing takes a moment; a drill closing meanwhile makes a refusal, as it would in a club.
      await sleep(r.int(300, 1_500));
      const kind: SoakKind = edit ? 'answer edit' : 'answer submit';
      const saved = await observe(
        kind,
        () =>
          fake.submitModal({
            ...where(user, d),
            customId: String(form.modal!.custom_id),
            fields: { answer: r.pick(answers) },
            message: prompt,
          }),
        textOf,
      );
      if (saved && /^Answer (saved|updated)/.test(saved.content)) (edit ? d.edited : d.answered).set(user.id, round);
    }

    async function vote(user: FakeUser, d: DrillState, r: Rng): Promise<void> {
      const others = d.ballots.filter((b) => b.author !== user.username);
      if (others.length === 0) return;
      const b = r.pick(others);
      if (!fake.messages.get(b.message.id)) return;
      await observe('vote', () => fake.click({ message: b.message, customId: b.customId, user, guildId }), textOf);
    }

    async function member(index: number): Promise<void> {
      const user = members[index]!;
      const d = drills[index % drills.length]!;
      const r = rng.fork(`member ${index}`);
      // Members arrive over the first seconds rather than all at once.
      await sleep(r.int(0, 1_500));
      while (running()) {
        if (d.phase === 'open' && d.answered.get(user.id) !== d.round) await answer(user, d, r, false);
        // Every third member edits once per drill (so even a short run has edits), a few others too.
        else if (d.phase === 'open' && d.edited.get(user.id) !== d.round && (index % 3 === 0 || r.chance(0.1)))
          await answer(user, d, r, true);
        else if (d.phase === 'voting' && d.ballots.length > 0 && r.chance(0.6)) await vote(user, d, r);
        else {
          // Every kind once before the mix takes over, so a short run still covers them all.
          const untried = [...LOOKUP_KINDS, ...AUTOCOMPLETE_KINDS].find((k) => !started.has(k));
          const kind = untried ?? (r.chance(0.55) ? r.pick(LOOKUP_KINDS) : r.pick(AUTOCOMPLETE_KINDS));
          if (kind.startsWith('autocomplete')) await autocomplete(kind, user, d, r);
          else await lookup(kind, user, d, r);
        }
        await sleep(r.int(500, 2_000));
      }
    }

    /** The admin of one channel: start a drill, let members answer, close, let them vote, end voting; again. */
    async function admin(d: DrillState, c: number): Promise<void> {
      const openMs = Math.min(60_000, Math.max(8_000, opts.durationMs / 3));
      const voteMs = Math.min(30_000, Math.max(4_000, opts.durationMs / 8));
      const r = rng.fork(`admin ${c}`);
      await sleep(500 + c * 2_000);
      while (deadline ? Date.now() + openMs < endAt : running()) {
        const start = await observe(
          '/drill start',
          () => fake.command({ ...where(d.admin, d), name: 'drill', subcommand: 'start', options: { minutes: 5 } }),
          textOf,
        );
        const promptId = start && /\/channels\/\d+\/\d+\/(\d+)/.exec(start.content)?.[1];
        const prompt = promptId ? fake.messages.get(promptId) : undefined;
        if (!prompt) {
          await sleep(5_000);
          continue;
        }
        d.round++;
        d.prompt = prompt;
        d.ballots = [];
        d.phase = 'open';
        await sleep(openMs + r.int(0, 2_000));
        const posted = new Set(fake.channelMessages(d.channelId).map((m) => m.id));
        d.phase = 'idle';
        const closed = await observe(
          '/drill close',
          () => fake.command({ ...where(d.admin, d), name: 'drill', subcommand: 'close' }),
          textOf,
        );
        if (closed?.content.startsWith('Drill closed')) {
          d.ballots = fake
            .channelMessages(d.channelId)
            .filter((m) => !posted.has(m.id))
            .flatMap((m) => {
              const titles = m.embeds.map((e) => String(e.title ?? ''));
              return componentsOf(m)
                .filter((b) => /^Vote #\d+$/.test(b.label ?? '') && b.custom_id)
                .map((b) => {
                  const n = Number(b.label!.slice(6));
                  const author = titles.find((t) => t.startsWith(`#${n} · `))?.slice(`#${n} · `.length) ?? '';
                  return { message: m, customId: b.custom_id!, n, author };
                });
            });
          d.phase = 'voting';
          await sleep(voteMs);
          d.phase = 'idle';
          await observe('/drill close', () => fake.command({ ...where(d.admin, d), name: 'drill', subcommand: 'close' }), textOf);
        }
        await sleep(1_000);
      }
    }

    await Promise.all([...drills.map((d, c) => admin(d, c)), ...members.map((_, m) => member(m))]);
    const loadMs = Date.now() - t0;
    clearInterval(rssTimer);
    rss.push([Date.now() - t0, readRssKb(pid) ?? 0]);
    const errorLogs = bot
      .logs()
      .slice(logsBefore)
      .filter((l) => Number(l.level) >= 50);
    const warnings = new Map<string, number>();
    for (const l of bot.logs().slice(logsBefore)) {
      if (Number(l.level) === 40) warnings.set(String(l.msg), (warnings.get(String(l.msg)) ?? 0) + 1);
    }
    progress(`load done after ${Math.round(loadMs / 1000)} s; stopping the bot`);
    const exitCode = await bot.stop();
    return summarizeSoak({
      durationMs: opts.durationMs,
      loadMs,
      members: opts.members,
      drillChannels,
      samples,
      failures,
      errorLogs: errorLogs.map((l) => ({ msg: String(l.msg), err: JSON.stringify(l.err ?? null).slice(0, 500) })),
      warnings: Object.fromEntries(warnings),
      rss,
      violations: fake.violations.length,
      drillsStarted: drills.reduce((n, d) => n + d.round, 0),
      exitCode,
    });
  } finally {
    if (bot) await bot.stop();
    await fake.close();
  }
}
