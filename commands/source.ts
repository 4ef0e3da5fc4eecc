import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { autocompleteReferences, getReference } from '#src/content/references.ts';
import { UserError } from '#src/errors.ts';
import type { Command } from '#src/interactions/types.ts';
import { LIMITS, truncate } from '#src/render/limits.ts';
import { acceptPageClick, PAGE_TTL_MS } from '#src/render/pagination.ts';
import { sourceReply } from '#src/render/sources.ts';
import { inline } from '#src/render/style.ts';

const MAX_CODE = 60;

export const source: Command = {
  data: new SlashCommandBuilder()
    .setName('source')
    .setDescription('A reference, and every claim and rebuttal that cites it')
    .setContexts(InteractionContextType.Guild)
    .addStringOption((o) =>
      o
        .setName('ref')
        .setDescription('Reference code or title (start typing to pick)')
        .setRequired(true)
        .setAutocomplete(true)
        .setMaxLength(MAX_CODE),
    ),
  async execute(req, res, ctx) {
    const code = String(req.options.ref ?? '').trim();
    if (!code) throw new UserError('reference.code-missing');
    if (code.length > MAX_CODE) throw new UserError('reference.code-too-long', { max: MAX_CODE });
    const ref = await getReference(ctx.database, req.guildId, code);
    if (!ref) throw new UserError('reference.not-found', { code });
    await res.reply(sourceReply(ref, 0, { owner: req.user.id, expires: ctx.clock.now().getTime() + PAGE_TTL_MS }));
  },
  async autocomplete(req, res, ctx) {
    const refs = await autocompleteReferences(ctx.database, req.guildId, req.focused?.value ?? '', 25);
    await res.autocomplete(refs.map((r) => ({ name: truncate(`${r.code} · ${inline(r.title)}`, LIMITS.choiceName), value: r.code })));
  },
  async button(req, res, ctx) {
    const state = await acceptPageClick(req, res, ctx.clock.now());
    if (!state) return;
    const ref = await getReference(ctx.database, req.guildId, state.arg);
    if (!ref) throw new UserError('reference.gone', { code: state.arg });
    await res.update(sourceReply(ref, state.page, { owner: req.user.id, expires: ctx.clock.now().getTime() + PAGE_TTL_MS }));
  },
};
