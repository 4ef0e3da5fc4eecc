import type { ReferenceDetail } from '../content/references.ts';
import type { Reply } from '../interactions/types.ts';
import { claimItem } from './claims.ts';
import { truncate } from './limits.ts';
import { packPages } from './pages.ts';
import { clampPage, fitsPageId, pageButtons } from './pagination.ts';
import { inline, plural } from './format.ts';
import { COLOURS, openMenu } from './style.ts';

export function sourcePages(ref: ReferenceDetail): string[] {
  const head = [`*${inline(ref.work)}*`];
  if (ref.url) head.push(ref.url);
  const blocks = [{ text: head.join('\n') }];
  blocks.push({ text: `**Claims citing it (${ref.claims.length})**${ref.claims.length === 0 ? '\n*none*' : ''}` });
  for (const c of ref.claims) blocks.push({ text: `**#${c.id}** ${inline(c.text)}\n— *${inline(c.attributedTo)}*` });
  blocks.push({ text: `**Rebuttals citing it (${ref.rebuttals.length})**${ref.rebuttals.length === 0 ? '\n*none*' : ''}` });
  for (const r of ref.rebuttals) {
    blocks.push({ text: `${inline(r.text)}\n↳ *answers claim #${r.claimId}:* ${truncate(inline(r.claimText), 200)}` });
  }
  return packPages(blocks);
}

export function sourceReply(ref: ReferenceDetail, page: number, viewer: { owner: string; expires: number }): Reply {
  const pages = sourcePages(ref);
  const pageable = fitsPageId('source', 'r', ref.code);
  const shown = pageable ? pages.length : 1;
  const p = clampPage(page, shown);
  const cited = new Map<number, { id: number; text: string; attributedTo: string }>();
  for (const c of ref.claims) cited.set(c.id, c);
  for (const r of ref.rebuttals)
    if (!cited.has(r.claimId))
      cited.set(r.claimId, { id: r.claimId, text: r.claimText, attributedTo: 'answered by a rebuttal citing this' });
  const more = pageable || pages.length === 1 ? '' : ' · more than fits here; this code is too long for page buttons';
  return {
    embeds: [
      {
        title: truncate(`${ref.code} · ${inline(ref.title)}`, 256),
        description: pages[p] ?? '',
        color: COLOURS.source,
        footer: {
          text: `${plural(ref.claims.length, 'claim')} and ${plural(ref.rebuttals.length, 'rebuttal')} cite this · page ${p + 1} of ${shown}${more}`,
        },
      },
    ],
    components: [
      ...openMenu('claim:open', 'Open a claim…', [...cited.values()].map(claimItem)),
      ...(pageable ? pageButtons({ command: 'source', view: 'r', arg: ref.code, ...viewer }, p, pages.length) : []),
    ],
  };
}
