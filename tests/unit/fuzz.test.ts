import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Writable } from 'node:stream';
import { ApplicationCommandOptionType, type APIApplicationCommandOption } from 'discord.js';
import { commands } from '../../commands/index.ts';
import type { AppContext } from '../../src/context.ts';
import { createLogger } from '../../src/log.ts';
import { createRouter, GENERIC_ERROR, type Router } from '../../src/interactions/router.ts';
import type { OptionValue, Request } from '../../src/interactions/types.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { importFirstPack, DrillMessenger } from '../helpers/drill-context.ts';
import { RecordingResponder, testContext } from '../helpers/schedule-context.ts';

/**
 * Hostile text through the one entry point: arbitrary strings (NUL, lone surrogates, zero-width runs,
 * markdown, overlong) in every string option, every autocomplete and both answer forms of every
 * command. Each must get an answer in time and never an unexpected error (an error id).
 */

const GUILD = '700000000000000001';
const CHAN = '700000000000000002';

const nasty = fc.constantFrom(
  '\u0000',
  '\uD800',
  '\uDC00',
  '\u200B',
  '\u2060',
  '\uFEFF',
  '\u202E',
  'a',
  'é',
  ' ',
  '\n',
  '[',
  ']',
  '(',
  ')',
  '*',
  '_',
  '`',
  '\\',
  '%',
  "'",
  '"',
  '<@1>',
  '@everyone',
  'http://x',
  '😀',
  ':',
  '#',
  '-',
);
const hostile = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: nasty, maxLength: 60 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: nasty, minLength: 6001, maxLength: 6050 }) },
);

interface Variant {
  command: string;
  group?: string;
  sub?: string;
  options: APIApplicationCommandOption[];
}

/** Every (command, group, subcommand) with its own options, from the definitions Discord gets. */
function variants(): Variant[] {
  const out: Variant[] = [];
  for (const c of commands) {
    const json = c.data.toJSON();
    const top = (json.options ?? []) as APIApplicationCommandOption[];
    const subs = top.filter(
      (o) => o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup,
    );
    if (subs.length === 0) out.push({ command: json.name, options: top });
    for (const s of subs) {
      if (s.type === ApplicationCommandOptionType.Subcommand)
        out.push({ command: json.name, sub: s.name, options: (s.options ?? []) as APIApplicationCommandOption[] });
      if (s.type === ApplicationCommandOptionType.SubcommandGroup) {
        for (const g of s.options ?? [])
          out.push({ command: json.name, group: s.name, sub: g.name, options: (g.options ?? []) as APIApplicationCommandOption[] });
      }
    }
  }
  return out;
}

/** A plausible value for a non-string option, so the string options are what is under test. */
function plainValue(o: APIApplicationCommandOption): OptionValue | undefined {
  switch (o.type) {
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number:
      return 'min_value' in o && typeof o.min_value === 'number' ? o.min_value : 1;
    case ApplicationCommandOptionType.Boolean:
      return false;
    case ApplicationCommandOptionType.Channel:
      return CHAN;
    case ApplicationCommandOptionType.User:
    case ApplicationCommandOptionType.Mentionable:
      return '700000000000000009';
    case ApplicationCommandOptionType.Role:
      return '700000000000000008';
    default:
      return undefined;
  }
}

const isString = (o: APIApplicationCommandOption) => o.type === ApplicationCommandOptionType.String;
const hasChoices = (o: APIApplicationCommandOption) => 'choices' in o && Array.isArray(o.choices) && o.choices.length > 0;

describe('hostile text in every option, autocomplete and form', () => {
  let database: TestDatabase;
  let router: Router;
  let messenger: DrillMessenger;
  const failures: Record<string, unknown>[] = [];
  let runs = 0;

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    await importFirstPack(database);
    messenger = new DrillMessenger();
    const sink = new Writable({
      write(chunk, _enc, done) {
        const line = JSON.parse(String(chunk)) as Record<string, unknown>;
        if (line.msg === 'interaction failed' || line.msg === 'router failure') failures.push(line);
        done();
      },
    });
    const ctx: AppContext = {
      ...testContext(database, new Date('2026-03-02T10:00:00Z'), messenger),
      log: createLogger('error', { destination: sink }),
    };
    router = createRouter(commands, ctx, { autoDeferMs: 2000 });
  }, 120_000);

  afterAll(async () => {
    await database?.close();
  });

  const member = (manageGuild: boolean) => ({ manageGuild, roleIds: [] });

  async function send(req: Request): Promise<RecordingResponder> {
    const res = new RecordingResponder();
    const t = performance.now();
    let firstAt: number | undefined;
    const mark = () => (firstAt ??= performance.now() - t);
    for (const how of ['reply', 'defer', 'update', 'showModal', 'autocomplete'] as const) {
      const original = res[how].bind(res) as (...a: unknown[]) => Promise<void>;
      (res as unknown as Record<string, unknown>)[how] = (...a: unknown[]) => {
        mark();
        return original(...a);
      };
    }
    await router.dispatch(req, res);
    runs++;
    const label = `${req.kind} /${req.commandName} ${req.subcommandGroup ?? ''} ${req.subcommand ?? ''} ${JSON.stringify(req.options).slice(0, 200)}`;
    expect(res.calls.length, label).toBeGreaterThan(0);
    // Answered at all; how fast is the router's auto-defer's business (router.test.ts), not a timed assertion here.
    expect(firstAt, label).toBeDefined();
    for (const c of res.calls) expect(c.reply?.content ?? '', label).not.toContain(GENERIC_ERROR);
    expect(failures, label).toEqual([]);
    return res;
  }

  const base = (over: Partial<Request>): Request => ({
    kind: 'command',
    commandName: '',
    options: {},
    guildId: GUILD,
    channelId: CHAN,
    user: { id: '700000000000000003', displayName: 'fuzz' },
    member: member(true),
    ...over,
  });

  const all = variants();

  it('finds the commands to fuzz', () => {
    expect(all.length).toBeGreaterThan(15);
    expect(all.some((v) => v.options.some(isString))).toBe(true);
  });

  it('every string option of every command', { timeout: 600_000 }, async () => {
    for (const v of all) {
      const strings = v.options.filter((o) => isString(o) && !hasChoices(o));
      if (strings.length === 0) continue;
      const fixed: Record<string, OptionValue> = {};
      for (const o of v.options) {
        if (isString(o) && hasChoices(o)) fixed[o.name] = (o as { choices: { value: string }[] }).choices[0]!.value;
        else if (!isString(o) && o.required) fixed[o.name] = plainValue(o)!;
      }
      const strArb = fc.record(Object.fromEntries(strings.map((o) => [o.name, hostile])) as Record<string, fc.Arbitrary<string>>);
      await fc.assert(
        fc.asyncProperty(strArb, fc.boolean(), async (values, admin) => {
          await send(
            base({
              commandName: v.command,
              subcommandGroup: v.group,
              subcommand: v.sub,
              options: { ...fixed, ...values },
              member: member(admin),
            }),
          );
        }),
        { numRuns: 12 },
      );
    }
  });

  it('every autocomplete', { timeout: 600_000 }, async () => {
    for (const v of all) {
      for (const o of v.options.filter((x) => isString(x) && 'autocomplete' in x && x.autocomplete)) {
        await fc.assert(
          fc.asyncProperty(hostile, async (typed) => {
            const res = await send(
              base({
                kind: 'autocomplete',
                commandName: v.command,
                subcommandGroup: v.group,
                subcommand: v.sub,
                options: { [o.name]: typed },
                focused: { name: o.name, value: typed },
              }),
            );
            expect(res.calls[0]!.how).toBe('autocomplete');
          }),
          { numRuns: 15 },
        );
      }
    }
  });

  it('both answer forms: the drill answer and the practice answer', { timeout: 600_000 }, async () => {
    await send(base({ commandName: 'drill', subcommand: 'start', options: { minutes: 30 } }));
    const prompt = messenger.sent.at(-1)!.message;
    const submit = prompt
      .components!.flatMap((r) => r.components)
      .map((c) => ('custom_id' in c ? c.custom_id : ''))
      .find((id) => id?.startsWith('drill:submit:'))!;
    const drillModal = submit.replace(':submit:', ':answer:');
    await fc.assert(
      fc.asyncProperty(hostile, fc.integer({ min: 0, max: 5 }), async (text, who) => {
        await send(
          base({
            kind: 'modal',
            commandName: 'drill',
            customId: drillModal,
            fields: { answer: text },
            user: { id: `70000000000000010${who}`, displayName: text.slice(0, 50) },
            member: member(false),
          }),
        );
      }),
      { numRuns: 25 },
    );
    const next = await send(base({ commandName: 'practice', subcommand: 'next', member: member(false) }));
    const practiceButton = JSON.stringify(next.calls).match(/practice:answer:(\d+)/);
    expect(practiceButton).not.toBeNull();
    await fc.assert(
      fc.asyncProperty(hostile, async (text) => {
        await send(
          base({
            kind: 'modal',
            commandName: 'practice',
            customId: `practice:submit:${practiceButton![1]}`,
            fields: { answer: text },
            member: member(false),
          }),
        );
      }),
      { numRuns: 10 },
    );
    console.log(`fuzz: ${runs} interactions, 0 unexpected errors`);
  });
});
