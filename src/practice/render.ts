import type { APIActionRowComponent, APIComponentInMessageActionRow } from 'discord.js';
import type { ClaimDetail } from '../content/claims.ts';
import type { Reply } from '../interactions/types.ts';
import { CITATION_BONUS } from '../scoring/formula.ts';
import type { QueueKind } from './queue.ts';
import { RATING_NAMES } from './rating.ts';
import type { ReviewResult } from './review.ts';
import type { PracticeStats } from './stats.ts';

const COLOR = 0xeb459e;
const ts = (d: Date, style = 'R') => `<t:${Math.floor(d.getTime() / 1000)}:${style}>`;

export function practicePrompt(claim: ClaimDetail, kind: QueueKind): Reply {
  const row: APIActionRowComponent<APIComponentInMessageActionRow> = {
    type: 1,
    components: [{ type: 2, style: 1, custom_id: `practice:answer:${claim.id}`, label: 'Answer' }],
  };
  return {
    ephemeral: true,
    embeds: [
      {
        title: kind === 'due' ? 'Practice: due for review' : 'Practice: a new claim',
        description: `${claim.text.split('\n').map((l) => `> ${l}`).join('\n')}\n— **${claim.attributedTo}**`.slice(0, 4000),
        color: COLOR,
        footer: { text: 'Rebut it in your own words; the key points you make decide when it comes back.' },
      },
    ],
    components: [row],
  };
}

export function practiceResult(r: ReviewResult): Reply {
  const made = r.keyPoints.filter((k) => k.made).length;
  const lines = r.keyPoints.map((k) => (k.made ? `✅ ${k.text}` : `❌ ${k.text}\n  *look for: ${k.terms.join(', ')}*`));
  return {
    ephemeral: true,
    embeds: [
      {
        title: `You made ${made} of ${r.keyPoints.length} key points`,
        description: lines.join('\n').slice(0, 4000),
        color: COLOR,
        fields: [
          { name: 'Rating', value: `${RATING_NAMES[r.rating]} (coverage ${Math.round((r.score.coverage ?? 0) * 100)}%)`, inline: true },
          { name: 'Next review', value: ts(r.card.due), inline: true },
          ...(r.score.cited ? [{ name: 'Reference', value: `Cited (+${CITATION_BONUS} in drills)`, inline: true }] : []),
          ...(r.refs.length ? [{ name: 'Read more', value: r.refs.map((x) => `\`${x.code}\` ${x.title}`).join('\n').slice(0, 1024), inline: false }] : []),
        ],
        footer: { text: 'Rating from coverage: under 25% Again, under 50% Hard, under 90% Good, else Easy.' },
      },
    ],
  };
}

export function practiceStatsReply(s: PracticeStats): Reply {
  return {
    ephemeral: true,
    embeds: [
      {
        title: 'Your practice',
        color: COLOR,
        fields: [
          { name: 'Due now', value: String(s.dueNow), inline: true },
          { name: 'Learned', value: `${s.learned} of ${s.cards} claims`, inline: true },
          { name: 'Retention', value: s.retention === null ? '—' : `${Math.round(s.retention * 100)}% of ${s.reviews} reviews rated Good or Easy`, inline: true },
          { name: 'Next review', value: s.nextDue ? ts(s.nextDue) : '—', inline: true },
        ],
      },
    ],
  };
}
