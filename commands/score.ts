import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { getGuildSettings } from '#src/guild/settings.ts';
import { UserError } from '#src/errors.ts';
import type { Command } from '#src/interactions/types.ts';
import { scoreEmbed } from '#src/render/scores.ts';
import { getMemberScore } from '#src/scoring/stats.ts';

const data = new SlashCommandBuilder()
  .setName('score')
  .setDescription("Drill points, coverage and streaks: yours or a member's")
  .setContexts(InteractionContextType.Guild)
  .addUserOption((o) => o.setName('member').setDescription('Whose scores (default: yours)'));

/**
 * With public leaderboards off, scores are private: members see only their own, ephemerally.
 */
export const score: Command = {
  data,
  async execute(req, res, ctx) {
    const target = req.options.member === undefined ? req.user.id : String(req.options.member);
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
