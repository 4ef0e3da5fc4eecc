import { ActionRowBuilder, InteractionContextType, ModalBuilder, SlashCommandBuilder, TextInputBuilder, TextInputStyle } from 'discord.js';
import { getClaim } from '#src/content/claims.ts';
import { autocompleteTopics } from '#src/content/topics.ts';
import { ANSWER_MAX } from '#src/drills/answers.ts';
import { UserError } from '#src/errors.ts';
import type { Command } from '#src/interactions/types.ts';
import { nextPracticeItem } from '#src/practice/queue.ts';
import { practicePrompt, practiceRatingCorrected, practiceResult, practiceStatsReply } from '#src/render/practice.ts';
import { answerPractice, correctPracticeRating } from '#src/practice/review.ts';
import { Rating, type Grade } from 'ts-fsrs';
import { practiceStats } from '#src/practice/stats.ts';
import { topicChoices } from '#src/render/choices.ts';

const data = new SlashCommandBuilder()
  .setName('practice')
  .setDescription('Solo practice with spaced repetition (only you see it)')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((s) =>
    s
      .setName('next')
      .setDescription('Your next claim to rebut: due reviews first, then new claims')
      .addStringOption((o) => o.setName('topic').setDescription('Only claims on this topic').setAutocomplete(true).setMaxLength(100)),
  )
  .addSubcommand((s) => s.setName('stats').setDescription('Due now, learned, and retention'));

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
    const topic = req.options.topic === undefined ? undefined : String(req.options.topic).trim() || undefined;
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
    await res.defer({ ephemeral: true });
    const result = await answerPractice(ctx.database.db, {
      guildId: req.guildId,
      userId: req.user.id,
      claimId: claimIdOf(req.customId),
      text: req.fields?.answer,
      now: ctx.clock.now(),
    });
    await res.edit(practiceResult(result));
  },
};
