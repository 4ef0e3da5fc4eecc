import { ApplicationCommandOptionType as T, InteractionContextType } from 'discord-api-types/v10';
import { getGuildSettings } from '#src/guild/settings.ts';
import { UserError } from '#src/errors.ts';
import { slashCommand } from '#src/interactions/args.ts';
import type { Command } from '#src/interactions/types.ts';
import { scoreEmbed } from '#src/render/scores.ts';
import { getMemberScore } from '#src/scoring/stats.ts';

const data = slashCommand({
  name: 'score',
  description: "Drill points, coverage and streaks: yours or a member's",
  contexts: [InteractionContextType.Guild],
  options: [{ type: T.User, name: 'member', description: 'Whose scores (default: yours)' }],
});

/**
 * With public leaderboards off, scores are private: members see only their own, ephemerally.
 */
export const score: Command = {
  data,
  async execute(req, res, ctx) {
    const target = data.args(req).member ?? req.user.id;
    const settings = await getGuildSettings(ctx.database.db, req.guildId);
    const own = target === req.user.id;
    if (!settings.publicLeaderboards && !own) throw new UserError('score.private');
    const s = await getMemberScore(ctx.database.db, req.guildId, target, ctx.clock.now());
    if (!s) {
      throw own ? new UserError('score.none-own') : new UserError('score.none', { userId: target });
    }
    await res.reply({ embeds: [scoreEmbed(s)], ephemeral: !settings.publicLeaderboards });
  },
};
