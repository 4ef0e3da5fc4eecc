import { userMention } from '@discordjs/formatters';
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIComponentInMessageActionRow } from 'discord-api-types/v10';
import { UserError } from '../errors.ts';
import type { Request, Responder } from '../interactions/types.ts';
import { LIMITS } from './limits.ts';

/** Page buttons work this long after the answer was shown; then they are taken away. */
export const PAGE_TTL_MS = 15 * 60 * 1000;

/**
 * Everything a page turn needs travels in the button's custom id, so no state is kept and the
 * buttons survive restarts: `<command>:page:<view>:<page>:<owner>:<expires>:<arg>`.
 * The owner is the only person who may turn pages; `arg` (last, so it may hold colons) says what
 * is paged, e.g. a claim id or a reference code.
 */
export interface PageState {
  command: string;
  view: string;
  page: number;
  owner: string;
  /** Epoch milliseconds, kept to the second. */
  expires: number;
  arg: string;
}

const b36 = (n: bigint | number) => n.toString(36);

export function encodePageId(s: PageState): string {
  const id = `${s.command}:page:${s.view}:${s.page}:${b36(BigInt(s.owner))}:${b36(Math.floor(s.expires / 1000))}:${s.arg}`;
  if (id.length > LIMITS.customId) throw new Error(`page id too long (${id.length}): ${id.slice(0, 40)}…`);
  return id;
}

function fromBase36(text: string): bigint {
  let n = 0n;
  for (const ch of text) {
    const d = parseInt(ch, 36);
    if (Number.isNaN(d)) throw new Error('bad digit');
    n = n * 36n + BigInt(d);
  }
  return n;
}

/** Null when the custom id is not a page button (or has been tampered with). */
export function decodePageId(customId: string): PageState | null {
  const m = /^([\w-]+):page:([\w-]+):(-?\d+):([0-9a-z]+):([0-9a-z]+):(.*)$/s.exec(customId);
  if (!m) return null;
  try {
    return {
      command: m[1]!,
      view: m[2]!,
      page: Number(m[3]),
      owner: fromBase36(m[4]!).toString(),
      expires: Number(fromBase36(m[5]!)) * 1000,
      arg: m[6]!,
    };
  } catch {
    return null;
  }
}

/** The arg must fit the custom id; callers check before offering buttons. */
export function fitsPageId(command: string, view: string, arg: string): boolean {
  return `${command}:page:${view}:999:${b36(2n ** 64n - 1n)}:${b36(2 ** 40)}:${arg}`.length <= LIMITS.customId;
}

/** ◀ Previous · page n/m · Next ▶ — none when there is only one page. */
export function pageButtons(
  s: Omit<PageState, 'page'>,
  page: number,
  pages: number,
): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  if (pages <= 1) return [];
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          label: '◀ Previous',
          custom_id: encodePageId({ ...s, page: page - 1 }),
          disabled: page <= 0,
        },
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          label: 'Next ▶',
          custom_id: encodePageId({ ...s, page: page + 1 }),
          disabled: page >= pages - 1,
        },
      ],
    },
  ];
}

/**
 * Checks a page click before any work: someone else's buttons get an ephemeral refusal, expired
 * buttons are taken off the message with a note. Returns the state to render, or null when answered.
 */
export async function acceptPageClick(req: Request, res: Responder, now: Date): Promise<PageState | null> {
  const state = decodePageId(req.customId ?? '');
  if (!state) throw new UserError('pages.unknown-button');
  if (state.owner !== req.user.id) {
    await res.reply({
      content: `Only ${userMention(state.owner)} can turn these pages. Run /${state.command} yourself to get your own.`,
      ephemeral: true,
    });
    return null;
  }
  if (now.getTime() > state.expires) {
    await res.update({ content: req.message?.content ?? '', embeds: req.message?.embeds ?? [], components: [] });
    await res.followUp({ content: `These buttons have expired. Run /${state.command} again for fresh ones.`, ephemeral: true });
    return null;
  }
  return state;
}

/** A page number within bounds: a stale click after the content shrank lands on the last page. */
export function clampPage(page: number, pages: number): number {
  return Math.min(Math.max(0, page), Math.max(0, pages - 1));
}
