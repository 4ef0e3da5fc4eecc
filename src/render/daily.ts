import { channelMention, messageLink } from '@discordjs/formatters';
import type { DailySchedule, DailyStatus } from '../daily/schedule.ts';
import { when } from './format.ts';

/** "every day at **09:00** (Europe/London) in #quotes, topic `war`". */
export function describeDailySchedule(s: DailySchedule): string {
  const filters = [s.topicSlug && `topic \`${s.topicSlug}\``, s.packSlug && `pack \`${s.packSlug}\``].filter(Boolean).join(', ');
  return `every day at **${s.time}** (${s.timezone}) in ${channelMention(s.channelId)}${filters ? `, ${filters}` : ''}`;
}

/** /daily show: the schedule, the next and last posts, the pool, and any problem. */
export function dailyStatusText(guildId: string, st: DailyStatus): string {
  const lines = [`**Daily quote:** ${describeDailySchedule(st.schedule)}.`];
  if (st.problem) lines.push(`**Paused:** ${st.problem}`);
  else if (st.nextRunAt) lines.push(`**Next post:** ${when(st.nextRunAt)}`);
  if (st.lastError && !st.problem) lines.push(`**Last attempt failed** (retrying): ${st.lastError}`);
  const last = st.lastPost;
  if (last) {
    const link = last.messageId ? ` — ${messageLink(last.channelId, last.messageId, guildId)}` : '';
    lines.push(`**Last post:** ${last.localDate}${last.speaker ? `, a quote by ${last.speaker}` : ''}${link}`);
  } else {
    lines.push('**Last post:** none yet.');
  }
  const { total, remaining } = st.pool;
  lines.push(
    total === 0
      ? '**Pool:** no quotes match this schedule.'
      : remaining === 0
        ? `**Pool:** all ${total} quotes have been posted; the next post starts a new round in a fresh order.`
        : `**Pool:** ${remaining} of ${total} quotes left before any repeats.`,
  );
  return lines.join('\n');
}

export function dailySetText(schedule: DailySchedule, nextRunAt: Date): string {
  return `Daily quote set: ${describeDailySchedule(schedule)}.\nNext post: ${when(nextRunAt)}`;
}

export function dailyPostedText(channelId: string, nextRunAt: Date | null | undefined): string {
  return `Posted today's quote in ${channelMention(channelId)}.${nextRunAt ? ` The next one comes ${when(nextRunAt)}.` : ''}`;
}

export function dailyPreviewText(nextRunAt: Date | null | undefined): string {
  return `The next daily quote, if nothing changes before then${nextRunAt ? ` (${when(nextRunAt)})` : ''}. Only you can see this.`;
}
