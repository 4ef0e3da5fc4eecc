import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { loadConfig } from '../../src/config.ts';
import { startConsole } from '../../src/console/console.ts';
import { importPack, importShippedPacksIfEmpty } from '../../src/content/import.ts';
import { packSchema } from '../../src/content/pack-schema.ts';
import { GUILD_ID } from '../../src/console/world.ts';
import { createLogger } from '../../src/log.ts';
import { describeEachBackend } from '../helpers/db.ts';
import { repoRoot } from './bot-process.ts';

/**
 * The console in this process, fed like piped stdin: one command per line, then the end of input.
 * Resolves with everything it printed once it has handled every line.
 */
async function runConsole(database: Parameters<typeof startConsole>[0]['database'], lines: string[]): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const log = createLogger('silent', { pretty: false });
  const app = startConsole({
    config: loadConfig({}),
    log,
    database,
    commands,
    input,
    output,
    interactive: false,
    color: false,
    timeZone: 'Europe/London',
  });
  input.end(lines.map((l) => `${l}\n`).join(''));
  await app.finished;
  return out;
}

const ANSWER_YOU =
  'The state is not neutral: it is a hierarchy of officials that reproduces itself as a new ruling class, as Bakunin warned (H.3.7).';
const ANSWER_YOU_EDITED = `${ANSWER_YOU} Power concentrated at the centre does not wither away; it entrenches.`;
const ANSWER_BOB = 'Centralised power creates a bureaucracy with its own interests, so the workers lose control to the party.';

describeEachBackend('the console runs a whole drill and a practice round', (get) => {
  let out = '';
  beforeAll(async () => {
    await importShippedPacksIfEmpty(get(), `${repoRoot}/packs`, createLogger('silent', { pretty: false }));
    out = await runConsole(get(), [
      '/drill start minutes:5',
      // A bare number presses a button of the newest message that has buttons: the prompt's "Submit rebuttal".
      '1',
      ANSWER_YOU,
      '/as bob',
      '/press submit rebuttal',
      ANSWER_BOB,
      '/as you',
      '/press submit rebuttal',
      ANSWER_YOU_EDITED,
      '/drill close',
      '/press my feedback',
      '/as bob',
      // Bob votes for both answers: the one that is his own is refused, the other counted.
      '/press vote #1',
      '/press vote #2',
      '/as you',
      '/drill close',
      '/practice next',
      '/press answer',
      'Centralised power builds a new ruling class of officials instead of freeing the workers.',
      '/practice stats',
    ]);
  }, 120_000);

  afterAll(() => {
    // Shown on failure, so a broken flow can be read.
    if (!out.includes('Final ranking')) console.log(out);
  });

  it('starts the drill in #general and takes answers from two local members, with an edit', () => {
    expect(out).toMatch(/── \d+ · posted in #general ──\n┌─ (Rebut this|Counter this rebuttal)/);
    expect(out).toMatch(/\[\d+\.1\] Submit rebuttal/);
    expect(out).toContain('Drill started: message');
    expect(out.match(/Answer saved\./g)).toHaveLength(2);
    expect(out).toContain('── Edit your answer ──');
    expect(out).toContain('Answer updated.');
    expect(out).toContain('(only bob can see this)');
  });

  it('closes it, shows the answers and feedback, counts a vote and refuses a self-vote', () => {
    expect(out).toContain('Drill closed; the results are posted.');
    expect(out).toMatch(/┌─ Drill closed: (the reference rebuttal|a counter-rebuttal)/);
    expect(out).toMatch(/┌─ #[12] · you/);
    expect(out).toMatch(/┌─ #[12] · bob/);
    expect(out).toContain(ANSWER_YOU_EDITED.slice(0, 60));
    expect(out).toMatch(/┌─ (Your answer made \d+ of \d+ key points|This drill was scored by votes only)/);
    expect(out).toContain('Vote counted.');
    expect(out).toContain("You can't vote for your own answer.");
  });

  it('ends voting with the final ranking that counts the vote', () => {
    expect(out).toContain('Voting ended; the final ranking is posted.');
    const ranking = out.slice(out.indexOf('┌─ Final ranking'));
    // Scores themselves are the scorer's business; the vote must be in the ranking.
    expect(ranking).toMatch(/[12]\. you: \d+ \(\d+ \+ 1 vote\)/);
    expect(ranking).toMatch(/[12]\. bob: \d+ \(\d+ \+ 0 votes\)/);
  });

  it('runs a practice round and its stats', () => {
    expect(out).toMatch(/┌─ Practice: (a new claim|due for review)/);
    expect(out).toContain('── Practice answer ──');
    expect(out.slice(out.indexOf('── Practice answer ──'))).toMatch(/Again|Hard|Good|Easy/);
  });

  it('completes commands, subcommands, option names and the values the autocomplete handlers offer', async () => {
    const input = new PassThrough();
    const app = startConsole({
      config: loadConfig({}),
      log: createLogger('silent', { pretty: false }),
      database: get(),
      commands,
      input,
      output: new PassThrough(),
      interactive: false,
      color: false,
    });
    try {
      expect((await app.complete('/dr')).hits).toEqual(['/drill ']);
      expect((await app.complete('/drill s')).hits).toEqual(['start ', 'schedule ']);
      expect((await app.complete('/drill start mi')).hits).toEqual(['minutes:']);
      expect((await app.complete('/drill start mode:f')).hits).toEqual(['flip ']);
      expect((await app.complete('/claim search query:state ')).hits).toEqual([]);
      expect((await app.complete('/daily set channel:#de')).hits).toEqual(['#debates ']);
      expect((await app.complete('/score member:@b')).hits).toEqual(['@bob ']);
      expect((await app.complete('/as c')).hits).toEqual(['carol']);
      // Values from the commands' own autocomplete: time zones, then topics (slug beside its name).
      expect(await app.complete('/daily set timezone:Europe/Lond')).toEqual({ hits: ['Europe/London '], replace: 'Europe/Lond' });
      const topics = await app.complete('/drill start topic:');
      expect([...topics.hits, ...(topics.listing ?? [])].join('\n')).toContain('the-state');
      const claims = await app.complete('/claim show id:withering');
      expect([...claims.hits, ...(claims.listing ?? [])].join('\n')).toMatch(/\d+/);
    } finally {
      input.end();
      await app.finished;
    }
  });

  it('says in /help how to switch members, press earlier buttons and name channels', async () => {
    const help = await runConsole(get(), ['/help']);
    expect(help).toContain('/drill start [topic:<text>] [pack:<text>] [minutes:<number>] [mode:<standard|flip>]');
    expect(help).toContain('/as bob');
    expect(help).toContain('/press 3.1');
    expect(help).toContain('#name');
    expect(help).toContain('Tab');
  });

  it('lists topics in alphabetical order whatever their case', async () => {
    const claim = (slug: string, topic: string) => ({
      slug,
      text: `A claim about ${topic}.`,
      attributedTo: 'Tests',
      topics: [topic],
      rebuttals: [],
    });
    const pack = packSchema.parse({
      format: 'riposte-pack/1',
      slug: 'case-test',
      title: 'Case test',
      description: 'Topics in mixed case.',
      version: 1,
      licence: 'CC0 test data',
      source: { title: 'Tests', author: 'Tests' },
      topics: [
        { slug: 'zebra', name: 'Zebra crossings' },
        { slug: 'aardvark', name: 'aardvarks' },
        { slug: 'banana', name: 'Bananas' },
      ],
      claims: [claim('z', 'zebra'), claim('a', 'aardvark'), claim('b', 'banana')],
    });
    await importPack(get(), pack, { guildId: GUILD_ID });
    const text = await runConsole(get(), ['/topics']);
    const order = ['aardvarks', 'Bananas', 'centralisation', 'Kronstadt', 'Stalinism', 'the civil war'].map((t) => text.indexOf(t));
    expect(
      order.every((i) => i >= 0),
      text,
    ).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('shows plain text: no Discord markup reaches the terminal', () => {
    expect(out).not.toMatch(/<t:\d+/);
    expect(out).not.toMatch(/<@!?\d+>|<#\d+>/);
    expect(out).not.toContain('**');
    expect(out).not.toContain('discord.com');
  });
});
