import { sql } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import { submitAnswer } from '../../src/drills/answers.ts';
import { closeDrill, createDrill, finishVoting, getDrill } from '../../src/drills/lifecycle.ts';
import { pickDrillMaterial, scoringRebuttalId } from '../../src/drills/pick.ts';
import { DEFAULT_SETTINGS } from '../../src/guild/settings.ts';
import { toggleVote } from '../../src/drills/votes.ts';
import { adjustScore } from '../../src/scoring/adjust.ts';
import { loadRubric } from '../../src/scoring/rubric.ts';
import { answerPractice } from '../../src/practice/review.ts';
import { snowflake } from '../helpers/drill-context.ts';
import { runDrill, keyPointAnswer } from '../helpers/drill-fixtures.ts';

/**
 * A drill with voting: everyone in `answerers` answers (strong text), it closes, `votes` are cast as
 * [voter, author] pairs, and voting ends unless `finish` is false. Returns the drill id and the
 * answer id of each author.
 */
export async function votingDrill(
  database: Database,
  opts: { guildId: string; at: Date; answerers: string[]; votes: [string, string][]; finish?: boolean },
): Promise<{ drillId: number; answerOf: Map<string, number> }> {
  const db = database.db;
  const material = await pickDrillMaterial(db, { guildId: opts.guildId, mode: 'standard' });
  const drill = await createDrill(db, {
    guildId: opts.guildId,
    channelId: snowflake(),
    ...material,
    mode: 'standard',
    minutes: 10,
    startedBy: 'mod',
    settings: { ...DEFAULT_SETTINGS, drillVoteMinutes: 5, drillVotesPerMember: 3 },
    now: opts.at,
  });
  const rubric = await loadRubric(db, await scoringRebuttalId(db, await getDrill(db, opts.guildId, drill.id)));
  const text = keyPointAnswer(rubric, 'Answer');
  const answerOf = new Map<string, number>();
  for (const userId of opts.answerers) {
    const r = await submitAnswer(db, {
      guildId: opts.guildId,
      drillId: drill.id,
      userId,
      displayName: `name-${userId}`,
      text,
      now: opts.at,
    });
    answerOf.set(userId, r.answerId);
  }
  const closedAt = new Date(opts.at.getTime() + 10 * 60_000);
  await closeDrill(db, { drillId: drill.id, now: closedAt, cancelTimer: true });
  for (const [voter, author] of opts.votes) {
    await toggleVote(db, {
      guildId: opts.guildId,
      drillId: drill.id,
      answerId: answerOf.get(author)!,
      voterId: voter,
      now: new Date(closedAt.getTime() + 60_000),
    });
  }
  if (opts.finish !== false)
    await finishVoting(db, { drillId: drill.id, now: new Date(closedAt.getTime() + 5 * 60_000), cancelTimer: true });
  return { drillId: drill.id, answerOf };
}

export interface Club {
  guildId: string;
  otherGuildId: string;
  /** The member whose data is exported or erased. */
  a: string;
  b: string;
  c: string;
  moderator: string;
  voted: { drillId: number; answerOf: Map<string, number> };
}

const OFF = 'Something about gardening and the weather this spring.';

/**
 * One server where A answered two drills, voted for B and C and was voted for by B, was adjusted by a
 * moderator and adjusted B as one, and practised; and another server where A answered too.
 */
export async function club(database: Database, at: Date): Promise<Club> {
  const [guildId, otherGuildId, a, b, c, moderator] = [snowflake(), snowflake(), snowflake(), snowflake(), snowflake(), snowflake()];
  const voted = await votingDrill(database, {
    guildId,
    at,
    answerers: [a, b, c],
    votes: [
      [a, b],
      [c, b],
      [b, a],
      [a, c],
    ],
  });
  await runDrill(database, { guildId, at: new Date(at.getTime() + 86_400_000), strong: [a], weak: [b] });
  await adjustScore(database.db, { guildId, userId: a, delta: 5, reason: 'good chairing', moderatorId: moderator, now: at });
  await adjustScore(database.db, { guildId, userId: b, delta: -3, reason: 'late answer', moderatorId: a, now: at });
  const [claim] = await database.rows<{ id: number }>(sql`select id from claims order by id limit 1`);
  await answerPractice(database.db, { guildId, userId: a, claimId: Number(claim!.id), text: OFF, now: at });
  await answerPractice(database.db, { guildId, userId: b, claimId: Number(claim!.id), text: OFF, now: at });
  await runDrill(database, { guildId: otherGuildId, at, strong: [a], weak: [b] });
  await answerPractice(database.db, { guildId: otherGuildId, userId: a, claimId: Number(claim!.id), text: OFF, now: at });
  return { guildId, otherGuildId, a, b, c, moderator, voted };
}
