import type { TopicClaims } from '../content/topic-claims.ts';
import type { TopicCount } from '../content/topics.ts';
import type { Reply } from '../interactions/types.ts';
import { claimItem } from './claims.ts';
import { truncate } from './limits.ts';
import { clampPage, fitsPageId, pageButtons } from './pagination.ts';
import { inline, plural } from './format.ts';
import { COLOURS, openMenu } from './style.ts';

export const TOPICS_PAGE_SIZE = 20;
export const TOPIC_CLAIMS_PAGE_SIZE = 8;

type Viewer = { owner: string; expires: number };

export function topicsReply(topics: readonly TopicCount[], page: number, viewer: Viewer): Reply {
  const pages = Math.max(1, Math.ceil(topics.length / TOPICS_PAGE_SIZE));
  const p = clampPage(page, pages);
  const shown = topics.slice(p * TOPICS_PAGE_SIZE, (p + 1) * TOPICS_PAGE_SIZE);
  const lines = shown.map((t) => `**${inline(t.name)}** — ${plural(t.claims, 'claim')} · ${plural(t.quotes, 'quote')}`);
  return {
    embeds: [
      {
        title: 'Topics',
        description: topics.length === 0 ? 'This server has no topics yet.' : lines.join('\n'),
        color: COLOURS.topics,
        footer: { text: `${plural(topics.length, 'topic')} · page ${p + 1} of ${pages} · pick one below to see its claims` },
      },
    ],
    components: [
      ...openMenu(
        'topics:open',
        'See the claims on a topic…',
        shown.filter((t) => t.claims > 0).map((t) => ({ label: t.name, value: t.slug, description: plural(t.claims, 'claim') })),
      ),
      ...pageButtons({ command: 'topics', view: 't', arg: '', ...viewer }, p, pages),
    ],
  };
}

export function topicClaimsReply(found: TopicClaims, page: number, viewer: Viewer): Reply {
  const pageable = fitsPageId('topics', 'c', found.topic.slug);
  const pages = Math.max(1, Math.ceil(found.total / TOPIC_CLAIMS_PAGE_SIZE));
  const lines = found.claims.map((c) => `**#${c.id}** ${truncate(inline(c.text), 300)}\n— *${truncate(inline(c.attributedTo), 80)}*`);
  return {
    embeds: [
      {
        title: truncate(`Claims on ${inline(found.topic.name)}`, 256),
        description: lines.join('\n\n') || '*No claims on this topic.*',
        color: COLOURS.topics,
        footer: {
          text: `${plural(found.total, 'claim')} · page ${page + 1} of ${pageable ? pages : 1} · pick one below to read its rebuttals`,
        },
      },
    ],
    components: [
      ...openMenu('claim:open', 'Open a claim…', found.claims.map(claimItem)),
      ...(pageable ? pageButtons({ command: 'topics', view: 'c', arg: found.topic.slug, ...viewer }, page, pages) : []),
    ],
  };
}
