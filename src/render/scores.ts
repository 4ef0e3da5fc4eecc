import { bold, time, TimestampStyles, userMention } from '@discordjs/formatters';
import type { APIEmbed } from 'discord-api-types/v10';
import type { Reply } from '../interactions/types.ts';
import type { LeaderboardEntry, Period } from '../scoring/leaderboard.ts';
import type { MemberScore } from '../scoring/stats.ts';
import type { Progress } from '../scoring/progress.ts';
import type { KeyPointResult } from '../scoring/score.ts';
import { LIMITS, truncate } from './limits.ts';
import { COLOURS } from './style.ts';

const COLOR = COLOURS.scores;
const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);

export const PERIOD_NAMES: Record<Period, string> = { week: 'this week', month: 'this month', all: 'all time' };

export function scoreEmbed(s: MemberScore): APIEmbed {
  const fields = [
    { name: 'Points', value: String(s.points), inline: true },
    { name: 'Rank', value: s.rank === null ? '—' : `#${s.rank}`, inline: true },
    { name: 'Drills answered', value: String(s.drillsAnswered), inline: true },
    { name: 'Average coverage', value: pct(s.averageCoverage), inline: true },
    { name: 'Best score', value: String(s.bestScore), inline: true },
    { name: 'Streak (days)', value: `${s.currentStreak} now · ${s.longestStreak} longest`, inline: true },
  ];
  if (s.adjustments.length) {
    fields.push({
      name: 'Adjustments by moderators',
      value: s.adjustments
        .map(
          (a) =>
            `${a.delta > 0 ? '+' : ''}${a.delta} ${time(a.createdAt, TimestampStyles.ShortDate)} by ${userMention(a.moderatorId)}: ${a.reason}`,
        )
        .join('\n')
        .slice(0, 1024),
      inline: false,
    });
  }
  return {
    title: truncate(`Scores of ${s.displayName}`, LIMITS.title),
    color: COLOR,
    fields,
    footer: { text: 'A streak counts consecutive days (UTC) with an answer to a drill.' },
  };
}

export function leaderboardEmbed(
  board: { entries: LeaderboardEntry[]; total: number; page: number; pages: number },
  period: Period,
  topic: string | undefined,
): APIEmbed {
  const lines = board.entries.map(
    (e) =>
      `${bold(`${e.rank}.`)} ${userMention(e.userId)} · ${bold(String(e.points))} points · ${e.drills} drill${e.drills === 1 ? '' : 's'}`,
  );
  return {
    title: truncate(`Leaderboard, ${PERIOD_NAMES[period]}${topic ? ` · ${topic}` : ''}`, LIMITS.title),
    description: lines.length ? lines.join('\n') : 'No scores yet for this period.',
    color: COLOR,
    footer: {
      text: `Page ${board.page + 1} of ${board.pages} · ${board.total} member${board.total === 1 ? '' : 's'} · ties: first to reach the score ranks higher`,
    },
  };
}

export function ownRankReply(entry: LeaderboardEntry | null, period: Period, topic: string | undefined): Reply {
  const where = `${PERIOD_NAMES[period]}${topic ? ` on ${topic}` : ''}`;
  return {
    ephemeral: true,
    content: entry
      ? `This server keeps its leaderboard private. Your rank ${where}: **#${entry.rank}** with **${entry.points}** points from ${entry.drills} drill${entry.drills === 1 ? '' : 's'}.`
      : `This server keeps its leaderboard private, and you have no points ${where} yet.`,
  };
}

export function progressReply(p: Progress): Reply {
  if (p.answers === 0) {
    return { ephemeral: true, content: 'No scored answers yet. Answer a drill or try `/practice next` and come back.' };
  }
  const spot = (s: { key: string; label: string; coverage: number; answers: number }, code: boolean) =>
    `${code ? `\`${s.key}\` ${s.label}` : s.label} · ${pct(s.coverage)} of key points over ${s.answers} answer${s.answers === 1 ? '' : 's'}`;
  const weakest = p.topics[0];
  const ref = p.references[0];
  const next = [
    weakest && `Practise **${weakest.label}**: \`/practice next topic:${weakest.key}\``,
    ref && `Read \`${ref.key}\` (${ref.label})`,
  ].filter(Boolean);
  return {
    ephemeral: true,
    embeds: [
      {
        title: 'Your progress',
        color: COLOR,
        description: `From ${p.answers} scored answer${p.answers === 1 ? '' : 's'} (drills and practice).`,
        fields: [
          { name: 'Weakest topics', value: truncate(p.topics.map((s) => spot(s, false)).join('\n') || '—', LIMITS.fieldValue) },
          { name: 'Weakest references', value: truncate(p.references.map((s) => spot(s, true)).join('\n') || '—', LIMITS.fieldValue) },
          { name: 'Study next', value: truncate(next.join('\n') || '—', LIMITS.fieldValue) },
        ],
      },
    ],
  };
}

/** Each key point made or missed; for a made one, the member's own sentence that made it. */
export function keyPointLines(keyPoints: readonly KeyPointResult[], max = 200): string[] {
  return keyPoints.map((k) => {
    if (k.made) return `✅ ${k.text}${k.sentence ? `\n  ↳ *you said:* “${truncate(k.sentence, max)}”` : ''}`;
    if (k.denied) return `❌ ${k.text}\n  ↳ *your answer uses its words but negates them*`;
    return `❌ ${k.text}`;
  });
}
