import { ChannelType, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { listPacks } from '#src/content/packs.ts';
import { autocompleteTopics } from '#src/content/topics.ts';
import type { AppContext } from '#src/context.ts';
import { UserError } from '#src/errors.ts';
import { requireManageGuild } from '#src/interactions/guards.ts';
import type { Command, Request, Responder } from '#src/interactions/types.ts';
import { dailyQuoteEmbed } from '#src/render/quotes.ts';
import { postDailyNow, previewDailyQuote } from '#src/daily/post.ts';
import {
  getDailyStatus,
  parseDailyTime,
  parseDailyTimezone,
  setDailySchedule,
  turnOffDaily,
  type DailySchedule,
  type DailyStatus,
} from '#src/daily/schedule.ts';
import { suggestTimeZones } from '#src/jobs/timezone.ts';

const data = new SlashCommandBuilder()
  .setName('daily')
  .setDescription('The daily quote: where and when it is posted')
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((s) =>
    s
      .setName('set')
      .setDescription('Post a quote every day in a channel at a local time')
      .addChannelOption((o) =>
        o
          .setName('channel')
          .setDescription('Where to post')
          .setRequired(true)
          .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
      )
      .addStringOption((o) => o.setName('time').setDescription('Local time, 24 h HH:MM, e.g. 09:30').setRequired(true).setMaxLength(10))
      .addStringOption((o) =>
        o.setName('timezone').setDescription('Your time zone, e.g. Europe/London').setRequired(true).setAutocomplete(true).setMaxLength(64),
      )
      .addStringOption((o) => o.setName('topic').setDescription('Only quotes on this topic').setAutocomplete(true).setMaxLength(100))
      .addStringOption((o) => o.setName('pack').setDescription('Only quotes from this pack').setAutocomplete(true).setMaxLength(100)),
  )
  .addSubcommand((s) => s.setName('show').setDescription('The schedule, the next and last posts, and any problem'))
  .addSubcommand((s) => s.setName('off').setDescription('Stop the daily quote'))
  .addSubcommand((s) => s.setName('now').setDescription("Post today's quote now (the scheduled one then waits for tomorrow)"))
  .addSubcommand((s) => s.setName('preview').setDescription('See the next quote, only for you; it is not used up'));

const when = (d: Date) => {
  const t = Math.floor(d.getTime() / 1000);
  return `<t:${t}:F> (<t:${t}:R>)`;
};

function optional(req: Request, name: string): string | undefined {
  const v = req.options[name];
  return v === undefined ? undefined : String(v).trim() || undefined;
}

function describeSchedule(s: DailySchedule): string {
  const filters = [s.topicSlug && `topic \`${s.topicSlug}\``, s.packSlug && `pack \`${s.packSlug}\``].filter(Boolean).join(', ');
  return `every day at **${s.time}** (${s.timezone}) in <#${s.channelId}>${filters ? `, ${filters}` : ''}`;
}

function statusText(guildId: string, st: DailyStatus): string {
  const lines = [`**Daily quote:** ${describeSchedule(st.schedule)}.`];
  if (st.problem) lines.push(`**Paused:** ${st.problem}`);
  else if (st.nextRunAt) lines.push(`**Next post:** ${when(st.nextRunAt)}`);
  if (st.lastError && !st.problem) lines.push(`**Last attempt failed** (retrying): ${st.lastError}`);
  const last = st.lastPost;
  if (last) {
    const link = last.messageId ? ` — https://discord.com/channels/${guildId}/${last.channelId}/${last.messageId}` : '';
    lines.push(`**Last post:** ${last.localDate}${last.speaker ? `, a quote by ${last.speaker}` : ''}${link}`);
  } else {
    lines.push('**Last post:** none yet.');
  }
  const { total, remaining } = st.pool;
  lines.push(
    total === 0
      ? '**Pool:** no quotes match this schedule.'
      : remaining === 0
        ? `**Pool:** all ${total} quotes have been posted; the next post starts a new round in a fresh order.`
        : `**Pool:** ${remaining} of ${total} quotes left before any repeats.`,
  );
  return lines.join('\n');
}

async function set(req: Request, res: Responder, ctx: AppContext): Promise<void> {
  const channelId = optional(req, 'channel');
  if (!channelId) throw new UserError('daily.channel-missing');
  const time = String(req.options.time ?? '');
  const timezone = String(req.options.timezone ?? '');
  // Bad values are answered at once, before the channel check needs Discord.
  parseDailyTime(time);
  parseDailyTimezone(timezone);
  await res.defer({ ephemeral: true });
  const { schedule, nextRunAt } = await setDailySchedule(ctx, {
    guildId: req.guildId,
    channelId,
    time,
    timezone,
    topicSlug: optional(req, 'topic'),
    packSlug: optional(req, 'pack'),
    userId: req.user.id,
  });
  await res.edit({ content: `Daily quote set: ${describeSchedule(schedule)}.\nNext post: ${when(nextRunAt)}`, ephemeral: true });
}

async function now(req: Request, res: Responder, ctx: AppContext): Promise<void> {
  await res.defer({ ephemeral: true });
  const result = await postDailyNow(ctx, req.guildId);
  if (!result) throw new UserError('daily.not-set');
  const next = result.nextRunAt ? ` The next one comes ${when(result.nextRunAt)}.` : '';
  switch (result.kind) {
    case 'posted':
      return res.edit({ content: `Posted today's quote in <#${result.channelId}>.${next}`, ephemeral: true });
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
        return res.reply({ content: statusText(req.guildId, st), ephemeral: true });
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
          content: `The next daily quote, if nothing changes before then${st?.nextRunAt ? ` (${when(st.nextRunAt)})` : ''}. Only you can see this.`,
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
