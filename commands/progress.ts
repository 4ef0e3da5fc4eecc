import { InteractionContextType } from 'discord-api-types/v10';
import { slashCommand } from '#src/interactions/args.ts';
import type { Command } from '#src/interactions/types.ts';
import { getProgress } from '#src/scoring/progress.ts';
import { progressReply } from '#src/render/scores.ts';

const data = slashCommand({
  name: 'progress',
  description: 'Your weakest topics and references, and what to study next (only you see it)',
  contexts: [InteractionContextType.Guild],
});

export const progress: Command = {
  data,
  async execute(req, res, ctx) {
    await res.reply(progressReply(await getProgress(ctx.database.db, { guildId: req.guildId, userId: req.user.id })));
  },
};
