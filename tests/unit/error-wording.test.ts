import { describe, expect, it } from 'vitest';
import { CONSOLE_REWORDINGS, consoleWording } from '../../src/console/wording.ts';
import { UserError } from '../../src/errors.ts';
import { type ErrorCode, type ErrorParams, plainWording, USER_ERRORS, wordError } from '../../src/render/errors.ts';
import { discordWording } from '../../src/render/format.ts';

const NOW = new Date('2026-12-02T19:00:00Z');
const SOON = new Date('2026-12-02T19:05:00Z');
const CHANNEL = '100000000000000100';
const MEMBER = '100000000000000004';
const ROLE = '100000000000000777';

const console_ = consoleWording({
  memberName: (id) => ({ [MEMBER]: 'bob' })[id],
  channelName: (id) => ({ [CHANNEL]: 'debates' })[id],
  now: () => NOW,
  timeZone: 'UTC',
});

/** Params for every code: typed, so a new code without a sample here fails to compile. */
const SAMPLES: { [C in ErrorCode]: ErrorParams<C> } = {
  'permission.manage-guild': { action: 'manageDaily' },
  'permission.manage-guild-or-role': { action: 'startDrill', roleId: ROLE },
  'interaction.stale-component': undefined,
  'interaction.stale-button': undefined,
  'interaction.stale-form': undefined,
  'interaction.unknown-button': undefined,
  'interaction.not-your-button': undefined,
  'interaction.unknown-command': { command: 'nope' },
  'interaction.use-subcommand': { usage: '/claim search, /claim show or /claim random' },
  'interaction.option-too-long': { option: 'query', length: 7000, max: 6000 },
  'interaction.field-too-long': { length: 7000, max: 6000 },
  'interaction.search-lost': { command: 'claim search' },
  'option.missing': { option: 'query' },
  'option.number': { option: 'points', whole: true },
  'option.out-of-range': { option: 'minutes', value: 500, min: 1, max: 120 },
  'option.choice': { option: 'mode', choices: ['standard', 'flip'] },
  'option.boolean': { option: 'anonymous drills' },
  'option.text-too-long': { option: 'speaker', length: 300, max: 200 },
  'option.text-too-short': { option: 'user id', length: 3, min: 17 },
  'cooldown.wait': { action: 'drill.start', seconds: 12, burst: 3, everySeconds: 60 },
  'member.pick': undefined,
  'member.user-id': undefined,
  'search.empty': undefined,
  'search.too-long': { length: 300, max: 200 },
  'claim.pick': undefined,
  'claim.not-found': { id: 12 },
  'claim.no-match': { query: 'state' },
  'claim.none-on-topic': { topic: 'war' },
  'claim.none': undefined,
  'topic.name-too-long': undefined,
  'topic.gone': undefined,
  'quote.no-match': { query: 'state' },
  'quote.none-matching': { filters: 'by Trotsky' },
  'quote.none': undefined,
  'quote.gone': undefined,
  'reference.code-missing': undefined,
  'reference.code-too-long': { max: 40 },
  'reference.not-found': { code: 'H.2.4' },
  'reference.gone': { code: 'H.2.4' },
  'pages.unknown-button': undefined,
  'daily.bad-time': { text: '25:00' },
  'daily.unknown-timezone': { name: 'Mars/Base' },
  'daily.unknown-pack': { pack: 'nope' },
  'daily.unknown-topic': { topic: 'nope', pack: 'core' },
  'daily.no-quotes': { topic: 'war', pack: null },
  'daily.cannot-post': { channelId: CHANNEL, problem: 'I need Send Messages there' },
  'daily.channel-missing': undefined,
  'daily.not-set': undefined,
  'daily.not-set-show': undefined,
  'daily.not-set-preview': undefined,
  'daily.already-posted': { localDate: '2026-12-02', channelId: CHANNEL, nextRunAt: SOON },
  'daily.busy': undefined,
  'daily.empty': undefined,
  'daily.undeliverable': { problem: 'The channel is gone.' },
  'drill.minutes': { min: 1, max: 120, got: 0 },
  'drill.already-running': { link: `https://discord.com/channels/1/${CHANNEL}/3` },
  'drill.gone': undefined,
  'drill.none-running': undefined,
  'drill.mode': undefined,
  'drill.no-claim': { topic: 'war', pack: 'core' },
  'drill.unknown-pack': { pack: 'nope' },
  'drill.unknown-topic': { topic: 'nope' },
  'drill.cannot-post': { reason: 'Missing Access' },
  'drill.cannot-run-here': { problem: 'I need Send Messages here.' },
  'drill.closed': undefined,
  'drill.closed-at': { closedAt: SOON },
  'drill.feedback-not-yet': undefined,
  'drill.no-feedback': undefined,
  'answer.empty': { min: 20, max: 1500 },
  'answer.too-short': { length: 1, min: 20 },
  'answer.too-long': { length: 1600, max: 1500 },
  'vote.answer-gone': undefined,
  'vote.not-yet': undefined,
  'vote.ended': undefined,
  'vote.not-in-drill': undefined,
  'vote.own-answer': undefined,
  'vote.answerers-only': undefined,
  'vote.none-left': { limit: 3 },
  'schedule.cron-fields': { got: 4 },
  'schedule.cron-invalid': { expr: '99 * * * *', problems: 'minute out of range' },
  'schedule.timezone': { name: 'Mars/Base' },
  'schedule.never-fires': { expr: '0 0 31 2 *' },
  'points.range': { max: 100 },
  'points.reason': { min: 3, max: 200 },
  'score.private': undefined,
  'score.none-own': undefined,
  'score.none': { userId: MEMBER },
  'leaderboard.period': undefined,
  'leaderboard.private': undefined,
  'settings.vote-minutes': { max: 60, got: 99 },
  'settings.votes-per-member': { max: 10, got: 0 },
  'settings.runner-role': undefined,
  'settings.runner-role-everyone': undefined,
  'settings.runner-role-both': undefined,
  'settings.nothing': undefined,
  'practice.nothing-due': { topic: 'war', nextDue: SOON },
  'practice.no-claims': { topic: null },
  'practice.claim-vanished': undefined,
  'practice.claim-gone': undefined,
  'practice.no-key-points': undefined,
  'practice.card-stale': undefined,
  'practice.answer-stale': undefined,
  'practice.rating-stale': undefined,
  'practice.answered-since': undefined,
  'pack.older-version': { pack: 'core', current: 3, offered: 2 },
  'pack.invalid': { source: 'core.yaml', errors: ['claims[0].text: required'] },
  'pack.not-found': { pack: 'core', guildId: null },
  'file.missing-pack': { path: 'x.yaml' },
  'file.is-folder': { path: 'packs' },
  'file.denied': { path: 'x.yaml' },
  'file.unreadable': { path: 'x.yaml', reason: 'EIO' },
  'file.missing': { path: 'x.jsonl' },
  'cli.report': { text: 'Usage: npm run pack -- …' },
  'cli.flag-value': { flag: '--guild', usage: 'Usage: …' },
  'cli.guild-id': { value: 'abc' },
  'cli.token': undefined,
  'score.claim-unknown': { slug: 'x' },
  'score.claim-ambiguous': { slug: 'x', packs: ['a', 'b'], claim: 'x' },
  'score.claim-no-key-points': { slug: 'x' },
  'score.needs-claim': { usage: 'Usage: …' },
  'score.empty-answer': undefined,
  'score.bad-json': undefined,
  'console.no-slash': undefined,
  'console.unknown-command': { name: 'nope' },
  'console.needs-subcommand': { path: '/claim', choices: ['search', 'show'], name: 'claim' },
  'console.unknown-option': { path: '/claim search', name: 'x', options: ['query'], usage: '/claim search query:<text>' },
  'console.unplaced-value': { value: 'x', usage: '/topics' },
  'console.missing-option': { option: 'query', usage: '/claim search query:<text>' },
  'console.bad-value': { value: 'x', option: 'id', expected: 'a whole number', usage: '/claim show id:<number>' },
};

const codes = Object.keys(USER_ERRORS) as ErrorCode[];
const word = <C extends ErrorCode>(code: C, w: typeof discordWording, rewordings = {}) =>
  wordError({ code, params: SAMPLES[code] }, w, rewordings);

describe('the error catalogue', () => {
  it.each(codes)('%s is worded on Discord, in the console and plainly', (code) => {
    const discord = word(code, discordWording);
    const onConsole = word(code, console_, CONSOLE_REWORDINGS);
    const plainly = word(code, plainWording);
    for (const text of [discord, onConsole, plainly]) {
      expect(text.trim().length).toBeGreaterThan(0);
      expect(text).not.toMatch(/undefined|\[object |NaN/);
    }
    // The console and logs never show Discord's markup.
    for (const text of [onConsole, plainly]) expect(text).not.toMatch(/<t:|<#|<@/);
  });

  it("words times and mentions with Discord's markup on Discord, with local names in the console", () => {
    expect(word('drill.closed-at', discordWording)).toBe(
      `This drill closed <t:${SOON.getTime() / 1000}:R>; answers are no longer accepted.`,
    );
    expect(word('drill.closed-at', console_)).toBe('This drill closed Wed 2 Dec 19:05 (in 5 min); answers are no longer accepted.');
    expect(word('daily.cannot-post', discordWording)).toBe(
      `I can't post the daily quote in <#${CHANNEL}>: I need Send Messages there. Nothing was saved.`,
    );
    expect(word('daily.cannot-post', console_)).toContain('in #debates:');
    expect(word('permission.manage-guild-or-role', discordWording)).toBe(
      `You need the Manage Server permission or the <@&${ROLE}> role to start a drill.`,
    );
    expect(word('score.none', console_)).toBe('@bob has no scores on this server yet.');
  });

  it("sends console users to Tab instead of Discord's list", () => {
    expect(word('daily.unknown-topic', discordWording)).toBe('Pack "core" has no topic "nope"; pick one from the list.');
    expect(word('daily.unknown-topic', console_, CONSOLE_REWORDINGS)).toBe(
      'Pack "core" has no topic "nope"; press Tab after the option name to see them.',
    );
    expect(word('daily.unknown-timezone', console_, CONSOLE_REWORDINGS)).toContain('press Tab to see them, e.g. Europe/London');
    // Every code the console rewords is one whose Discord wording points at Discord's autocomplete.
    for (const code of Object.keys(CONSOLE_REWORDINGS) as ErrorCode[]) {
      expect(word(code, discordWording)).toMatch(/pick one from the list|start typing|Start typing|Pick a (claim|member)/);
      expect(word(code, console_, CONSOLE_REWORDINGS)).not.toMatch(/from the list|typing|Pick a/);
    }
  });
});

describe('UserError', () => {
  it('carries its code and params, and the plain wording as its message', () => {
    const err = new UserError('drill.closed-at', { closedAt: SOON });
    expect(err).toBeInstanceOf(Error);
    expect(err.code).toBe('drill.closed-at');
    expect(err.params).toEqual({ closedAt: SOON });
    expect(err.message).toBe('This drill closed 2026-12-02 19:05 UTC; answers are no longer accepted.');
    expect(new UserError('drill.gone').params).toBeUndefined();
  });
});
