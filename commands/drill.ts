import { ActionRowBuilder, InteractionContextType, ModalBuilder, SlashCommandBuilder, TextInputBuilder, TextInputStyle } from 'discord.js';
import { autocompleteTopics } from '#src/content/topics.ts';
import { listPacks } from '#src/content/packs.ts';
import type { AppContext } from '#src/context.ts';
import { ANSWER_MAX, getOwnAnswer } from '#src/drills/answers.ts';
import { findActiveDrill, getDrill, messageLink, MINUTES_MAX, MINUTES_MIN } from '#src/drills/lifecycle.ts';
import { requireDrillRunner, type Actor } from '#src/drills/permissions.ts';
import { renderFeedback } from '#src/render/drills.ts';
import { getFeedback } from '#src/drills/results.ts';
import { closeFromCommand, startDrill, submit } from '#src/drills/runner.ts';
import { listDrillSchedules, removeDrillSchedule, setDrillSchedule, type ScheduleView } from '#src/drills/schedule.ts';
import { getGuildSettings } from '#src/guild/settings.ts';
import { toggleVote } from '#src/drills/votes.ts';
import { UserError } from '#src/errors.ts';
import { requireManageGuild } from '#src/interactions/guards.ts';
import type { Command, Request, Responder } from '#src/interactions/types.ts';
import { topicChoices } from '#src/render/choices.ts';
import { suggestTimeZones } from '#src/jobs/timezone.ts';
import { adjustScore, MAX_ADJUSTMENT } from '#src/scoring/adjust.ts';

const data = new SlashCommandBuilder()
  .setName('drill')
  .setDescription('Group debate drills: rebut a claim against the clock, then vote')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((s) =>
    s
      .setName('start')
      .setDescription('Start a drill in this channel')
      .addStringOption((o) => o.setName('topic').setDescription('Only claims on this topic').setAutocomplete(true).setMaxLength(100))
      .addStringOption((o) => o.setName('pack').setDescription('Only claims from this pack').setAutocomplete(true).setMaxLength(100))
      .addIntegerOption((o) =>
        o.setName('minutes').setDescription(`How long answers are taken (default 10)`).setMinValue(MINUTES_MIN).setMaxValue(MINUTES_MAX),
      )
      .addStringOption((o) =>
        o
          .setName('mode')
          .setDescription('standard: rebut the claim; flip: argue against one of its rebuttals')
          .addChoices({ name: 'standard', value: 'standard' }, { name: 'flip', value: 'flip' }),
      ),
  )
  .addSubcommand((s) => s.setName('close').setDescription("Close this channel's drill now (or end its voting)"))
  .addSubcommand((s) =>
    s
      .setName('adjust')
      .setDescription("Change a member's points, with a reason kept in the audit trail")
      .addUserOption((o) => o.setName('member').setDescription('Whose points').setRequired(true))
      .addIntegerOption((o) =>
        o
          .setName('points')
          .setDescription('Points to add (negative to take away)')
          .setRequired(true)
          .setMinValue(-MAX_ADJUSTMENT)
          .setMaxValue(MAX_ADJUSTMENT),
      )
      .addStringOption((o) => o.setName('reason').setDescription('Why (kept in the audit trail)').setRequired(true).setMaxLength(300)),
  )
  .addSubcommandGroup((g) =>
    g
      .setName('schedule')
      .setDescription('Recurring drills in this channel')
      .addSubcommand((s) =>
        s
          .setName('set')
          .setDescription('Run a drill here on a cron schedule')
          .addStringOption((o) =>
            o
              .setName('cron')
              .setDescription('Five cron fields, e.g. "0 18 * * 1-5" for 18:00 on weekdays')
              .setRequired(true)
              .setMaxLength(100),
          )
          .addStringOption((o) =>
            o.setName('timezone').setDescription('e.g. Europe/London').setRequired(true).setAutocomplete(true).setMaxLength(64),
          )
          .addStringOption((o) => o.setName('topic').setDescription('Only claims on this topic').setAutocomplete(true).setMaxLength(100))
          .addIntegerOption((o) =>
            o.setName('minutes').setDescription('How long each drill lasts (default 10)').setMinValue(MINUTES_MIN).setMaxValue(MINUTES_MAX),
          ),
      )
      .addSubcommand((s) => s.setName('show').setDescription("This server's recurring drills and their next runs"))
      .addSubcommand((s) => s.setName('off').setDescription("Stop this channel's recurring drill")),
  );

function optional(req: Request, name: string): string | undefined {
  const v = req.options[name];
  return v === undefined ? undefined : String(v).trim() || undefined;
}

function integer(req: Request, name: string): number | undefined {
  const v = req.options[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new UserError('option.whole-number', { option: name });
  return n;
}

const actorOf = (req: Request): Actor => ({ userId: req.user.id, ...req.member });
const ts = (d: Date, style = 'f') => `<t:${Math.floor(d.getTime() / 1000)}:${style}>`;

/** Custom ids: drill:<action>:<drill id>[:<answer id>]; ids are checked against the server on use. */
function idsOf(customId: string | undefined): { action: string; drillId: number; answerId: number } {
  const [, action = '', drill = '', answer = ''] = (customId ?? '').split(':');
  return { action, drillId: Number(drill), answerId: Number(answer) };
}

async function start(req: Request, res: Responder, ctx: AppContext): Promise<void> {
  const mode = optional(req, 'mode') ?? 'standard';
  if (mode !== 'standard' && mode !== 'flip') throw new UserError('drill.mode');
  // Refusals answer at once; only real work waits behind a defer.
  const settings = await getGuildSettings(ctx.database.db, req.guildId);
  requireDrillRunner(actorOf(req), settings.drillRunnerRoleId, 'startDrill');
  await res.defer({ ephemeral: true });
  const drill = await startDrill(ctx, {
    guildId: req.guildId,
    channelId: req.channelId,
    actor: actorOf(req),
    startedBy: req.user.id,
    topic: optional(req, 'topic'),
    pack: optional(req, 'pack'),
    minutes: integer(req, 'minutes'),
    mode,
  });
  await res.edit({ content: `Drill started: ${messageLink(drill)}. It closes ${ts(drill.closesAt, 'R')}.`, ephemeral: true });
}

async function close(req: Request, res: Responder, ctx: AppContext): Promise<void> {
  const drill = await findActiveDrill(ctx.database.db, req.guildId, req.channelId);
  if (!drill) throw new UserError('drill.none-running');
  const settings = await getGuildSettings(ctx.database.db, req.guildId);
  requireDrillRunner(actorOf(req), settings.drillRunnerRoleId, 'closeDrill');
  await res.defer({ ephemeral: true });
  const outcome = await closeFromCommand(ctx, { guildId: req.guildId, drill, actor: actorOf(req) });
  const text = {
    closed: 'Drill closed; the results are posted.',
    finished: 'Voting ended; the final ranking is posted.',
    already: 'That drill had already been closed.',
  }[outcome];
  await res.edit({ content: text, ephemeral: true });
}

async function adjust(req: Request, res: Responder, ctx: AppContext): Promise<void> {
  requireManageGuild(req, 'adjustPoints');
  const userId = optional(req, 'member');
  if (!userId || !/^\d{17,20}$/.test(userId)) throw new UserError('member.pick');
  const adj = await adjustScore(ctx.database.db, {
    guildId: req.guildId,
    userId,
    delta: integer(req, 'points') ?? 0,
    reason: optional(req, 'reason') ?? '',
    moderatorId: req.user.id,
    now: ctx.clock.now(),
  });
  await res.reply({
    content: `Adjusted <@${adj.userId}> by ${adj.delta > 0 ? '+' : ''}${adj.delta} points: “${adj.reason}”. It is kept in the audit trail and shows in /score.`,
    ephemeral: true,
  });
}

function describeSchedule(v: ScheduleView): string {
  const s = v.schedule;
  const runs = v.nextRuns.map((d) => ts(d)).join(', ');
  return `<#${s.channelId}>: \`${s.cron}\` (${s.timezone}), ${s.minutes} min${s.topicSlug ? `, topic \`${s.topicSlug}\`` : ''}\n  next: ${runs || 'never'}`;
}

async function schedule(req: Request, res: Responder, ctx: AppContext): Promise<void> {
  const db = ctx.database.db;
  const now = ctx.clock.now();
  if (req.subcommand === 'show') {
    const list = await listDrillSchedules(db, req.guildId, now);
    return res.reply({
      content: list.length ? `**Recurring drills**\n${list.map(describeSchedule).join('\n')}` : 'No recurring drills on this server.',
      ephemeral: true,
    });
  }
  const settings = await getGuildSettings(db, req.guildId);
  requireDrillRunner(actorOf(req), settings.drillRunnerRoleId, 'scheduleDrills');
  if (req.subcommand === 'off') {
    const removed = await removeDrillSchedule(db, req.guildId, req.channelId);
    return res.reply({
      content: removed ? 'The recurring drill in this channel is off.' : 'There was no recurring drill in this channel.',
      ephemeral: true,
    });
  }
  if (req.subcommand !== 'set') throw new UserError('interaction.use-subcommand', { usage: '/drill schedule set, show or off' });
  const channel = await ctx.messenger.checkChannel(req.guildId, req.channelId);
  if (!channel.ok) throw new UserError('drill.cannot-run-here', { problem: channel.problem });
  const view = await setDrillSchedule(db, {
    guildId: req.guildId,
    channelId: req.channelId,
    cron: optional(req, 'cron') ?? '',
    timezone: optional(req, 'timezone') ?? '',
    topic: optional(req, 'topic'),
    minutes: integer(req, 'minutes') ?? 10,
    createdBy: req.user.id,
    now,
  });
  await res.reply({ content: `Recurring drill set. ${describeSchedule(view)}`, ephemeral: true });
}

async function openModal(req: Request, res: Responder, ctx: AppContext, drillId: number): Promise<void> {
  const drill = await getDrill(ctx.database.db, req.guildId, drillId);
  if (drill.status !== 'open' || ctx.clock.now() >= drill.closesAt) throw new UserError('drill.closed');
  const previous = await getOwnAnswer(ctx.database.db, req.guildId, drillId, req.user.id);
  const input = new TextInputBuilder()
    .setCustomId('answer')
    .setLabel(drill.mode === 'flip' ? 'Your counter-argument' : 'Your rebuttal')
    .setStyle(TextInputStyle.Paragraph)
    .setMaxLength(ANSWER_MAX)
    .setRequired(true)
    .setPlaceholder('Make the key points; cite a reference code if you know one.');
  if (previous) input.setValue(previous);
  const modal = new ModalBuilder()
    .setCustomId(`drill:answer:${drillId}`)
    .setTitle(previous ? 'Edit your answer' : 'Submit your answer')
    .addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(input));
  await res.showModal(modal.toJSON());
}

export const drill: Command = {
  data,
  async execute(req, res, ctx) {
    if (req.subcommandGroup === 'schedule') return schedule(req, res, ctx);
    switch (req.subcommand) {
      case 'start':
        return start(req, res, ctx);
      case 'close':
        return close(req, res, ctx);
      case 'adjust':
        return adjust(req, res, ctx);
      default:
        throw new UserError('interaction.use-subcommand', { usage: '/drill start, close, adjust or schedule' });
    }
  },
  async autocomplete(req, res, ctx) {
    const typed = req.focused?.value ?? '';
    switch (req.focused?.name) {
      case 'topic':
        return res.autocomplete(topicChoices(await autocompleteTopics(ctx.database, req.guildId, typed, 25)));
      case 'pack': {
        const t = typed.trim().toLowerCase();
        const packs = (await listPacks(ctx.database, req.guildId)).filter(
          (p) => !t || p.slug.includes(t) || p.title.toLowerCase().includes(t),
        );
        return res.autocomplete(packs.slice(0, 25).map((p) => ({ name: p.title.slice(0, 100), value: p.slug })));
      }
      case 'timezone':
        return res.autocomplete(suggestTimeZones(typed).map((z) => ({ name: z, value: z })));
      default:
        return res.autocomplete([]);
    }
  },
  async button(req, res, ctx) {
    const { action, drillId, answerId } = idsOf(req.customId);
    switch (action) {
      case 'submit':
        return openModal(req, res, ctx, drillId);
      case 'vote': {
        const vote = await toggleVote(ctx.database.db, {
          guildId: req.guildId,
          drillId,
          answerId,
          voterId: req.user.id,
          now: ctx.clock.now(),
        });
        const left = vote.limit - vote.used;
        return res.reply({
          content:
            vote.action === 'added'
              ? `Vote counted. You have ${left} vote${left === 1 ? '' : 's'} left; press the same button again to take it back.`
              : `Vote taken back. You have ${left} vote${left === 1 ? '' : 's'} left.`,
          ephemeral: true,
        });
      }
      case 'feedback':
        return res.reply(renderFeedback(await getFeedback(ctx.database.db, { guildId: req.guildId, drillId, userId: req.user.id })));
      default:
        throw new UserError('interaction.stale-button');
    }
  },
  async modal(req, res, ctx) {
    const { action, drillId } = idsOf(req.customId);
    if (action !== 'answer') throw new UserError('interaction.stale-form');
    const result = await submit(ctx, {
      guildId: req.guildId,
      drillId,
      userId: req.user.id,
      displayName: req.user.displayName,
      text: req.fields?.answer,
    });
    await res.reply({
      content: `${result.created ? 'Answer saved' : 'Answer updated'}. Nobody sees it until the drill closes ${ts(result.closesAt, 'R')}; press **Submit rebuttal** again to edit it.`,
      ephemeral: true,
    });
  },
};
