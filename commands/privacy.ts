import { ApplicationCommandOptionType as T, InteractionContextType } from 'discord-api-types/v10';
import { UserError } from '#src/errors.ts';
import { requireManageGuild } from '#src/interactions/guards.ts';
import { slashCommand } from '#src/interactions/args.ts';
import type { Command, Request, Responder } from '#src/interactions/types.ts';
import type { AppContext } from '#src/context.ts';
import { CONFIRM_TTL_MS, decodePrivacyId, parseUserId } from '#src/privacy/confirm.ts';
import { eraseMemberData } from '#src/privacy/erase.ts';
import { countMemberData, exportMemberData, isEmpty } from '#src/privacy/export.ts';
import { confirmReply, describeCounts } from '#src/render/privacy.ts';

const data = slashCommand({
  name: 'privacy',
  description: 'See or erase what Riposte keeps about you in this server',
  contexts: [InteractionContextType.Guild],
  options: [
    { type: T.Subcommand, name: 'export', description: 'Get your data in this server as a JSON file (only you see it)' },
    { type: T.Subcommand, name: 'delete', description: 'Erase your answers, votes, scores and practice data in this server' },
    {
      type: T.Subcommand,
      name: 'erase',
      description: 'Admins: erase a member’s data in this server, e.g. after they left',
      options: [
        { type: T.String, name: 'user_id', description: 'The member’s Discord user id', required: true, min_length: 17, max_length: 40 },
      ],
    },
  ],
});

async function askToErase(req: Request, res: Responder, ctx: AppContext, target: string): Promise<void> {
  const self = target === req.user.id;
  const counts = await countMemberData(ctx.database.db, req.guildId, target);
  if (isEmpty(counts)) {
    await res.reply({
      content: self ? 'Riposte keeps nothing about you in this server.' : `Riposte keeps nothing about ${target} in this server.`,
      ephemeral: true,
    });
    return;
  }
  const pending = { target, actor: req.user.id, expires: ctx.clock.now().getTime() + CONFIRM_TTL_MS };
  await res.reply(confirmReply(pending, counts, self));
}

export const privacy: Command = {
  data,
  async execute(req, res, ctx) {
    if (req.subcommand === 'export') {
      const now = ctx.clock.now();
      const exported = await exportMemberData(ctx.database.db, req.guildId, req.user.id, now);
      await res.reply({
        content: `Everything Riposte keeps about you in this server: ${plainCounts(exported)}.`,
        files: [{ name: `riposte-${req.guildId}-${req.user.id}.json`, data: `${JSON.stringify(exported, null, 2)}\n` }],
        ephemeral: true,
      });
      return;
    }
    if (req.subcommand === 'delete') return askToErase(req, res, ctx, req.user.id);
    if (req.subcommand === 'erase') {
      requireManageGuild(req, 'eraseOthers');
      return askToErase(req, res, ctx, parseUserId(data.args(req, 'erase').user_id));
    }
    throw new UserError('interaction.use-subcommand', { usage: '/privacy export, /privacy delete or /privacy erase' });
  },
  async button(req, res, ctx) {
    const button = decodePrivacyId(req.customId ?? '');
    if (!button) throw new UserError('interaction.unknown-button');
    const actor = button.action === 'erase' ? button.pending.actor : button.actor;
    if (actor !== req.user.id) throw new UserError('interaction.not-your-button');
    if (button.action === 'cancel') {
      await res.update({ content: 'Cancelled: nothing was erased.', components: [] });
      return;
    }
    const { target, expires } = button.pending;
    if (ctx.clock.now().getTime() > expires) {
      await res.update({
        content: 'This confirmation has expired; nothing was erased. Run `/privacy delete` (or `/privacy erase`) again for a fresh one.',
        components: [],
      });
      return;
    }
    // Checked again at the press: the permission may have been taken away since the command.
    if (target !== req.user.id) requireManageGuild(req, 'eraseOthers');
    await res.defer({ update: true });
    const erased = await eraseMemberData(ctx.database.db, req.guildId, target);
    ctx.log.info({ guildId: req.guildId, userId: req.user.id, target, erased }, 'member data erased');
    const whose = target === req.user.id ? 'Your data' : `The data of ${target}`;
    await res.update({
      content: `${whose} in this server is erased: ${describeCounts(erased)}.${erased.membersRecomputed ? ` Recounted the scores of ${erased.membersRecomputed} other member${erased.membersRecomputed === 1 ? '' : 's'}.` : ''}`,
      components: [],
    });
  },
};

function plainCounts(e: Awaited<ReturnType<typeof exportMemberData>>): string {
  return describeCounts({
    answers: e.answers.length,
    votesCast: e.votesCast.length,
    scoreAdjustments: e.scoreAdjustments.length,
    stats: e.stats ? 1 : 0,
    practiceCards: e.practiceCards.length,
    practiceReviews: e.practiceReviews.length,
  });
}
