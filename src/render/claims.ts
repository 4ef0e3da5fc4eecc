import { escapeMarkdown } from '@discordjs/formatters';
import type { ClaimDetail, ClaimHit, ClaimSummary, RebuttalNode } from '../content/claims.ts';
import type { Reply } from '../interactions/types.ts';
import { truncate } from './limits.ts';
import { packPages } from './pages.ts';
import { clampPage, pageButtons } from './pagination.ts';
import { blockQuote, inline, plural } from './format.ts';
import { COLOURS, openMenu } from './style.ts';

export const SEARCH_PAGE_SIZE = 5;

interface Viewer {
  owner: string;
  expires: number;
}

function refList(refs: readonly { code: string; title: string }[]): string {
  return refs.map((r) => `\`${r.code}\` ${inline(r.title)}`).join('; ');
}

function rebuttalBlocks(node: RebuttalNode, label: string, depth: number): { text: string; breakBefore?: boolean }[] {
  const heading = depth === 0 ? `**Rebuttal ${label}**` : `**${'↳'.repeat(depth)} Counter-rebuttal ${label}**`;
  const lines = [heading, node.text];
  if (node.keyPoints.length > 0) lines.push('**Key points**', ...node.keyPoints.map((k) => `• ${inline(k)}`));
  if (node.refs.length > 0) lines.push(`**References:** ${refList(node.refs)}`);
  const own = { text: lines.join('\n'), ...(depth === 0 ? { breakBefore: true } : {}) };
  return [own, ...node.children.flatMap((c, i) => rebuttalBlocks(c, `${label}.${i + 1}`, depth + 1))];
}

/** The claim, then each rebuttal (each starting a page) with its counter-rebuttals. */
export function claimPages(claim: ClaimDetail): string[] {
  const head = [blockQuote(claim.text), `— *${inline(claim.attributedTo)}*`];
  const facts: string[] = [];
  if (claim.topics.length > 0) facts.push(`**Topics:** ${claim.topics.map((t) => t.name).join(', ')}`);
  if (claim.refs.length > 0) facts.push(`**References:** ${refList(claim.refs)}`);
  facts.push(`**Pack:** ${claim.pack.title}`);
  const count = claim.rebuttals.length;
  facts.push(count === 0 ? '*No rebuttals for this claim yet.*' : `**${plural(count, 'rebuttal')}** follow${count === 1 ? 's' : ''}.`);
  const blocks = [{ text: head.join('\n') }, { text: facts.join('\n') }];
  claim.rebuttals.forEach((r, i) => {
    blocks.push(...rebuttalBlocks(r, String(i + 1), 0));
  });
  // The first rebuttal may share the claim's page when both are short.
  if (blocks[2]) blocks[2] = { text: blocks[2].text };
  return packPages(blocks);
}

export function claimReply(claim: ClaimDetail, page: number, viewer: Viewer): Reply {
  const pages = claimPages(claim);
  const p = clampPage(page, pages.length);
  return {
    embeds: [
      {
        title: truncate(`Claim #${claim.id} · ${inline(claim.attributedTo)}`, 256),
        // Later pages recall the claim, so each page reads on its own.
        description: p === 0 ? (pages[p] ?? '') : `*Claim:* ${truncate(inline(claim.text), 160)}\n\n${pages[p] ?? ''}`,
        color: COLOURS.claim,
        footer: { text: `${claim.pack.title} · page ${p + 1} of ${pages.length}` },
      },
    ],
    components: pageButtons({ command: 'claim', view: 'c', arg: String(claim.id), ...viewer }, p, pages.length),
  };
}

const SEARCH_TITLE = /^Claims matching “(.*)”$/s;

/** The search query travels in the results' title, so page buttons need no stored state. */
export function searchQueryFromTitle(title: string | undefined): string | null {
  return SEARCH_TITLE.exec(title ?? '')?.[1] ?? null;
}

function hitLine(hit: ClaimHit): string {
  return `**#${hit.id}** ${truncate(inline(hit.snippet || hit.text), 360)}\n— *${truncate(inline(hit.attributedTo), 80)}*`;
}

/**
 * One page of search results with a menu to open any of them. The title keeps the query as typed
 * (page buttons search it again, and correct it the same way); a corrected search says so first.
 */
export function searchReply(
  query: string,
  result: { total: number; capped?: boolean; hits: ClaimHit[]; corrected?: string | null },
  page: number,
  viewer: Viewer,
): Reply {
  const pages = Math.max(1, Math.ceil(result.total / SEARCH_PAGE_SIZE));
  const lines = result.hits.map(hitLine);
  if (result.corrected) lines.unshift(correctionLine(result.corrected, query));
  return {
    embeds: [
      {
        title: `Claims matching “${query}”`,
        description: truncate(lines.join('\n\n'), 4096),
        color: COLOURS.claim,
        footer: {
          text: `${result.capped ? `${result.total.toLocaleString('en')}+ claims` : plural(result.total, 'claim')} · page ${page + 1} of ${pages} · pick one below to read it with its rebuttals`,
        },
      },
    ],
    components: [
      ...openMenu('claim:open', 'Open a claim…', result.hits.map(claimItem)),
      ...pageButtons({ command: 'claim', view: 's', arg: '', ...viewer }, page, pages),
    ],
  };
}

/**
 * "Showing results for *Trotsky*": what was searched instead of what was typed, and how to search
 * for exactly that (quoted words are never corrected).
 */
export function correctionLine(corrected: string, typed: string): string {
  return `Showing results for *${escapeMarkdown(truncate(inline(corrected), 200))}* — to search for exactly *${escapeMarkdown(truncate(inline(typed), 200))}*, put it in "quotes".`;
}

export function claimItem(c: Pick<ClaimSummary, 'id' | 'text' | 'attributedTo'>): { label: string; value: string; description: string } {
  return { label: `#${c.id} ${c.text}`, value: String(c.id), description: c.attributedTo };
}
