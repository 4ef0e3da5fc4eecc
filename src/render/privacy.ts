import { time, TimestampStyles, userMention } from '@discordjs/formatters';
import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import type { Reply } from '../interactions/types.ts';
import { plural } from './format.ts';
import { encodeCancelId, encodeEraseId, type PendingErase } from '../privacy/confirm.ts';
import type { MemberDataCounts } from '../privacy/export.ts';

/** "3 drill answers, 2 votes cast, …", leaving out what there is none of. */
export function describeCounts(c: MemberDataCounts): string {
  const parts = [
    c.answers ? `${plural(c.answers, 'drill answer')} (with the votes on them)` : '',
    c.votesCast ? plural(c.votesCast, 'vote cast', 'votes cast') : '',
    c.scoreAdjustments ? plural(c.scoreAdjustments, 'score adjustment') : '',
    c.stats ? 'the score totals' : '',
    c.practiceCards ? plural(c.practiceCards, 'practice card') : '',
    c.practiceReviews ? plural(c.practiceReviews, 'practice review') : '',
  ].filter(Boolean);
  return parts.length === 0 ? 'nothing' : parts.join(', ');
}

export function confirmReply(pending: PendingErase, counts: MemberDataCounts, self: boolean): Reply {
  const whose = self ? 'your data' : `the data of ${userMention(pending.target)} (${pending.target})`;
  return {
    content: [
      `This erases ${whose} in this server: ${describeCounts(counts)}.`,
      'Other members’ scores are recounted without it. It cannot be undone; `/privacy export` first if you want a copy.',
      `The button works until ${time(new Date(pending.expires), TimestampStyles.ShortTime)}.`,
    ].join('\n'),
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Danger,
            label: self ? 'Erase my data' : 'Erase their data',
            custom_id: encodeEraseId(pending),
          },
          { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Cancel', custom_id: encodeCancelId(pending.actor) },
        ],
      },
    ],
    ephemeral: true,
  };
}
