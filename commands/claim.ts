import { ApplicationCommandOptionType as T, InteractionContextType } from 'discord-api-types/v10';
import { autocompleteClaims, getClaim, randomClaim, searchClaims } from '#src/content/claims.ts';
import { autocompleteTopics } from '#src/content/topics.ts';
import { MAX_QUERY_LENGTH } from '#src/content/visibility.ts';
import type { AppContext } from '#src/context.ts';
import { UserError } from '#src/errors.ts';
import { selectedValue, slashCommand } from '#src/interactions/args.ts';
import type { Command, Request, Responder } from '#src/interactions/types.ts';
import { claimReply, searchQueryFromTitle, searchReply, SEARCH_PAGE_SIZE } from '#src/render/claims.ts';
import { acceptPageClick, clampPage, PAGE_TTL_MS } from '#src/render/pagination.ts';
import { searchChoices, textChoices, topicChoices } from '#src/render/choices.ts';

const data = slashCommand({
  name: 'claim',
  description: 'Look up claims and their rebuttals',
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: T.Subcommand,
      name: 'search',
      description: 'Search the claims by words, ranked',
      options: [
        {
          type: T.String,
          name: 'query',
          description: 'Words to look for',
          required: true,
          autocomplete: true,
          max_length: MAX_QUERY_LENGTH,
        },
      ],
    },
    {
      type: T.Subcommand,
      name: 'show',
      description: 'Show one claim with its rebuttals',
      options: [
        { type: T.Integer, name: 'id', description: 'The claim (start typing to pick)', required: true, autocomplete: true, min_value: 1 },
      ],
    },
    {
      type: T.Subcommand,
      name: 'random',
      description: 'A random claim to practise on',
      options: [{ type: T.String, name: 'topic', description: 'Only claims on this topic', autocomplete: true, max_length: 100 }],
    },
  ],
});

const viewer = (req: Request, ctx: AppContext) => ({ owner: req.user.id, expires: ctx.clock.now().getTime() + PAGE_TTL_MS });

async function showClaim(id: number, page: number, req: Request, res: Responder, ctx: AppContext, how: 'reply' | 'update'): Promise<void> {
  const claim = await getClaim(ctx.database, req.guildId, id);
  if (!claim) throw new UserError('claim.not-found', { id });
  await res[how](claimReply(claim, page, viewer(req, ctx)));
}

async function search(query: string, page: number, req: Request, res: Responder, ctx: AppContext, how: 'reply' | 'update'): Promise<void> {
  const first = await searchClaims(ctx.database, req.guildId, query, { limit: SEARCH_PAGE_SIZE, offset: page * SEARCH_PAGE_SIZE });
  if (first.total === 0) throw new UserError('claim.no-match', { query: query.trim() });
  let result = first;
  let p = page;
  if (first.hits.length === 0) {
    // The results shrank since the buttons were made (a pack was changed): show the last page instead.
    p = clampPage(page, Math.ceil(first.total / SEARCH_PAGE_SIZE));
    result = await searchClaims(ctx.database, req.guildId, query, { limit: SEARCH_PAGE_SIZE, offset: p * SEARCH_PAGE_SIZE });
  }
  await res[how](searchReply(query.trim().replace(/\s+/g, ' '), result, p, viewer(req, ctx)));
}

export const claim: Command = {
  data,
  async execute(req, res, ctx) {
    switch (req.subcommand) {
      case 'search':
        return search(data.args(req, 'search').query, 0, req, res, ctx, 'reply');
      case 'show':
        return showClaim(data.args(req, 'show').id, 0, req, res, ctx, 'reply');
      case 'random': {
        const { topic } = data.args(req, 'random');
        const found = await randomClaim(ctx.database, req.guildId, topic);
        if (!found) {
          throw topic ? new UserError('claim.none-on-topic', { topic }) : new UserError('claim.none');
        }
        return void (await res.reply(claimReply(found, 0, viewer(req, ctx))));
      }
      default:
        throw new UserError('interaction.use-subcommand', { usage: '/claim search, /claim show or /claim random' });
    }
  },
  async autocomplete(req, res, ctx) {
    const typed = req.focused?.value ?? '';
    switch (req.focused?.name) {
      case 'query':
        return res.autocomplete(searchChoices(typed, await autocompleteClaims(ctx.database, req.guildId, typed, 24)));
      case 'id':
        return res.autocomplete(textChoices(await autocompleteClaims(ctx.database, req.guildId, typed, 25)));
      case 'topic':
        return res.autocomplete(topicChoices(await autocompleteTopics(ctx.database, req.guildId, typed, 25)));
      default:
        return res.autocomplete([]);
    }
  },
  async button(req, res, ctx) {
    if (req.customId === 'claim:open') {
      const id = Number(selectedValue(req));
      if (!Number.isSafeInteger(id)) throw new UserError('claim.pick');
      return showClaim(id, 0, req, res, ctx, 'reply');
    }
    const state = await acceptPageClick(req, res, ctx.clock.now());
    if (!state) return;
    if (state.view === 'c') return showClaim(Number(state.arg), state.page, req, res, ctx, 'update');
    if (state.view === 's') {
      const query = searchQueryFromTitle(req.message?.embeds[0]?.title);
      if (!query) throw new UserError('interaction.search-lost', { command: 'claim search' });
      return search(query, Math.max(0, state.page), req, res, ctx, 'update');
    }
    throw new UserError('interaction.unknown-button');
  },
};
