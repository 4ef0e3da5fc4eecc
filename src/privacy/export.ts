import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { drillAnswers, drills, drillVotes, memberStats, practiceCards, practiceReviews, scoreAdjustments } from '../db/schema/index.ts';

/**
 * Everything Riposte keeps about one member in one server, for `/privacy export`. Only the member's own
 * rows: votes they received are given as times without the voters, so the file names nobody else
 * (except the moderators who adjusted their score, whom /score already shows them).
 */
export interface MemberExport {
  format: 'riposte-member-data';
  version: 1;
  exportedAt: string;
  guildId: string;
  userId: string;
  answers: {
    id: number;
    drillId: number;
    drillStatus: string;
    claimId: number;
    displayName: string;
    text: string;
    submittedAt: string;
    updatedAt: string;
    edits: number;
    coverage: number | null;
    keyPointsMade: number[] | null;
    citedReference: boolean | null;
    autoScore: number | null;
    /** Counted into finalScore when voting ends. */
    votes: number;
    finalScore: number | null;
    votesReceived: { at: string }[];
  }[];
  votesCast: { drillId: number; answerId: number; at: string }[];
  scoreAdjustments: { id: number; drillId: number | null; delta: number; reason: string; moderatorId: string; at: string }[];
  stats: {
    displayName: string;
    points: number;
    drillsAnswered: number;
    coverageSum: number;
    bestScore: number;
    currentStreak: number;
    longestStreak: number;
    lastStreakDay: string | null;
    updatedAt: string;
  } | null;
  practiceCards: {
    claimId: number;
    due: string;
    stability: number;
    difficulty: number;
    elapsedDays: number;
    scheduledDays: number;
    learningSteps: number;
    reps: number;
    lapses: number;
    state: number;
    lastReview: string | null;
  }[];
  practiceReviews: { id: number; claimId: number; rating: number; suggestedRating: number | null; coverage: number; at: string }[];
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export async function exportMemberData(db: Db, guildId: string, userId: string, now: Date): Promise<MemberExport> {
  const answers = await db
    .select({ a: drillAnswers, status: drills.status, claimId: drills.claimId })
    .from(drillAnswers)
    .innerJoin(drills, eq(drills.id, drillAnswers.drillId))
    .where(and(eq(drillAnswers.guildId, guildId), eq(drillAnswers.userId, userId)))
    .orderBy(asc(drillAnswers.submittedAt), asc(drillAnswers.id));
  const answerIds = answers.map((r) => r.a.id);
  const received =
    answerIds.length === 0
      ? []
      : await db
          .select({ answerId: drillVotes.answerId, at: drillVotes.createdAt })
          .from(drillVotes)
          .where(inArray(drillVotes.answerId, answerIds))
          .orderBy(asc(drillVotes.createdAt));
  const cast = await db
    .select({ drillId: drillVotes.drillId, answerId: drillVotes.answerId, at: drillVotes.createdAt })
    .from(drillVotes)
    .innerJoin(drills, eq(drills.id, drillVotes.drillId))
    .where(and(eq(drills.guildId, guildId), eq(drillVotes.voterId, userId)))
    .orderBy(asc(drillVotes.createdAt), asc(drillVotes.answerId));
  const adjustments = await db
    .select()
    .from(scoreAdjustments)
    .where(and(eq(scoreAdjustments.guildId, guildId), eq(scoreAdjustments.userId, userId)))
    .orderBy(asc(scoreAdjustments.id));
  const [stats] = await db
    .select()
    .from(memberStats)
    .where(and(eq(memberStats.guildId, guildId), eq(memberStats.userId, userId)));
  const cards = await db
    .select()
    .from(practiceCards)
    .where(and(eq(practiceCards.guildId, guildId), eq(practiceCards.userId, userId)))
    .orderBy(asc(practiceCards.claimId));
  const reviews = await db
    .select()
    .from(practiceReviews)
    .where(and(eq(practiceReviews.guildId, guildId), eq(practiceReviews.userId, userId)))
    .orderBy(asc(practiceReviews.id));

  return {
    format: 'riposte-member-data',
    version: 1,
    exportedAt: now.toISOString(),
    guildId,
    userId,
    answers: answers.map(({ a, status, claimId }) => {
      const votes = received.filter((v) => v.answerId === a.id);
      return {
        id: a.id,
        drillId: a.drillId,
        drillStatus: status,
        claimId,
        displayName: a.displayName,
        text: a.text,
        submittedAt: a.submittedAt.toISOString(),
        updatedAt: a.updatedAt.toISOString(),
        edits: a.edits,
        coverage: a.coverage,
        keyPointsMade: a.hits ?? null,
        citedReference: a.citedReference,
        autoScore: a.autoScore,
        votes: status === 'closed' ? a.votes : votes.length,
        finalScore: a.finalScore,
        votesReceived: votes.map((v) => ({ at: v.at.toISOString() })),
      };
    }),
    votesCast: cast.map((v) => ({ drillId: v.drillId, answerId: v.answerId, at: v.at.toISOString() })),
    scoreAdjustments: adjustments.map((s) => ({
      id: s.id,
      drillId: s.drillId,
      delta: s.delta,
      reason: s.reason,
      moderatorId: s.moderatorId,
      at: s.createdAt.toISOString(),
    })),
    stats: stats
      ? {
          displayName: stats.displayName,
          points: stats.points,
          drillsAnswered: stats.drillsAnswered,
          coverageSum: stats.coverageSum,
          bestScore: stats.bestScore,
          currentStreak: stats.currentStreak,
          longestStreak: stats.longestStreak,
          lastStreakDay: stats.lastStreakKey,
          updatedAt: stats.updatedAt.toISOString(),
        }
      : null,
    practiceCards: cards.map((c) => ({
      claimId: c.claimId,
      due: c.due.toISOString(),
      stability: c.stability,
      difficulty: c.difficulty,
      elapsedDays: c.elapsedDays,
      scheduledDays: c.scheduledDays,
      learningSteps: c.learningSteps,
      reps: c.reps,
      lapses: c.lapses,
      state: c.state,
      lastReview: iso(c.lastReview),
    })),
    practiceReviews: reviews.map((r) => ({
      id: r.id,
      claimId: r.claimId,
      rating: r.rating,
      suggestedRating: r.suggestedRating,
      coverage: r.coverage,
      at: r.reviewedAt.toISOString(),
    })),
  };
}

/** How many rows of each kind a member has here: what the confirm step says will go. */
export interface MemberDataCounts {
  answers: number;
  votesCast: number;
  scoreAdjustments: number;
  stats: number;
  practiceCards: number;
  practiceReviews: number;
}

export async function countMemberData(db: Db, guildId: string, userId: string): Promise<MemberDataCounts> {
  const n = async (q: Promise<{ n: number }[]>) => Number((await q)[0]?.n ?? 0);
  const count = sql<number>`count(*)::int`.as('n');
  return {
    answers: await n(
      db
        .select({ n: count })
        .from(drillAnswers)
        .where(and(eq(drillAnswers.guildId, guildId), eq(drillAnswers.userId, userId))),
    ),
    votesCast: await n(
      db
        .select({ n: count })
        .from(drillVotes)
        .innerJoin(drills, eq(drills.id, drillVotes.drillId))
        .where(and(eq(drills.guildId, guildId), eq(drillVotes.voterId, userId))),
    ),
    scoreAdjustments: await n(
      db
        .select({ n: count })
        .from(scoreAdjustments)
        .where(and(eq(scoreAdjustments.guildId, guildId), eq(scoreAdjustments.userId, userId))),
    ),
    stats: await n(
      db
        .select({ n: count })
        .from(memberStats)
        .where(and(eq(memberStats.guildId, guildId), eq(memberStats.userId, userId))),
    ),
    practiceCards: await n(
      db
        .select({ n: count })
        .from(practiceCards)
        .where(and(eq(practiceCards.guildId, guildId), eq(practiceCards.userId, userId))),
    ),
    practiceReviews: await n(
      db
        .select({ n: count })
        .from(practiceReviews)
        .where(and(eq(practiceReviews.guildId, guildId), eq(practiceReviews.userId, userId))),
    ),
  };
}

export function isEmpty(c: MemberDataCounts): boolean {
  return Object.values(c).every((v) => v === 0);
}
