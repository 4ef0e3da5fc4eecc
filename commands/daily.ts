import { ApplicationCommandOptionType as T, ChannelType, InteractionContextType, PermissionFlagsBits } from 'discord-api-types/v10';
import { listPacks } from '#src/content/packs.ts';
import { autocompleteTopics } from '#src/content/topics.ts';
import type { AppContext } from '#src/context.ts';
import { UserError } from '#src/errors.ts';
import { requireManageGuild } from '#src/interactions/guards.ts';
import { slashCommand } from '#src/interactions/args.ts';
import type { Command, Request, Responder } from '#src/interactions/types.ts';
import { dailyPostedText, dailyPreviewText, dailySetText, dailyStatusText } from '#src/render/daily.ts';
import { dailyQuoteEmbed } from '#src/render/quotes.ts';
import { postDailyNow, previewDailyQuote } from '#src/daily/post.ts';
import { getDailyStatus, parseDailyTime, parseDailyTimezone, setDailySchedule, turnOffDaily } from '#src/daily/schedule.ts';
import { suggestTimeZones } from '#src/jobs/timezone.ts';

const data = slashCommand({
  name: 'daily',
  description: 'The daily quote: where and when it is posted',
  contexts: [InteractionContextType.Guild],
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  options: [
    {
      type: T.Subcommand,
      name: 'set',
      description: 'Post a quote every day in a channel at a local time',
      options: [
        {
          type: T.Channel,
          name: 'channel',
          description: 'Where to post',
          required: true,
          channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
        },
        { type: T.String, name: 'time', description: 'Local time, 24 h HH:MM, e.g. 09:30', required: true, max_length: 10 },
        {
          type: T.String,
          name: 'timezone',
          description: 'Your time zone, e.g. Europe/London',
          required: true,
          autocomplete: true,
          max_length: 64,
        },
        { type: T.String, name: 'topic', description: 'Only quotes on this topic', autocomplete: true, max_length: 100 },
        { type: T.String, name: 'pack', description: 'Only quotes from this pack', autocomplete: true, max_length: 100 },
      ],
    },
    { type: T.Subcommand, name: 'show', description: 'The schedule, the next and last posts, and any problem' },
    { type: T.Subcommand, name: 'off', description: 'Stop the daily quote' },
    { type: T.Subcommand, name: 'now', description: "Post today's quote now (the scheduled one then waits for tomorrow)" },
    { type: T.Subcommand, name: 'preview', description: 'See the next quote, only for you; it is not used up' },
  ],
});

async function set(req: Request, res: Responder, ctx: AppContext): Promise<void> {
  const { channel: channelId, time, timezone, topic, pack } = data.args(req, 'set');
  // Bad values are answered at once, before the channel check needs Discord.
  parseDailyTime(time);
  parseDailyTimezone(timezone);
  await res.defer({ ephemeral: true });
  const { schedule, nextRunAt } = await setDailySchedule(ctx, {
    guildId: req.guildId,
    channelId,
    time,
    timezone,
    topicSlug: topic,
    packSlug: pack,
    userId: req.user.id,
  });
  await res.edit({ content: dailySetText(schedule, nextRunAt), ephemeral: true });
}

async function now(req: Request, res: Responder, ctx: AppContext): Promise<void> {
  await res.defer({ ephemeral: true });
  const result = await postDailyNow(ctx, req.guildId);
  if (!result) throw new UserError('daily.not-set');
  switch (result.kind) {
    case 'posted':
      return res.edit({ content: dailyPostedText(result.channelId, result.nextRunAt), ephemeral: true });
    case 'sent':
      throw new UserError('daily.already-posted', {
        localDate: result.localDate,
        channelId: result.channelId,
        nextRunAt: result.nextRunAt ?? null,
      });
    case 'busy':
      throw new UserError('daily.busy');
    case 'empty':
      throw new UserError('daily.empty');
    case 'undeliverable':
      throw new UserError('daily.undeliverable', { problem: result.problem });
    case 'no-schedule':
      throw new UserError('daily.not-set');
  }
}

export const daily: Command = {
  data,
  async execute(req, res, ctx) {
    requireManageGuild(req, 'manageDaily');
    switch (req.subcommand) {
      case 'set':
        return set(req, res, ctx);
      case 'show': {
        const st = await getDailyStatus(ctx.database.db, req.guildId, ctx.clock.now());
        if (!st) throw new UserError('daily.not-set-show');
        return res.reply({ content: dailyStatusText(req.guildId, st), ephemeral: true });
      }
      case 'off': {
        const was = await turnOffDaily(ctx.database.db, req.guildId);
        return res.reply({
          content: was ? 'The daily quote is off. /daily set starts it again.' : 'The daily quote was not on.',
          ephemeral: true,
        });
      }
      case 'now':
        return now(req, res, ctx);
      case 'preview': {
        const p = await previewDailyQuote(ctx.database, req.guildId);
        if (!p) throw new UserError('daily.not-set-preview');
        const st = await getDailyStatus(ctx.database.db, req.guildId, ctx.clock.now());
        return res.reply({
          content: dailyPreviewText(st?.nextRunAt),
          embeds: [dailyQuoteEmbed(p.quote, { topicSlug: st?.schedule.topicSlug, title: 'Next daily quote (preview)' })],
          ephemeral: true,
        });
      }
      default:
        throw new UserError('interaction.use-subcommand', { usage: '/daily set, show, off, now or preview' });
    }
  },
  async autocomplete(req, res, ctx) {
    // Suggestions reveal nothing of value, but the command is for admins: keep them to admins too.
    if (!req.member.manageGuild) return res.autocomplete([]);
    const typed = req.focused?.value ?? '';
    switch (req.focused?.name) {
      case 'timezone':
        return res.autocomplete(suggestTimeZones(typed).map((z) => ({ name: z, value: z })));
      case 'topic': {
        const topics = await autocompleteTopics(ctx.database, req.guildId, typed, 25);
        return res.autocomplete(topics.map((t) => ({ name: `${t.name} (${t.slug})`.slice(0, 100), value: t.slug })));
      }
      case 'pack': {
        const q = typed.trim().toLowerCase();
        const packs = (await listPacks(ctx.database, req.guildId)).filter(
          (p) => p.quotes > 0 && (p.slug.includes(q) || p.title.toLowerCase().includes(q)),
        );
        return res.autocomplete(packs.slice(0, 25).map((p) => ({ name: `${p.title} (${p.quotes} quotes)`.slice(0, 100), value: p.slug })));
      }
      default:
        return res.autocomplete([]);
    }
  },
};
