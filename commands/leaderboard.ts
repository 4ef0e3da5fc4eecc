import { ApplicationCommandOptionType as T, InteractionContextType } from 'discord-api-types/v10';
import { autocompleteTopics } from '#src/content/topics.ts';
import type { AppContext } from '#src/context.ts';
import { getGuildSettings } from '#src/guild/settings.ts';
import { UserError } from '#src/errors.ts';
import { slashCommand } from '#src/interactions/args.ts';
import type { Command, Request, Responder } from '#src/interactions/types.ts';
import { topicChoices } from '#src/render/choices.ts';
import { acceptPageClick, fitsPageId, pageButtons, PAGE_TTL_MS } from '#src/render/pagination.ts';
import { getLeaderboard, leaderboardEntry, PERIODS, type Period } from '#src/scoring/leaderboard.ts';
import { leaderboardEmbed, ownRankReply } from '#src/render/scores.ts';

const data = slashCommand({
  name: 'leaderboard',
  description: "The server's drill leaderboard",
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: T.String,
      name: 'period',
      description: 'This week, this month (UTC calendar) or all time (default)',
      choices: [
        { name: 'this week', value: 'week' },
        { name: 'this month', value: 'month' },
        { name: 'all time', value: 'all' },
      ],
    },
    { type: T.String, name: 'topic', description: 'Only drills on this topic', autocomplete: true, max_length: 60 },
  ],
});

/** A period read back from a page button's custom id (the command's own option is checked by args()). */
function periodOf(value: string | undefined): Period {
  const p = value === undefined ? 'all' : value;
  if (!(PERIODS as readonly string[]).includes(p)) throw new UserError('leaderboard.period');
  return p as Period;
}

/** Page buttons carry the period and topic: `leaderboard:page:b:<page>:<owner>:<expires>:<period>|<topic>`. */
async function show(
  req: Request,
  res: Responder,
  ctx: AppContext,
  period: Period,
  topic: string | undefined,
  page: number,
  how: 'reply' | 'update',
) {
  const board = await getLeaderboard(ctx.database.db, { guildId: req.guildId, period, topic, now: ctx.clock.now(), page });
  const arg = `${period}|${topic ?? ''}`;
  const components = fitsPageId('leaderboard', 'b', arg)
    ? pageButtons(
        { command: 'leaderboard', view: 'b', owner: req.user.id, expires: ctx.clock.now().getTime() + PAGE_TTL_MS, arg },
        board.page,
        board.pages,
      )
    : [];
  await res[how]({ embeds: [leaderboardEmbed(board, period, topic)], components });
}

/**
 * A server with public leaderboards off gets no board at all: each member sees only their own rank,
 * ephemerally.
 */
export const leaderboard: Command = {
  data,
  async execute(req, res, ctx) {
    const { period = 'all', topic } = data.args(req);
    const settings = await getGuildSettings(ctx.database.db, req.guildId);
    if (!settings.publicLeaderboards) {
      const entry = await leaderboardEntry(ctx.database.db, {
        guildId: req.guildId,
        userId: req.user.id,
        period,
        topic,
        now: ctx.clock.now(),
      });
      return res.reply(ownRankReply(entry, period, topic));
    }
    return show(req, res, ctx, period, topic, 0, 'reply');
  },
  async autocomplete(req, res, ctx) {
    if (req.focused?.name !== 'topic') return res.autocomplete([]);
    return res.autocomplete(topicChoices(await autocompleteTopics(ctx.database, req.guildId, req.focused.value, 25)));
  },
  async button(req, res, ctx) {
    const state = await acceptPageClick(req, res, ctx.clock.now());
    if (!state) return;
    const settings = await getGuildSettings(ctx.database.db, req.guildId);
    if (!settings.publicLeaderboards) throw new UserError('leaderboard.private');
    const [period, topic] = state.arg.split('|');
    return show(req, res, ctx, periodOf(period), topic || undefined, Math.max(0, state.page), 'update');
  },
};
