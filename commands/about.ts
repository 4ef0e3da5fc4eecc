import { InteractionContextType } from 'discord-api-types/v10';
import { listPacks } from '#src/content/packs.ts';
import { slashCommand } from '#src/interactions/args.ts';
import type { Command } from '#src/interactions/types.ts';
import { aboutReply } from '#src/render/about.ts';
import { acceptPageClick, PAGE_TTL_MS } from '#src/render/pagination.ts';

export const about: Command = {
  data: slashCommand({
    name: 'about',
    description: 'What Riposte is, and which content packs this server has',
    contexts: [InteractionContextType.Guild],
  }),
  async execute(req, res, ctx) {
    const packs = await listPacks(ctx.database, req.guildId);
    await res.reply(aboutReply(packs, 0, { owner: req.user.id, expires: ctx.clock.now().getTime() + PAGE_TTL_MS }));
  },
  async button(req, res, ctx) {
    const state = await acceptPageClick(req, res, ctx.clock.now());
    if (!state) return;
    const packs = await listPacks(ctx.database, req.guildId);
    await res.update(aboutReply(packs, state.page, { owner: req.user.id, expires: ctx.clock.now().getTime() + PAGE_TTL_MS }));
  },
};
