import { ApplicationCommandOptionType as T, InteractionContextType } from 'discord-api-types/v10';
import { autocompleteReferences, getReference } from '#src/content/references.ts';
import { UserError } from '#src/errors.ts';
import { slashCommand } from '#src/interactions/args.ts';
import type { Command } from '#src/interactions/types.ts';
import { LIMITS, truncate } from '#src/render/limits.ts';
import { acceptPageClick, PAGE_TTL_MS } from '#src/render/pagination.ts';
import { sourceReply } from '#src/render/sources.ts';
import { inline } from '#src/render/format.ts';

const MAX_CODE = 60;

const data = slashCommand({
  name: 'source',
  description: 'A reference, and every claim and rebuttal that cites it',
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: T.String,
      name: 'ref',
      description: 'Reference code or title (start typing to pick)',
      required: true,
      autocomplete: true,
      max_length: MAX_CODE,
    },
  ],
});

export const source: Command = {
  data,
  async execute(req, res, ctx) {
    const { ref: code } = data.args(req);
    if (!code) throw new UserError('reference.code-missing');
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
