import { InteractionContextType } from 'discord-api-types/v10';
import { claimsOnTopic } from '#src/content/topic-claims.ts';
import { listTopics } from '#src/content/topics.ts';
import type { AppContext } from '#src/context.ts';
import { UserError } from '#src/errors.ts';
import { selectedValue, slashCommand } from '#src/interactions/args.ts';
import type { Command, Request, Responder } from '#src/interactions/types.ts';
import { acceptPageClick, PAGE_TTL_MS } from '#src/render/pagination.ts';
import { TOPIC_CLAIMS_PAGE_SIZE, topicClaimsReply, topicsReply } from '#src/render/topics.ts';

const viewer = (req: Request, ctx: AppContext) => ({ owner: req.user.id, expires: ctx.clock.now().getTime() + PAGE_TTL_MS });

async function showTopic(
  slug: string,
  page: number,
  req: Request,
  res: Responder,
  ctx: AppContext,
  how: 'reply' | 'update',
): Promise<void> {
  const at = (p: number) =>
    claimsOnTopic(ctx.database, req.guildId, slug, { limit: TOPIC_CLAIMS_PAGE_SIZE, offset: p * TOPIC_CLAIMS_PAGE_SIZE });
  let p = Math.max(0, page);
  let found = await at(p);
  if (!found) throw new UserError('topic.gone');
  if (found.claims.length === 0 && p > 0) {
    p = 0;
    found = (await at(0)) ?? found;
  }
  await res[how](topicClaimsReply(found, p, viewer(req, ctx)));
}

export const topics: Command = {
  data: slashCommand({
    name: 'topics',
    description: 'The topics this server’s packs cover, with their claims and quotes',
    contexts: [InteractionContextType.Guild],
  }),
  async execute(req, res, ctx) {
    await res.reply(topicsReply(await listTopics(ctx.database, req.guildId), 0, viewer(req, ctx)));
  },
  async button(req, res, ctx) {
    if (req.customId === 'topics:open') return showTopic(selectedValue(req), 0, req, res, ctx, 'reply');
    const state = await acceptPageClick(req, res, ctx.clock.now());
    if (!state) return;
    if (state.view === 't') return res.update(topicsReply(await listTopics(ctx.database, req.guildId), state.page, viewer(req, ctx)));
    if (state.view === 'c') return showTopic(state.arg, state.page, req, res, ctx, 'update');
    throw new UserError('interaction.unknown-button');
  },
};
