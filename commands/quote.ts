import { ApplicationCommandOptionType as T, InteractionContextType, type APIApplicationCommandOptionChoice } from 'discord-api-types/v10';
import { autocompleteQuotes, autocompleteSpeakers, getQuote, pickQuote, searchQuotes } from '#src/content/quotes.ts';
import { typedText } from '#src/content/query-text.ts';
import { typingCorrection } from '#src/content/search-correct.ts';
import { autocompleteTopics } from '#src/content/topics.ts';
import { MAX_QUERY_LENGTH } from '#src/content/visibility.ts';
import type { AppContext } from '#src/context.ts';
import { UserError } from '#src/errors.ts';
import { selectedValue, slashCommand } from '#src/interactions/args.ts';
import type { Command, Request, Responder } from '#src/interactions/types.ts';
import { searchChoices, topicChoices, valueText } from '#src/render/choices.ts';
import { LIMITS, truncate } from '#src/render/limits.ts';
import { inline } from '#src/render/format.ts';
import { acceptPageClick, clampPage, PAGE_TTL_MS } from '#src/render/pagination.ts';
import { QUOTE_PAGE_SIZE, quoteQueryFromTitle, quoteReply, quoteSearchReply } from '#src/render/quotes.ts';

const data = slashCommand({
  name: 'quote',
  description: 'Quotes from the packs, by speaker, topic or words',
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: T.Subcommand,
      name: 'random',
      description: 'A random quote',
      options: [
        { type: T.String, name: 'speaker', description: 'Only quotes by this person', autocomplete: true, max_length: 200 },
        { type: T.String, name: 'topic', description: 'Only quotes on this topic', autocomplete: true, max_length: 100 },
      ],
    },
    {
      type: T.Subcommand,
      name: 'search',
      description: 'Search quotes by words or speaker',
      options: [
        {
          type: T.String,
          name: 'query',
          description: 'Words from the quote, or who said it',
          required: true,
          autocomplete: true,
          max_length: MAX_QUERY_LENGTH,
        },
      ],
    },
  ],
});

async function search(query: string, page: number, req: Request, res: Responder, ctx: AppContext, how: 'reply' | 'update'): Promise<void> {
  let p = page;
  let result = await searchQuotes(ctx.database, req.guildId, query, { limit: QUOTE_PAGE_SIZE, offset: p * QUOTE_PAGE_SIZE });
  if (result.total === 0) throw new UserError('quote.no-match', { query: query.trim() });
  if (result.hits.length === 0) {
    p = clampPage(page, Math.ceil(result.total / QUOTE_PAGE_SIZE));
    result = await searchQuotes(ctx.database, req.guildId, query, { limit: QUOTE_PAGE_SIZE, offset: p * QUOTE_PAGE_SIZE });
  }
  const viewer = { owner: req.user.id, expires: ctx.clock.now().getTime() + PAGE_TTL_MS };
  await res[how](quoteSearchReply(query.trim().replace(/\s+/g, ' '), result, p, viewer));
}

export const quote: Command = {
  data,
  async execute(req, res, ctx) {
    if (req.subcommand === 'search') return search(data.args(req, 'search').query, 0, req, res, ctx, 'reply');
    if (req.subcommand !== 'random') throw new UserError('interaction.use-subcommand', { usage: '/quote random or /quote search' });
    const { speaker, topic } = data.args(req, 'random');
    const { quote: found, speakerCorrected } = await pickQuote(ctx.database, req.guildId, { speaker, topicSlug: topic });
    if (!found) {
      const filters = [speaker ? `by “${speaker}”` : null, topic ? `on “${topic}”` : null].filter(Boolean).join(' ');
      throw filters ? new UserError('quote.none-matching', { filters }) : new UserError('quote.none');
    }
    const note = speakerCorrected
      ? `No speaker matches “${inline(speaker ?? '')}”; showing quotes by *${inline(speakerCorrected)}*.`
      : undefined;
    await res.reply(quoteReply(found, note));
  },
  async autocomplete(req, res, ctx) {
    const typed = req.focused?.value ?? '';
    switch (req.focused?.name) {
      case 'speaker': {
        const speakers = await autocompleteSpeakers(ctx.database, req.guildId, typed, 25);
        return res.autocomplete(speakers.map((s) => ({ name: truncate(s, LIMITS.choiceName), value: valueText(s) })));
      }
      case 'topic':
        return res.autocomplete(topicChoices(await autocompleteTopics(ctx.database, req.guildId, typed, 25)));
      case 'query': {
        // One keystroke, one spelling correction for both lists.
        const correct = typingCorrection(ctx.database, req.guildId, typedText(typed));
        const [speakers, quotes] = await Promise.all([
          autocompleteSpeakers(ctx.database, req.guildId, typed, 5, correct),
          autocompleteQuotes(ctx.database, req.guildId, typed, 20, correct),
        ]);
        const choices: APIApplicationCommandOptionChoice[] = searchChoices(typed, []);
        for (const s of speakers) choices.push({ name: truncate(`Quotes by ${s}`, LIMITS.choiceName), value: valueText(s) });
        for (const q of quotes) choices.push({ name: truncate(`“${q.text}” — ${q.speaker}`, LIMITS.choiceName), value: valueText(q.text) });
        return res.autocomplete(choices.slice(0, LIMITS.choices));
      }
      default:
        return res.autocomplete([]);
    }
  },
  async button(req, res, ctx) {
    if (req.customId === 'quote:open') {
      const id = Number(selectedValue(req));
      const found = Number.isSafeInteger(id) ? await getQuote(ctx.database, req.guildId, id) : null;
      if (!found) throw new UserError('quote.gone');
      return res.reply(quoteReply(found));
    }
    const state = await acceptPageClick(req, res, ctx.clock.now());
    if (!state) return;
    const query = quoteQueryFromTitle(req.message?.embeds[0]?.title);
    if (state.view !== 's' || !query) throw new UserError('interaction.search-lost', { command: 'quote search' });
    return search(query, Math.max(0, state.page), req, res, ctx, 'update');
  },
};
