/**
 * The words of every UserError. The domain raises `new UserError(code, params)` and never writes a
 * sentence; each edge words the code here with its own {@link Wording}: Discord with timestamps and
 * mentions its clients render, the console with local date-times and #names, logs and command-line
 * tools with plain text. Adding a code is adding a line here; the compiler then checks every
 * `new UserError(code, params)` against the params this line takes.
 */

/** Discord's timestamp styles: t 16:20, T 16:20:30, d 20/04/2021, D 20 April 2021, f/F date and time, R relative. */
export type TimeStyle = 't' | 'T' | 'd' | 'D' | 'f' | 'F' | 'R';

/** How an edge writes the few things a sentence cannot spell the same everywhere. */
export interface Wording {
  time(at: Date, style: TimeStyle): string;
  channel(id: string): string;
  role(id: string): string;
  user(id: string): string;
}

/** For logs, tests and command-line tools: no markup, times in UTC. */
export const plainWording: Wording = {
  time: (at) => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  channel: (id) => `#${id}`,
  role: (id) => `@${id}`,
  user: (id) => `@${id}`,
};

type Words<P> = (params: P, w: Wording) => string;

const s = (n: number) => (n === 1 ? '' : 's');

/** What a permission lets a member do, as the refusal names it. */
export const PERMISSION_ACTIONS = {
  startDrill: 'start a drill',
  closeDrill: 'close a drill',
  scheduleDrills: 'schedule drills',
  adjustPoints: "change members' points",
  changeSettings: "change this server's settings",
  manageDaily: 'manage the daily quote',
  eraseOthers: "erase another member's data",
} as const;
export type PermissionAction = keyof typeof PERMISSION_ACTIONS;

/** What a cooldown limits (src/guild/cooldowns.ts), as its refusal names it. */
export const COOLDOWN_ACTIONS = {
  'drill.start': 'start a drill',
  'practice.answer': 'send a practice answer',
} as const;
export type CooldownAction = keyof typeof COOLDOWN_ACTIONS;

const quoted = (what: string, value: string) => `${what} "${value}"`;

export const USER_ERRORS = {
  // Permissions and the interaction itself.
  'permission.manage-guild': ({ action }: { action: PermissionAction }) =>
    `You need the Manage Server permission to ${PERMISSION_ACTIONS[action]}.`,
  'permission.manage-guild-or-role': ({ action, roleId }: { action: PermissionAction; roleId: string }, w) =>
    `You need the Manage Server permission or the ${w.role(roleId)} role to ${PERMISSION_ACTIONS[action]}.`,
  'interaction.stale-component': () => 'This button or form is no longer in use.',
  'interaction.stale-button': () => 'This button is no longer in use.',
  'interaction.stale-form': () => 'This form is no longer in use.',
  'interaction.unknown-button': () => 'This button is not one I recognise.',
  'interaction.not-your-button': () => 'Only the member who asked can press this button.',
  'interaction.unknown-command': ({ command }: { command: string }) => `The command /${command} is not known to this version of the bot.`,
  'interaction.use-subcommand': ({ usage }: { usage: string }) => `Use ${usage}.`,
  'interaction.option-too-long': ({ option, length, max }: { option: string; length: number; max: number }) =>
    `The option “${option}” is too long (${length} characters; at most ${max}).`,
  'interaction.field-too-long': ({ length, max }: { length: number; max: number }) =>
    `That answer is too long (${length} characters; at most ${max}).`,
  'interaction.search-lost': ({ command }: { command: string }) => `I could not tell what this search was for. Run /${command} again.`,
  // A slash option outside its definition (src/interactions/args.ts); `option` is its name as read.
  'option.missing': ({ option }: { option: string }) => `Give the ${option}.`,
  'option.number': ({ option, whole }: { option: string; whole: boolean }) => `The ${option} must be a ${whole ? 'whole ' : ''}number.`,
  'option.out-of-range': ({ option, value, min, max }: { option: string; value: number; min?: number; max?: number }) =>
    `The ${option} must be ${min !== undefined && max !== undefined ? `from ${min} to ${max}` : min !== undefined ? `at least ${min}` : `at most ${max}`}; got ${value}.`,
  'option.choice': ({ option, choices }: { option: string; choices: readonly (string | number)[] }) =>
    `The ${option} is ${choices.join(' or ')}.`,
  'option.boolean': ({ option }: { option: string }) => `The ${option} is true or false.`,
  'option.text-too-long': ({ option, length, max }: { option: string; length: number; max: number }) =>
    `That ${option} is ${length} characters long; keep it under ${max}.`,
  'option.text-too-short': ({ option, length, min }: { option: string; length: number; min: number }) =>
    `That ${option} is ${length} characters long; it needs at least ${min}.`,
  'cooldown.wait': ({
    action,
    seconds,
    burst,
    everySeconds,
  }: {
    action: CooldownAction;
    seconds: number;
    burst: number;
    everySeconds: number;
  }) => `Try again in ${seconds} s: you can ${COOLDOWN_ACTIONS[action]} ${burst} times in a row, then once every ${everySeconds} s.`,
  'member.pick': () => 'Pick a member of this server.',
  'member.user-id': () => 'Give the member’s Discord user id: 17 to 20 digits (Developer Mode → right-click the member → Copy User ID).',

  // Searching and showing content.
  'search.empty': () => 'Type something to search for.',
  'search.too-long': ({ length, max }: { length: number; max: number }) =>
    `That search is ${length} characters long; keep it under ${max}.`,
  'claim.pick': () => 'Pick a claim from the list.',
  'claim.not-found': ({ id }: { id: number }) =>
    `There is no claim #${id} in this server's packs (it may have been removed). Try /claim search.`,
  'claim.no-match': ({ query }: { query: string }) => `No claims match “${query}”. Try fewer or different words.`,
  'claim.none-on-topic': ({ topic }: { topic: string }) => `No claims on the topic “${topic}”. See /topics for the topics there are.`,
  'claim.none': () => 'This server has no claims yet.',
  'topic.name-too-long': () => 'That topic name is too long; pick one from the list.',
  'topic.gone': () => 'That topic is no longer in this server’s packs. Run /topics again.',
  'quote.no-match': ({ query }: { query: string }) => `No quotes match “${query}”. Try fewer or different words, or a speaker's name.`,
  'quote.none-matching': ({ filters }: { filters: string }) => `No quotes ${filters}. Try /quote search, or leave the filters out.`,
  'quote.none': () => 'This server has no quotes yet.',
  'quote.gone': () => 'That quote is no longer in this server’s packs.',
  'reference.code-missing': () => 'Give a reference code, e.g. H.2.4 (start typing to pick one).',
  'reference.code-too-long': ({ max }: { max: number }) => `Reference codes are at most ${max} characters; pick one from the list.`,
  'reference.not-found': ({ code }: { code: string }) =>
    `There is no reference “${code}” in this server's packs. Start typing to see the codes there are.`,
  'reference.gone': ({ code }: { code: string }) => `The reference “${code}” is no longer in this server's packs.`,
  'pages.unknown-button': () => 'This button is not one I recognise.',

  // The daily quote.
  'daily.bad-time': ({ text }: { text: string }) => `"${text}" is not a time; use HH:MM, e.g. 09:30`,
  'daily.unknown-timezone': ({ name }: { name: string }) =>
    `"${name}" is not a time zone I know; pick one from the list, e.g. Europe/London`,
  'daily.unknown-pack': ({ pack }: { pack: string }) => `There is no pack "${pack}" here; pick one from the list.`,
  'daily.unknown-topic': ({ topic, pack }: { topic: string; pack: string | null }) =>
    pack === null
      ? `There is no topic "${topic}" here; pick one from the list.`
      : `Pack "${pack}" has no topic "${topic}"; pick one from the list.`,
  'daily.no-quotes': ({ topic, pack }: { topic: string | null; pack: string | null }) => {
    const what = [topic && `on topic "${topic}"`, pack && `in pack "${pack}"`].filter(Boolean).join(' ');
    return what ? `There are no quotes ${what}; choose another topic or pack.` : 'There are no quotes here yet; import a pack first.';
  },
  /** The channel check failed; `problem` is the messenger's own sentence, already worded by its edge. */
  'daily.cannot-post': ({ channelId, problem }: { channelId: string; problem: string }, w) =>
    `I can't post the daily quote in ${w.channel(channelId)}: ${/[.!?]$/.test(problem) ? problem : `${problem}.`} Nothing was saved.`,
  'daily.channel-missing': () => 'Pick the channel to post in.',
  'daily.not-set': () => 'No daily quote is set up here; use /daily set first.',
  'daily.not-set-show': () => 'No daily quote is set up here; use /daily set to start one.',
  'daily.not-set-preview': () => 'No daily quote is set up here (or no quotes match it); use /daily set first.',
  'daily.already-posted': ({ localDate, channelId, nextRunAt }: { localDate: string; channelId: string; nextRunAt: Date | null }, w) =>
    `Today's quote (${localDate}) is already posted in ${w.channel(channelId)}.${nextComes(nextRunAt, w)}`,
  'daily.busy': () => "Today's quote is being posted right now; look in the channel in a moment.",
  'daily.empty': () => 'No quotes match this schedule; run /daily set to choose another topic or pack.',
  /** `problem` is the delivery failure as its edge worded it when the schedule was paused. */
  'daily.undeliverable': ({ problem }: { problem: string }) => `${problem} The daily quote is paused until then.`,

  // Drills.
  'drill.minutes': ({ min, max, got }: { min: number; max: number; got: number }) =>
    `A drill lasts a whole number of minutes from ${min} to ${max}; got ${got}.`,
  'drill.already-running': ({ link }: { link: string }) =>
    `A drill is already running in this channel: ${link}. Wait for it to finish before starting another.`,
  'drill.gone': () => 'That drill no longer exists on this server.',
  'drill.none-running': () => 'There is no drill running in this channel.',
  'drill.mode': () => 'Mode is either standard or flip.',
  'drill.no-claim': ({ topic, pack }: { topic: string | null; pack: string | null }) => {
    const what = [topic && quoted('topic', topic), pack && quoted('pack', pack)].filter(Boolean).join(' and ');
    return `No claim with a rebuttal to drill${what ? ` on ${what}` : ''}.`;
  },
  'drill.unknown-pack': ({ pack }: { pack: string }) => `There is no pack "${pack}" on this server. \`/about\` lists them.`,
  'drill.unknown-topic': ({ topic }: { topic: string }) =>
    `There is no topic "${topic}" on this server; pick one from the list as you type.`,
  /** Discord refused the prompt for good (missing access, channel gone); `reason` is Discord's own words. */
  'drill.cannot-post': ({ reason }: { reason: string }) =>
    `I can't post the drill in this channel (${reason}). Check my permissions here: View Channel, Send Messages, Embed Links.`,
  'drill.cannot-run-here': ({ problem }: { problem: string }) => `I can't run drills in this channel: ${problem}`,
  'drill.closed': () => 'This drill is closed; answers are no longer accepted.',
  'drill.closed-at': ({ closedAt }: { closedAt: Date }, w) => `This drill closed ${w.time(closedAt, 'R')}; answers are no longer accepted.`,
  'drill.feedback-not-yet': () => 'Feedback appears when the drill closes.',
  'drill.no-feedback': () => "You didn't answer this drill, so there is no feedback for you.",
  'answer.empty': ({ min, max }: { min: number; max: number }) => `Your answer is empty. Write ${min}–${max} characters.`,
  'answer.too-short': ({ length, min }: { length: number; min: number }) =>
    `Your answer is too short (${length} character${s(length)}); write at least ${min}.`,
  'answer.too-long': ({ length, max }: { length: number; max: number }) =>
    `Your answer is too long (${length} characters); the limit is ${max}. Nothing was saved.`,
  'vote.answer-gone': () => 'That answer no longer exists.',
  'vote.not-yet': () => 'Voting starts when the drill closes.',
  'vote.ended': () => 'Voting on this drill has ended.',
  'vote.not-in-drill': () => 'That answer is not part of this drill.',
  'vote.own-answer': () => "You can't vote for your own answer.",
  'vote.answerers-only': () => 'On this server only members who answered the drill may vote.',
  'vote.none-left': ({ limit }: { limit: number }) =>
    `You have used all ${limit} of your votes. Press a voted answer's button again to take that vote back.`,
  'schedule.cron-fields': ({ got }: { got: number }) =>
    `A drill schedule takes five cron fields (minute hour day-of-month month day-of-week), e.g. \`0 18 * * 1-5\` for 18:00 on weekdays; got ${got}.`,
  'schedule.cron-invalid': ({ expr, problems }: { expr: string; problems: string }) =>
    `\`${expr}\` is not a valid cron expression (${problems || 'unreadable'}).`,
  'schedule.timezone': ({ name }: { name: string }) =>
    `"${name}" is not a time zone I know; use a name like Europe/Paris or America/New_York.`,
  'schedule.never-fires': ({ expr }: { expr: string }) => `\`${expr}\` never fires in the next years; check the day and month fields.`,

  // Scores, settings, practice, privacy.
  'points.range': ({ max }: { max: number }) => `Points must be a whole number from -${max} to ${max}, and not 0.`,
  'points.reason': ({ min, max }: { min: number; max: number }) =>
    `Give a reason of ${min}–${max} characters; it is kept in the audit trail.`,
  'score.private': () => 'This server keeps scores private; you can only see your own with /score.',
  'score.none-own': () => 'You have no scores yet. Answer a drill to get on the board.',
  'score.none': ({ userId }: { userId: string }, w) => `${w.user(userId)} has no scores on this server yet.`,
  'leaderboard.period': () => 'The period is week, month or all.',
  'leaderboard.private': () => 'This server has made its leaderboard private; use /leaderboard for your own rank.',
  'settings.vote-minutes': ({ max, got }: { max: number; got: number }) =>
    `Voting time must be a whole number of minutes from 0 (no voting) to ${max}; got ${got}.`,
  'settings.votes-per-member': ({ max, got }: { max: number; got: number }) =>
    `Votes per member must be a whole number from 1 to ${max}; got ${got}.`,
  'settings.runner-role': () => 'The drill-runner role must be a role of this server.',
  'settings.runner-role-everyone': () => '@everyone cannot be the drill-runner role; pick a role of this server.',
  'settings.runner-role-both': () => 'Either set a drill-runner role or clear it, not both.',
  'settings.nothing': () => 'Choose at least one setting to change.',
  'practice.nothing-due': ({ topic, nextDue }: { topic: string | null; nextDue: Date }, w) =>
    `Nothing is due${topic ? ` on ${topic}` : ''} and you have practised every claim. Your next review is ${w.time(nextDue, 'R')}.`,
  'practice.no-claims': ({ topic }: { topic: string | null }) =>
    `There are no claims with key points to practise${topic ? ` on ${topic}` : ''}.`,
  'practice.claim-vanished': () => 'That claim just disappeared; run /practice next again.',
  'practice.claim-gone': () => 'That claim is no longer available on this server. Run /practice next again.',
  'practice.no-key-points': () => 'That claim has no key points to practise against. Run /practice next for another.',
  'practice.card-stale': () => 'This practice card is no longer valid. Run /practice next.',
  'practice.answer-stale': () => 'That practice answer is no longer valid. Run /practice next.',
  'practice.rating-stale': () => 'That rating button is no longer valid. Run /practice next.',
  'practice.answered-since': () => 'You have answered this claim again since; the rating of that later answer is the one to change.',

  // Packs and the command-line tools (worded plainly: a terminal is their only edge).
  'pack.older-version': ({ pack, current, offered }: { pack: string; current: number; offered: number }) =>
    `Pack "${pack}" is already at version ${current}; refusing to import older version ${offered}.`,
  'pack.invalid': ({ source, errors }: { source: string; errors: readonly string[] }) =>
    `${source}: ${errors.length} error${s(errors.length)}, nothing imported\n${errors.map((e) => `  ${e}`).join('\n')}`,
  'pack.not-found': ({ pack, guildId }: { pack: string; guildId: string | null }) =>
    `No pack "${pack}"${guildId ? ` in server ${guildId}` : ''}.`,
  'file.missing-pack': ({ path }: { path: string }) => `${path}: no such file. Give the path of a pack file (.yaml or .json).`,
  'file.is-folder': ({ path }: { path: string }) => `${path} is a folder, not a pack file.`,
  'file.denied': ({ path }: { path: string }) => `${path}: cannot be read (permission denied).`,
  'file.unreadable': ({ path, reason }: { path: string; reason: string }) => `${path}: cannot be read (${reason}).`,
  'file.missing': ({ path }: { path: string }) => `${path}: no such file.`,
  /** A command-line tool's own report (usage, a file's problems), already written for the terminal. */
  'cli.report': ({ text }: { text: string }) => text,
  'cli.flag-value': ({ flag, usage }: { flag: string; usage: string }) => `${flag} needs a value.\n${usage}`,
  'cli.guild-id': ({ value }: { value: string }) => `--guild must be a Discord server id (17–20 digits), not "${value}".`,
  'cli.token': () => 'Set DISCORD_TOKEN to register the slash commands.',
  'score.claim-unknown': ({ slug }: { slug: string }) => `unknown claim "${slug}"`,
  'score.claim-ambiguous': ({ slug, packs, claim }: { slug: string; packs: readonly string[]; claim: string }) =>
    `claim "${slug}" is in several packs (${packs.join(', ')}); write PACK/${claim}`,
  'score.claim-no-key-points': ({ slug }: { slug: string }) => `claim "${slug}" has no rebuttal with key points`,
  'score.needs-claim': ({ usage }: { usage: string }) => `try needs --claim SLUG.\n${usage}`,
  'score.empty-answer': () => 'The answer is empty: type it on standard input.',
  'score.bad-json': () => 'not valid JSON',

  // The console's own command line (it has no Discord wording: only the console parses text).
  'console.no-slash': () => 'Commands start with a slash, e.g. /help.',
  'console.unknown-command': ({ name }: { name: string }) => `There is no /${name}. Type /help to see the commands.`,
  'console.needs-subcommand': ({ path, choices, name }: { path: string; choices: readonly string[]; name: string }) =>
    `${path} needs one of: ${choices.join(', ')}. Type /help ${name} for details.`,
  'console.unknown-option': ({ path, name, options, usage }: { path: string; name: string; options: readonly string[]; usage: string }) =>
    `${path} has no option "${name}". ${options.length ? `Its options: ${options.join(', ')}.` : 'It takes no options.'} Text with a colon in it goes in quotes ("${name}:…"). Usage: ${usage}`,
  'console.unplaced-value': ({ value, usage }: { value: string; usage: string }) => `I don't know what "${value}" is for. Usage: ${usage}`,
  'console.missing-option': ({ option, usage }: { option: string; usage: string }) => `Missing ${option}. Usage: ${usage}`,
  'console.bad-value': ({ value, option, expected, usage }: { value: string; option: string; expected: string; usage: string }) =>
    `"${value}" is not a valid ${option} (expected ${expected}). Usage: ${usage}`,
} satisfies Record<string, Words<never>>;

function nextComes(at: Date | null, w: Wording): string {
  return at ? ` The next one comes ${w.time(at, 'F')} (${w.time(at, 'R')}).` : '';
}

type Catalogue = typeof USER_ERRORS;
export type ErrorCode = keyof Catalogue;
/** The params a code takes; `undefined` for a code whose sentence needs none. */
export type ErrorParams<C extends ErrorCode> = Parameters<Catalogue[C]>[0];

/** Per-edge rewordings of some codes (the console's Tab in place of Discord's autocomplete list). */
export type Rewordings = { readonly [C in ErrorCode]?: Words<ErrorParams<C>> };

/** The sentence for an error's code and params, as `w` writes it; `rewordings` take precedence. */
export function wordError<C extends ErrorCode>(e: { code: C; params: ErrorParams<C> }, w: Wording, rewordings: Rewordings = {}): string {
  const words = (rewordings[e.code] ?? USER_ERRORS[e.code]) as Words<ErrorParams<C>>;
  return words(e.params, w);
}
