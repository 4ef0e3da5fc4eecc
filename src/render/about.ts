import type { APIEmbedField } from 'discord-api-types/v10';
import type { PackSummary } from '../content/packs.ts';
import type { Reply } from '../interactions/types.ts';
import { truncate } from './limits.ts';
import { clampPage, pageButtons } from './pagination.ts';
import { inline, plural } from './format.ts';
import { COLOURS } from './style.ts';

export const ABOUT_TEXT = [
  'Riposte helps you practise debate: look up the claims people make, the rebuttals to them and the sources behind both.',
  '',
  '**/claim** search, show or pick a random claim with its rebuttals · **/quote** quotes by speaker or topic · ',
  '**/source** everything citing a reference · **/topics** browse by topic',
  '',
  'Your drill answers, votes, scores and practice stay here after you leave the server, until you ask: **/privacy export** sends them to you, **/privacy delete** erases them, and an admin can erase a departed member with **/privacy erase**.',
].join('\n');

/** What fits beside the description and title in one message; pack fields beyond it go to the next page. */
const FIELDS_BUDGET = 4200;

function sourceLine(p: PackSummary): string {
  const s = p.source;
  const year = s.year ? ` (${s.year})` : '';
  const title = s.url ? `[${inline(s.title)}](${s.url})` : `*${inline(s.title)}*`;
  return `Source: ${title} by ${inline(s.author)}${year}`;
}

export function packField(p: PackSummary): APIEmbedField {
  const owner = p.guildId ? ' · this server’s own' : '';
  return {
    name: truncate(`${inline(p.title)} (v${p.version})`, 256),
    value: truncate(
      [
        `${plural(p.claims, 'claim')} · ${plural(p.quotes, 'quote')}${owner}`,
        sourceLine(p),
        `Licence: ${truncate(inline(p.licence), 280)}`,
      ].join('\n'),
      1024,
    ),
  };
}

/** Splits the packs' fields into pages that each fit one embed. */
export function aboutPages(packs: readonly PackSummary[]): APIEmbedField[][] {
  const pages: APIEmbedField[][] = [[]];
  let used = 0;
  for (const p of packs) {
    const f = packField(p);
    const size = f.name.length + f.value.length;
    const page = pages[pages.length - 1]!;
    if (page.length > 0 && (used + size > FIELDS_BUDGET || page.length >= 20)) {
      pages.push([f]);
      used = size;
    } else {
      page.push(f);
      used += size;
    }
  }
  return pages;
}

export function aboutReply(packs: readonly PackSummary[], page: number, viewer: { owner: string; expires: number }): Reply {
  const pages = aboutPages(packs);
  const p = clampPage(page, pages.length);
  const fields = pages[p] ?? [];
  const packsLine = packs.length === 0 ? '\n\nThis server has no content packs yet.' : `\n\n**Packs here (${packs.length})**`;
  return {
    embeds: [
      {
        title: 'About Riposte',
        description: ABOUT_TEXT + packsLine,
        color: COLOURS.about,
        fields,
        ...(pages.length > 1 ? { footer: { text: `page ${p + 1} of ${pages.length}` } } : {}),
      },
    ],
    components: pageButtons({ command: 'about', view: 'a', arg: '', ...viewer }, p, pages.length),
  };
}
