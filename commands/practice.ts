import { ApplicationCommandOptionType as T, InteractionContextType } from 'discord-api-types/v10';
import { ActionRowBuilder, ModalBuilder, TextInputBuilder, TextInputStyle } from 'discord.js';
import { getClaim } from '#src/content/claims.ts';
import { autocompleteTopics } from '#src/content/topics.ts';
import { ANSWER_MAX } from '#src/drills/answers.ts';
import { UserError } from '#src/errors.ts';
import { slashCommand } from '#src/interactions/args.ts';
import type { Command } from '#src/interactions/types.ts';
import { nextPracticeItem } from '#src/practice/queue.ts';
import { practicePrompt, practiceRatingCorrected, practiceResult, practiceStatsReply } from '#src/render/practice.ts';
import { answerPractice, correctPracticeRating } from '#src/practice/review.ts';
import { Rating, type Grade } from 'ts-fsrs';
import { practiceStats } from '#src/practice/stats.ts';
import { topicChoices } from '#src/render/choices.ts';

const data = slashCommand({
  name: 'practice',
  description: 'Solo practice with spaced repetition (only you see it)',
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: T.Subcommand,
      name: 'next',
      description: 'Your next claim to rebut: due reviews first, then new claims',
      options: [{ type: T.String, name: 'topic', description: 'Only claims on this topic', autocomplete: true, max_length: 100 }],
    },
    { type: T.Subcommand, name: 'stats', description: 'Due now, learned, and retention' },
  ],
});

function claimIdOf(customId: string | undefined): number {
  const id = Number((customId ?? '').split(':')[2]);
  if (!Number.isSafeInteger(id) || id <= 0) throw new UserError('practice.card-stale');
  return id;
}

export const practice: Command = {
  data,
  async execute(req, res, ctx) {
    const db = ctx.database.db;
    const now = ctx.clock.now();
    if (req.subcommand === 'stats')
      return res.reply(practiceStatsReply(await practiceStats(db, { guildId: req.guildId, userId: req.user.id, now })));
    if (req.subcommand !== 'next') throw new UserError('interaction.use-subcommand', { usage: '/practice next or /practice stats' });
    const { topic } = data.args(req, 'next');
    const { item, nextDue } = await nextPracticeItem(db, { guildId: req.guildId, userId: req.user.id, topic, now });
    if (!item) {
      throw nextDue
        ? new UserError('practice.nothing-due', { topic: topic ?? null, nextDue })
        : new UserError('practice.no-claims', { topic: topic ?? null });
    }
    const claim = await getClaim(ctx.database, req.guildId, item.claimId);
    if (!claim) throw new UserError('practice.claim-vanished');
    await res.reply(practicePrompt(claim, item.kind));
  },
  async autocomplete(req, res, ctx) {
    if (req.focused?.name !== 'topic') return res.autocomplete([]);
    return res.autocomplete(topicChoices(await autocompleteTopics(ctx.database, req.guildId, req.focused.value, 25)));
  },
  async button(req, res, ctx) {
    const [, action, review, grade] = (req.customId ?? '').split(':');
    if (action === 'rate') {
      const rating = Number(grade);
      if (![Rating.Again, Rating.Hard, Rating.Good, Rating.Easy].includes(rating)) throw new UserError('practice.rating-stale');
      const fixed = await correctPracticeRating(ctx.database.db, {
        guildId: req.guildId,
        userId: req.user.id,
        reviewId: Number(review),
        rating: rating as Grade,
      });
      return res.update(practiceRatingCorrected(req.message, Number(review), fixed));
    }
    const claimId = claimIdOf(req.customId);
    const input = new TextInputBuilder()
      .setCustomId('answer')
      .setLabel('Your rebuttal')
      .setStyle(TextInputStyle.Paragraph)
      .setMaxLength(ANSWER_MAX)
      .setRequired(true);
    await res.showModal(
      new ModalBuilder()
        .setCustomId(`practice:submit:${claimId}`)
        .setTitle('Practice answer')
        .addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(input))
        .toJSON(),
    );
  },
  async modal(req, res, ctx) {
    // Scoring embeds the answer's sentences (and loads the model on first use): past Discord's 3 seconds on a busy machine.
    const result = await ctx.cooldowns.run('practice.answer', req.guildId, req.user.id, async () => {
      await res.defer({ ephemeral: true });
      return answerPractice(ctx.database.db, {
        guildId: req.guildId,
        userId: req.user.id,
        claimId: claimIdOf(req.customId),
        text: req.fields?.answer,
        now: ctx.clock.now(),
      });
    });
    await res.edit(practiceResult(result));
  },
};
