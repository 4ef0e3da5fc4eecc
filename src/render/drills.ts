import { channelMention, time, TimestampStyles, userMention } from '@discordjs/formatters';
import type { APIActionRowComponent, APIButtonComponent, APIComponentInMessageActionRow, APIEmbed } from 'discord-api-types/v10';
import type { ClaimDetail, RebuttalNode } from '../content/claims.ts';
import type { Reply } from '../interactions/types.ts';
import { CITATION_BONUS, POINTS_PER_VOTE } from '../scoring/formula.ts';
import { keyPointLines } from './scores.ts';
import { blockQuote, deadline } from './format.ts';
import { LIMITS, truncate } from './limits.ts';
import { memberText } from './member-text.ts';
import { COLOURS } from './style.ts';
import type { SubmitResult } from '../drills/answers.ts';
import { type Drill, messageLink } from '../drills/lifecycle.ts';
import type { ScheduleView } from '../drills/schedule.ts';
import type { Adjustment } from '../scoring/adjust.ts';
import type { Feedback, ResultAnswer } from '../drills/results.ts';

/**
 * Drill messages as plain Discord API objects: the scheduler posts them outside any interaction, so
 * they cannot live in a command module. Numbers are Discord's: component type 1 row, 2 button;
 * button style 1 primary, 2 secondary, 3 success.
 */

type Row = APIActionRowComponent<APIComponentInMessageActionRow>;
type Message = Omit<Reply, 'ephemeral'>;

const EMBED_TEXT_MAX = 4000;
const MESSAGE_CHARS_MAX = 5500;
const EMBEDS_PER_MESSAGE = 10;
const BUTTONS_PER_ROW = 5;

function button(customId: string, label: string, style: 1 | 2 | 3 = 2): APIButtonComponent {
  return { type: 2, custom_id: customId, label: truncate(label, LIMITS.buttonLabel), style };
}

function rows(buttons: APIButtonComponent[]): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < buttons.length; i += BUTTONS_PER_ROW) out.push({ type: 1, components: buttons.slice(i, i + BUTTONS_PER_ROW) });
  return out;
}

export function findRebuttal(nodes: RebuttalNode[], id: number | null): RebuttalNode | undefined {
  if (id === null) return undefined;
  for (const n of nodes) {
    if (n.id === id) return n;
    const inner = findRebuttal(n.children, id);
    if (inner) return inner;
  }
  return undefined;
}

/** The drill prompt; closed, it keeps the claim and drops the button. */
export function renderPrompt(drill: Drill, claim: ClaimDetail | null, answers: number): Message {
  const open = drill.status === 'open';
  const flip = drill.mode === 'flip';
  const presented = flip && claim ? findRebuttal(claim.rebuttals, drill.rebuttalId) : undefined;
  const claimText = claim ? blockQuote(truncate(claim.text, 1500)) : '*(this claim was removed from the store)*';
  const description = flip
    ? `**The claim** (${claim?.attributedTo ?? 'unknown'}):\n${claimText}\n\n**A rebuttal to it:**\n${blockQuote(truncate(presented?.text ?? '', 2000))}\n\nArgue the other side: answer this rebuttal.`
    : `${claimText}\n— **${claim?.attributedTo ?? 'unknown'}**`;
  const embed: APIEmbed = {
    title: flip ? 'Counter this rebuttal' : 'Rebut this',
    description: truncate(description, EMBED_TEXT_MAX),
    color: open ? COLOURS.drillOpen : COLOURS.drillClosed,
    fields: [
      {
        name: open ? 'Closes' : 'Closed',
        value: open ? deadline(drill.closesAt) : time(drill.closedAt ?? drill.closesAt, TimestampStyles.ShortDateTime),
        inline: true,
      },
      { name: 'Answers', value: String(answers), inline: true },
      ...(claim?.topics.length
        ? [{ name: 'Topics', value: truncate(claim.topics.map((t) => t.name).join(', '), 1000), inline: true }]
        : []),
    ],
    footer: {
      text: open
        ? 'Answers stay private until the close. Press the button again to edit yours.'
        : 'This drill is closed; the results are below.',
    },
  };
  return { embeds: [embed], components: open ? rows([button(`drill:submit:${drill.id}`, 'Submit rebuttal', 1)]) : [] };
}

function answerLabel(drill: Drill, a: ResultAnswer): string {
  return drill.anonymous ? `Answer #${a.number}` : `#${a.number} · ${a.displayName}`;
}

function scoreLine(a: ResultAnswer, keyPoints: number): string {
  const parts = keyPoints > 0 ? [`key points ${a.hits.length}/${keyPoints}`] : ['votes only'];
  if (a.cited) parts.push(`cited a reference (+${CITATION_BONUS})`);
  parts.push(`automatic score ${a.autoScore}`);
  return parts.join(' · ');
}

/**
 * The close: the reference rebuttal with its key points and references (and the feedback button),
 * then the answers with their automatic scores, several per message, with vote buttons while voting.
 */
export function renderResults(
  drill: Drill,
  claim: ClaimDetail | null,
  reference: RebuttalNode | undefined,
  answers: ResultAnswer[],
  keyPoints: number,
): Message[] {
  const voting = drill.status === 'voting';
  const refText = reference
    ? [
        blockQuote(truncate(reference.text, 2500)),
        reference.keyPoints.length ? `\n**Key points**\n${reference.keyPoints.map((k, i) => `${i + 1}. ${k}`).join('\n')}` : '',
        reference.refs.length ? `\n**References**\n${reference.refs.map((r) => `\`${r.code}\` ${r.title}`).join('\n')}` : '',
      ].join('\n')
    : '*No reference answer is stored for this one; answers are scored by votes only.*';
  const intro: APIEmbed = {
    title: drill.mode === 'flip' ? 'Drill closed: a counter-rebuttal' : 'Drill closed: the reference rebuttal',
    description: truncate(`${claim ? `**Claim:** ${truncate(claim.text, 300)}\n\n` : ''}${refText}`, EMBED_TEXT_MAX),
    color: COLOURS.drillResults,
    fields: [
      {
        name: answers.length === 0 ? 'Answers' : voting ? 'Voting' : 'Scores',
        value:
          answers.length === 0
            ? 'Nobody answered this time.'
            : voting
              ? `Vote for the strongest answers until ${time(drill.votingEndsAt!, TimestampStyles.RelativeTime)}: up to ${drill.votesPerMember}, not your own${drill.votersMustAnswer ? ', only if you answered' : ''}. Press a vote button again to take the vote back. Each vote is worth ${POINTS_PER_VOTE} points.`
              : `${answers.length} answer${answers.length === 1 ? '' : 's'}; no voting on this server, so the automatic scores are final.`,
      },
    ],
    footer: { text: 'Press "My feedback" to see which key points your answer made and missed (only you see it).' },
  };
  const messages: Message[] = [
    { embeds: [intro], components: answers.length ? rows([button(`drill:feedback:${drill.id}`, 'My feedback', 3)]) : [] },
  ];
  let embeds: APIEmbed[] = [];
  let buttons: APIButtonComponent[] = [];
  let chars = 0;
  const flush = () => {
    if (embeds.length) messages.push({ embeds, components: rows(buttons) });
    embeds = [];
    buttons = [];
    chars = 0;
  };
  for (const a of answers) {
    const embed: APIEmbed = {
      title: truncate(answerLabel(drill, a), 250),
      description: truncate(memberText(a.text), EMBED_TEXT_MAX),
      footer: { text: scoreLine(a, keyPoints) },
    };
    const size = (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0);
    if (embeds.length === EMBEDS_PER_MESSAGE || chars + size > MESSAGE_CHARS_MAX || (voting && buttons.length === 25)) flush();
    embeds.push(embed);
    chars += size;
    if (voting) buttons.push(button(`drill:vote:${drill.id}:${a.id}`, `Vote #${a.number}`));
  }
  flush();
  return messages;
}

/** After voting (or at once without it): the final ranking. */
export function renderRanking(drill: Drill, ranked: ResultAnswer[]): Message {
  const lines = ranked.slice(0, 25).map((a, i) => {
    const who = drill.anonymous ? `Answer #${a.number}` : a.displayName;
    const votes = drill.voteMinutes > 0 ? ` (${a.autoScore} + ${a.votes} vote${a.votes === 1 ? '' : 's'})` : '';
    return `**${i + 1}.** ${who}: **${a.finalScore ?? a.autoScore}**${votes}`;
  });
  if (ranked.length > 25) lines.push(`…and ${ranked.length - 25} more.`);
  return {
    embeds: [
      {
        title: 'Final ranking',
        description: lines.length ? lines.join('\n') : 'Nobody answered this time.',
        color: COLOURS.drillResults,
        footer: { text: 'Points count towards /score and /leaderboard.' },
      },
    ],
    components: [],
  };
}

export function renderFeedback(f: Feedback): Reply {
  const lines = keyPointLines(f.keyPoints);
  if (f.concedes) lines.unshift('⚠️ Your answer ends up agreeing with the claim, so no key point counts.');
  const made = f.keyPoints.filter((k) => k.made).length;
  const citation = !f.answer.cited
    ? ''
    : made > 0
      ? ` (includes +${CITATION_BONUS} for citing a reference)`
      : ' (a citation counts once a key point is made)';
  const fields = [{ name: 'Automatic score', value: `${f.answer.autoScore}${citation}`, inline: true }];
  if (f.answer.finalScore !== null)
    fields.push({
      name: 'Final score',
      value: `${f.answer.finalScore} (${f.answer.votes} vote${f.answer.votes === 1 ? '' : 's'})`,
      inline: true,
    });
  if (f.refs.length)
    fields.push({
      name: 'References to cite',
      value: truncate(f.refs.map((r) => `\`${r.code}\` ${r.title}`).join('\n'), 1000),
      inline: false,
    });
  return {
    ephemeral: true,
    embeds: [
      {
        title: f.keyPoints.length ? `Your answer made ${made} of ${f.keyPoints.length} key points` : 'This drill was scored by votes only',
        description: truncate(lines.join('\n') || 'There were no key points to cover.', EMBED_TEXT_MAX),
        color: COLOURS.feedback,
        fields,
      },
    ],
  };
}

/** /drill start's answer to the runner. */
export function drillStartedText(drill: Drill): string {
  return `Drill started: ${messageLink(drill)}. It closes ${time(drill.closesAt, TimestampStyles.RelativeTime)}.`;
}

/** The answer's author is told it was kept, and until when it can change. */
export function answerSavedText(result: SubmitResult): string {
  return `${result.created ? 'Answer saved' : 'Answer updated'}. Nobody sees it until the drill closes ${time(result.closesAt, TimestampStyles.RelativeTime)}; press **Submit rebuttal** again to edit it.`;
}

export function adjustedText(adj: Adjustment): string {
  return `Adjusted ${userMention(adj.userId)} by ${adj.delta > 0 ? '+' : ''}${adj.delta} points: “${adj.reason}”. It is kept in the audit trail and shows in /score.`;
}

/** A recurring drill: where, when (cron and zone), how long, and its next runs or why it is paused. */
export function describeDrillSchedule(v: Pick<ScheduleView, 'schedule' | 'nextRuns'> & { problem?: string | null }): string {
  const s = v.schedule;
  const runs = v.nextRuns.map((d) => time(d, TimestampStyles.ShortDateTime)).join(', ');
  const next = v.problem ? `⚠️ paused: ${v.problem}` : `next: ${runs || 'never'}`;
  return `${channelMention(s.channelId)}: \`${s.cron}\` (${s.timezone}), ${s.minutes} min${s.topicSlug ? `, topic \`${s.topicSlug}\`` : ''}\n  ${next}`;
}
