import { ApplicationCommandOptionType as T, InteractionContextType } from 'discord-api-types/v10';
import { ActionRowBuilder, ModalBuilder, TextInputBuilder, TextInputStyle } from 'discord.js';
import { autocompleteTopics } from '#src/content/topics.ts';
import { listPacks } from '#src/content/packs.ts';
import type { AppContext } from '#src/context.ts';
import { ANSWER_MAX, getOwnAnswer } from '#src/drills/answers.ts';
import { findActiveDrill, getDrill, MINUTES_MAX, MINUTES_MIN, undeliveredResults } from '#src/drills/lifecycle.ts';
import { requireDrillRunner, type Actor } from '#src/drills/permissions.ts';
import { adjustedText, answerSavedText, describeDrillSchedule, drillStartedText, renderFeedback } from '#src/render/drills.ts';
import { getFeedback } from '#src/drills/results.ts';
import { closeFromCommand, startDrill, submit } from '#src/drills/runner.ts';
import { listDrillSchedules, removeDrillSchedule, setDrillSchedule } from '#src/drills/schedule.ts';
import { getGuildSettings } from '#src/guild/settings.ts';
import { toggleVote } from '#src/drills/votes.ts';
import { UserError } from '#src/errors.ts';
import { requireManageGuild } from '#src/interactions/guards.ts';
import { slashCommand } from '#src/interactions/args.ts';
import type { Command, Request, Responder } from '#src/interactions/types.ts';
import { topicChoices } from '#src/render/choices.ts';
import { suggestTimeZones } from '#src/jobs/timezone.ts';
import { adjustScore, MAX_ADJUSTMENT } from '#src/scoring/adjust.ts';

const data = slashCommand({
  name: 'drill',
  description: 'Group debate drills: rebut a claim against the clock, then vote',
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: T.Subcommand,
      name: 'start',
      description: 'Start a drill in this channel',
      options: [
        { type: T.String, name: 'topic', description: 'Only claims on this topic', autocomplete: true, max_length: 100 },
        { type: T.String, name: 'pack', description: 'Only claims from this pack', autocomplete: true, max_length: 100 },
        {
          type: T.Integer,
          name: 'minutes',
          description: 'How long answers are taken (default 10)',
          min_value: MINUTES_MIN,
          max_value: MINUTES_MAX,
        },
        {
          type: T.String,
          name: 'mode',
          description: 'standard: rebut the claim; flip: argue against one of its rebuttals',
          choices: [
            { name: 'standard', value: 'standard' },
            { name: 'flip', value: 'flip' },
          ],
        },
      ],
    },
    { type: T.Subcommand, name: 'close', description: "Close this channel's drill now (or end its voting)" },
    {
      type: T.Subcommand,
      name: 'adjust',
      description: "Change a member's points, with a reason kept in the audit trail",
      options: [
        { type: T.User, name: 'member', description: 'Whose points', required: true },
        {
          type: T.Integer,
          name: 'points',
          description: 'Points to add (negative to take away)',
          required: true,
          min_value: -MAX_ADJUSTMENT,
          max_value: MAX_ADJUSTMENT,
        },
        { type: T.String, name: 'reason', description: 'Why (kept in the audit trail)', required: true, max_length: 300 },
      ],
    },
    {
      type: T.SubcommandGroup,
      name: 'schedule',
      description: 'Recurring drills in this channel',
      options: [
        {
          type: T.Subcommand,
          name: 'set',
          description: 'Run a drill here on a cron schedule',
          options: [
            {
              type: T.String,
              name: 'cron',
              description: 'Five cron fields, e.g. "0 18 * * 1-5" for 18:00 on weekdays',
              required: true,
              max_length: 100,
            },
            { type: T.String, name: 'timezone', description: 'e.g. Europe/London', required: true, autocomplete: true, max_length: 64 },
            { type: T.String, name: 'topic', description: 'Only claims on this topic', autocomplete: true, max_length: 100 },
            {
              type: T.Integer,
              name: 'minutes',
              description: 'How long each drill lasts (default 10)',
              min_value: MINUTES_MIN,
              max_value: MINUTES_MAX,
            },
          ],
        },
        { type: T.Subcommand, name: 'show', description: "This server's recurring drills and their next runs" },
        { type: T.Subcommand, name: 'off', description: "Stop this channel's recurring drill" },
      ],
    },
  ],
});

const actorOf = (req: Request): Actor => ({ userId: req.user.id, ...req.member });

/** Custom ids: drill:<action>:<drill id>[:<answer id>]; ids are checked against the server on use. */
function idsOf(customId: string | undefined): { action: string; drillId: number; answerId: number } {
  const [, action = '', drill = '', answer = ''] = (customId ?? '').split(':');
  return { action, drillId: Number(drill), answerId: Number(answer) };
}

async function start(req: Request, res: Responder, ctx: AppContext): Promise<void> {
  const { topic, pack, minutes, mode = 'standard' } = data.args(req, 'start');
  // Refusals answer at once; only real work waits behind a defer.
  const settings = await getGuildSettings(ctx.database.db, req.guildId);
  requireDrillRunner(actorOf(req), settings.drillRunnerRoleId, 'startDrill');
  const drill = await ctx.cooldowns.run('drill.start', req.guildId, req.user.id, async () => {
    await res.defer({ ephemeral: true });
    return startDrill(ctx, {
      guildId: req.guildId,
      channelId: req.channelId,
      startedBy: req.user.id,
      topic,
      pack,
      minutes,
      mode,
    });
  });
  await res.edit({ content: drillStartedText(drill), ephemeral: true });
}

async function close(req: Request, res: Responder, ctx: AppContext): Promise<void> {
  const drill = await findActiveDrill(ctx.database.db, req.guildId, req.channelId);
  if (!drill) throw new UserError('drill.none-running');
  const settings = await getGuildSettings(ctx.database.db, req.guildId);
  requireDrillRunner(actorOf(req), settings.drillRunnerRoleId, 'closeDrill');
  await res.defer({ ephemeral: true });
  const outcome = await closeFromCommand(ctx, { guildId: req.guildId, drill });
  const text = {
    closed: 'Drill closed; the results are posted.',
    finished: 'Voting ended; the final ranking is posted.',
    already: 'That drill had already been closed.',
  }[outcome];
  await res.edit({ content: text, ephemeral: true });
}

async function adjust(req: Request, res: Responder, ctx: AppContext): Promise<void> {
  requireManageGuild(req, 'adjustPoints');
  const { member: userId, points, reason } = data.args(req, 'adjust');
  if (!/^\d{17,20}$/.test(userId)) throw new UserError('member.pick');
  const adj = await adjustScore(ctx.database.db, {
    guildId: req.guildId,
    userId,
    delta: points,
    reason,
    moderatorId: req.user.id,
    now: ctx.clock.now(),
  });
  await res.reply({
    content: adjustedText(adj),
    ephemeral: true,
  });
}

async function schedule(req: Request, res: Responder, ctx: AppContext): Promise<void> {
  const db = ctx.database.db;
  const now = ctx.clock.now();
  if (req.subcommand === 'show') {
    const list = await listDrillSchedules(db, req.guildId, now);
    const unposted = await undeliveredResults(db, req.guildId);
    const parts = [
      list.length ? `**Recurring drills**\n${list.map(describeDrillSchedule).join('\n')}` : 'No recurring drills on this server.',
    ];
    if (unposted.length)
      parts.push(
        `**Results not posted**\n${unposted
          .slice(-5)
          .map((u) => `⚠️ ${u.problem}`)
          .join('\n')}`,
      );
    return res.reply({ content: parts.join('\n\n'), ephemeral: true });
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
  const { cron, timezone, topic, minutes = 10 } = data.args(req, 'schedule set');
  const channel = await ctx.messenger.checkChannel(req.guildId, req.channelId);
  if (!channel.ok) throw new UserError('drill.cannot-run-here', { problem: channel.problem });
  const view = await setDrillSchedule(db, {
    guildId: req.guildId,
    channelId: req.channelId,
    cron,
    timezone,
    topic,
    minutes,
    createdBy: req.user.id,
    now,
  });
  await res.reply({ content: `Recurring drill set. ${describeDrillSchedule(view)}`, ephemeral: true });
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
      content: answerSavedText(result),
      ephemeral: true,
    });
  },
};
