import { time, TimestampStyles } from '@discordjs/formatters';
import type { APIActionRowComponent, APIComponentInMessageActionRow, APIEmbed } from 'discord-api-types/v10';
import type { ClaimDetail } from '../content/claims.ts';
import type { Reply } from '../interactions/types.ts';
import { CITATION_BONUS } from '../scoring/formula.ts';
import type { QueueKind } from '../practice/queue.ts';
import { Rating, type Card, type Grade } from 'ts-fsrs';
import { blockQuote } from './format.ts';
import { LIMITS, truncate } from './limits.ts';
import { keyPointLines } from './scores.ts';
import { COLOURS } from './style.ts';
import { RATING_NAMES } from '../practice/rating.ts';
import type { ReviewResult } from '../practice/review.ts';
import type { PracticeStats } from '../practice/stats.ts';

const COLOR = COLOURS.practice;
const ts = (d: Date) => time(d, TimestampStyles.RelativeTime);

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
        description: truncate(`${blockQuote(claim.text)}\n— **${claim.attributedTo}**`, 4000),
        color: COLOR,
        footer: { text: 'Rebut it in your own words; the key points you make decide when it comes back.' },
      },
    ],
    components: [row],
  };
}

export function ratingButtons(reviewId: number, chosen: Grade, suggested: Grade): APIActionRowComponent<APIComponentInMessageActionRow> {
  return {
    type: 1,
    components: ([Rating.Again, Rating.Hard, Rating.Good, Rating.Easy] as Grade[]).map((g) => ({
      type: 2 as const,
      style: g === chosen ? 1 : 2,
      custom_id: `practice:rate:${reviewId}:${g}`,
      label: `${RATING_NAMES[g]}${g === suggested ? ' (suggested)' : ''}`,
      disabled: g === chosen,
    })),
  };
}

export function practiceResult(r: ReviewResult): Reply {
  const made = r.keyPoints.filter((k) => k.made).length;
  const lines = keyPointLines(r.keyPoints);
  if (r.score.concedes) lines.unshift('⚠️ Your answer ends up agreeing with the claim, so no key point counts.');
  return {
    ephemeral: true,
    embeds: [
      {
        title: `You made ${made} of ${r.keyPoints.length} key points`,
        description: truncate(lines.join('\n'), 4000),
        color: COLOR,
        fields: [
          {
            name: 'Rating',
            value: `${RATING_NAMES[r.rating]}${r.rating === r.suggested ? ` (suggested from coverage ${Math.round((r.score.coverage ?? 0) * 100)}%)` : ` (you chose it; suggested ${RATING_NAMES[r.suggested]})`}`,
            inline: true,
          },
          { name: 'Next review', value: ts(r.card.due), inline: true },
          ...(r.score.cited
            ? [
                {
                  name: 'Reference',
                  value:
                    r.score.made > 0 ? `Cited (+${CITATION_BONUS} in drills)` : 'Cited, but a citation counts only with a key point made',
                  inline: true,
                },
              ]
            : []),
          ...(r.refs.length
            ? [
                {
                  name: 'Read more',
                  value: truncate(r.refs.map((x) => `\`${x.code}\` ${x.title}`).join('\n'), LIMITS.fieldValue),
                  inline: false,
                },
              ]
            : []),
        ],
        footer: { text: 'Not what you think it deserved? Pick the rating you would give yourself; the next review follows it.' },
      },
    ],
    components: [ratingButtons(r.reviewId, r.rating, r.suggested)],
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
          {
            name: 'Learned',
            value: `${s.learned} of ${s.available} claim${s.available === 1 ? '' : 's'} (${s.cards} started)`,
            inline: true,
          },
          {
            name: 'Retention',
            value: s.retention === null ? '—' : `${Math.round(s.retention * 100)}% of ${s.reviews} reviews rated Good or Easy`,
            inline: true,
          },
          { name: 'Next review', value: s.nextDue ? ts(s.nextDue) : '—', inline: true },
        ],
      },
    ],
  };
}

/** The result message again, with the member's rating and the new next review. */
export function practiceRatingCorrected(
  message: { content: string; embeds: APIEmbed[] } | undefined,
  reviewId: number,
  fixed: { card: Card; rating: Grade; suggested: Grade },
): Reply {
  const embed = message?.embeds[0];
  const fields = (embed?.fields ?? []).map((f) => {
    if (f.name === 'Rating')
      return {
        ...f,
        value:
          fixed.rating === fixed.suggested
            ? `${RATING_NAMES[fixed.rating]} (suggested)`
            : `${RATING_NAMES[fixed.rating]} (you chose it; suggested ${RATING_NAMES[fixed.suggested]})`,
      };
    if (f.name === 'Next review') return { ...f, value: ts(fixed.card.due) };
    return f;
  });
  return {
    ephemeral: true,
    embeds: embed
      ? [{ ...embed, fields }]
      : [{ title: 'Rating changed', color: COLOR, description: `Rated ${RATING_NAMES[fixed.rating]}; next review ${ts(fixed.card.due)}.` }],
    components: [ratingButtons(reviewId, fixed.rating, fixed.suggested)],
  };
}
