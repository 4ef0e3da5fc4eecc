import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { describeEachBackend } from '../helpers/db.ts';
import { drillContext, importFirstPack, snowflake } from '../helpers/drill-context.ts';
import { getOwnAnswer } from '../../src/drills/answers.ts';
import { findActiveDrill, messageLink, getDrill, DRILL_CLOSE_JOB, DRILL_VOTE_END_JOB } from '../../src/drills/lifecycle.ts';
import { drillJobHandlers } from '../../src/drills/jobs.ts';
import { closeAndPost, finishAndPost, startDrill, submit } from '../../src/drills/runner.ts';
import { getDrillAnswers, getFeedback } from '../../src/drills/results.ts';
import { getGuildSettings, updateGuildSettings } from '../../src/guild/settings.ts';
import { toggleVote } from '../../src/drills/votes.ts';
import { scoringRebuttalId } from '../../src/drills/pick.ts';
import { loadRubric } from '../../src/scoring/rubric.ts';
import { getJob, Scheduler } from '../../src/jobs/queue.ts';
import { getMemberScore } from '../../src/scoring/stats.ts';
import { UserError } from '../../src/errors.ts';
import type { Database } from '../../src/db/client.ts';
import { keyPointAnswer } from '../helpers/drill-fixtures.ts';

const T0 = new Date('2026-03-02T10:00:00Z'); // a Monday

/** An answer that uses every term of every key point: full coverage whatever claim was drawn. */
async function strongAnswer(database: Database, drillId: number, guildId: string): Promise<string> {
  const drill = await getDrill(database.db, guildId, drillId);
  const rubric = await loadRubric(database.db, await scoringRebuttalId(database.db, drill));
  return keyPointAnswer(rubric, 'My rebuttal');
}

describeEachBackend('drill lifecycle', (get) => {
  beforeAll(async () => {
    await importFirstPack(get());
  });

  it('starts a drill: posts the prompt with a submit button, schedules its close, refuses a second one with a link', async () => {
    const { ctx, messenger } = drillContext(get(), T0);
    const guildId = snowflake();
    const channelId = snowflake();
    const drill = await startDrill(ctx, { guildId, channelId, startedBy: '1', minutes: 15 });
    expect(drill.status).toBe('open');
    expect(drill.closesAt.toISOString()).toBe('2026-03-02T10:15:00.000Z');
    const prompt = messenger.to(channelId)[0]!;
    expect(prompt.message.embeds?.[0]?.title).toBe('Rebut this');
    expect(JSON.stringify(prompt.message.embeds)).toContain(`<t:${drill.closesAt.getTime() / 1000}:R>`);
    expect(JSON.stringify(prompt.message.components)).toContain(`drill:submit:${drill.id}`);
    const job = await getJob(get().db, DRILL_CLOSE_JOB, String(drill.id));
    expect(job?.runAt.toISOString()).toBe(drill.closesAt.toISOString());

    const second = startDrill(ctx, { guildId, channelId, startedBy: '1' });
    await expect(second).rejects.toThrow(UserError);
    await expect(second).rejects.toThrow(`https://discord.com/channels/${guildId}/${channelId}/${prompt.messageId}`);
    // Another channel of the same server is free.
    await expect(startDrill(ctx, { guildId, channelId: snowflake(), startedBy: '1' })).resolves.toMatchObject({
      status: 'open',
    });
  });

  it('refuses bad minutes, unknown topics and packs', async () => {
    const { ctx } = drillContext(get(), T0);
    const base = { guildId: snowflake(), channelId: snowflake(), startedBy: '1' };
    await expect(startDrill(ctx, { ...base, minutes: 0 })).rejects.toThrow(/from 1 to 120; got 0/);
    await expect(startDrill(ctx, { ...base, minutes: 121 })).rejects.toThrow(/from 1 to 120/);
    await expect(startDrill(ctx, { ...base, topic: 'no-such-topic' })).rejects.toThrow(/no topic "no-such-topic"/);
    await expect(startDrill(ctx, { ...base, pack: 'nope' })).rejects.toThrow(/no pack "nope"/);
    const onTopic = await startDrill(ctx, { ...base, topic: 'kronstadt' });
    const [row] = await get().rows<{ n: number }>(sql`
      select count(*)::int as n from claim_topics ct join topics t on t.id = ct.topic_id where ct.claim_id = ${onTopic.claimId} and t.slug = 'kronstadt'`);
    expect(row?.n).toBe(1);
  });

  it('takes one answer per member, editable until the close, and refuses empty, short and long ones', async () => {
    const { ctx } = drillContext(get(), T0);
    const guildId = snowflake();
    const drill = await startDrill(ctx, { guildId, channelId: snowflake(), startedBy: '1', minutes: 5 });
    const input = { guildId, drillId: drill.id, userId: 'u1', displayName: 'Ann' };
    const first = await submit(ctx, { ...input, text: 'The state and capital are abolished together.' });
    expect(first).toMatchObject({ created: true, edits: 0 });
    const edited = await submit(ctx, { ...input, text: 'Anarchists oppose capitalism and the state at the same time.' });
    expect(edited).toMatchObject({ created: false, edits: 1, answerId: first.answerId });
    expect(await getOwnAnswer(get().db, guildId, drill.id, 'u1')).toBe('Anarchists oppose capitalism and the state at the same time.');
    await expect(submit(ctx, { ...input, text: '   ' })).rejects.toThrow('Your answer is empty');
    await expect(submit(ctx, { ...input, text: 'too short' })).rejects.toThrow('too short (9 characters); write at least 20');
    await expect(submit(ctx, { ...input, text: 'x'.repeat(1501) })).rejects.toThrow('too long (1501 characters); the limit is 1500');
    expect(await getOwnAnswer(get().db, guildId, drill.id, 'u1')).toBe('Anarchists oppose capitalism and the state at the same time.');
    // Another server cannot answer this drill.
    await expect(submit(ctx, { ...input, guildId: snowflake(), text: 'A long enough answer from elsewhere.' })).rejects.toThrow(
      'no longer exists',
    );
    // At the closing time answers are refused even before the timer has run.
    ctx.clock.advance(5 * 60_000);
    await expect(submit(ctx, { ...input, userId: 'u2', text: 'Arriving just too late to count.' })).rejects.toMatchObject({
      code: 'drill.closed-at',
      params: { closedAt: expect.any(Date) },
    });
    expect((await getDrillAnswers(get().db, drill.id)).length).toBe(1);
  });

  it('closes exactly once when two closers race, and posts results once', async () => {
    const { ctx, messenger } = drillContext(get(), T0);
    const guildId = snowflake();
    const channelId = snowflake();
    const drill = await startDrill(ctx, { guildId, channelId, startedBy: '1' });
    await submit(ctx, { guildId, drillId: drill.id, userId: 'u1', displayName: 'Ann', text: await strongAnswer(get(), drill.id, guildId) });
    await submit(ctx, {
      guildId,
      drillId: drill.id,
      userId: 'u2',
      displayName: 'Bob',
      text: 'Something entirely unrelated about gardening.',
    });
    const before = messenger.to(channelId).length;
    const results = await Promise.all([
      closeAndPost(ctx, { drillId: drill.id, cancelTimer: true }),
      closeAndPost(ctx, { drillId: drill.id, cancelTimer: true }),
      closeAndPost(ctx, { drillId: drill.id, cancelTimer: true }),
    ]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    const posted = messenger.to(channelId).slice(before);
    expect(posted.filter((m) => JSON.stringify(m.message).includes('the reference rebuttal'))).toHaveLength(1);
    const answers = await getDrillAnswers(get().db, drill.id);
    expect(answers.map((a) => a.displayName)).toEqual(['Ann', 'Bob']);
    expect(answers[0]).toMatchObject({ coverage: 1, autoScore: expect.any(Number) });
    expect(answers[0]!.autoScore).toBeGreaterThanOrEqual(100);
    expect(answers[1]).toMatchObject({ coverage: 0, autoScore: 0, finalScore: null });
    const after = await getDrill(get().db, guildId, drill.id);
    expect(after.status).toBe('voting');
    expect(after.votingEndsAt?.toISOString()).toBe(new Date(T0.getTime() + 5 * 60_000).toISOString());
    expect(await getJob(get().db, DRILL_CLOSE_JOB, String(drill.id))).toBeUndefined();
    expect((await getJob(get().db, DRILL_VOTE_END_JOB, String(drill.id)))?.runAt.toISOString()).toBe(after.votingEndsAt?.toISOString());
    // The prompt was edited to its closed form, without the button.
    const closedPrompt = messenger.edits.filter((e) => e.messageId === drill.messageId).at(-1);
    expect(closedPrompt?.message.components).toEqual([]);
  });

  it('gives each member feedback on the key points made and missed, only after the close', async () => {
    const { ctx } = drillContext(get(), T0);
    const guildId = snowflake();
    const drill = await startDrill(ctx, { guildId, channelId: snowflake(), startedBy: '1' });
    const drillRow = await getDrill(get().db, guildId, drill.id);
    const rubric = await loadRubric(get().db, await scoringRebuttalId(get().db, drillRow));
    const firstTerms = rubric.keyPoints[0]!.text.replace(/\.$/, '');
    await submit(ctx, { guildId, drillId: drill.id, userId: 'u1', displayName: 'Ann', text: `Only one point here: ${firstTerms}.` });
    await expect(getFeedback(get().db, { guildId, drillId: drill.id, userId: 'u1' })).rejects.toThrow('when the drill closes');
    await closeAndPost(ctx, { drillId: drill.id, cancelTimer: true });
    const feedback = await getFeedback(get().db, { guildId, drillId: drill.id, userId: 'u1' });
    expect(feedback.keyPoints[0]?.made).toBe(true);
    expect(feedback.keyPoints.filter((k) => k.made).length).toBeLessThan(rubric.keyPoints.length);
    await expect(getFeedback(get().db, { guildId, drillId: drill.id, userId: 'u9' })).rejects.toThrow("didn't answer");
  });

  it('runs the vote: no self-votes, a limit per member, toggling, then final scores and totals', async () => {
    const { ctx, messenger } = drillContext(get(), T0);
    const guildId = snowflake();
    const channelId = snowflake();
    await updateGuildSettings(get().db, guildId, { drillVotesPerMember: 2, drillVoteMinutes: 3 });
    const drill = await startDrill(ctx, { guildId, channelId, startedBy: '1' });
    const strong = await strongAnswer(get(), drill.id, guildId);
    for (const [userId, displayName] of [
      ['a', 'Ann'],
      ['b', 'Bob'],
      ['c', 'Cat'],
      ['d', 'Dan'],
    ] as const) {
      await submit(ctx, {
        guildId,
        drillId: drill.id,
        userId,
        displayName,
        text: userId === 'a' ? strong : `${displayName} writes about something else entirely.`,
      });
    }
    const vote = (voterId: string, answerId: number) =>
      toggleVote(get().db, { guildId, drillId: drill.id, answerId, voterId, now: ctx.clock.now() });
    await expect(vote('b', 1)).rejects.toThrow('starts when the drill closes');
    await closeAndPost(ctx, { drillId: drill.id, cancelTimer: true });
    const byUser = new Map((await getDrillAnswers(get().db, drill.id)).map((a) => [a.userId, a.id]));
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((u) => byUser.get(u)!);
    await expect(vote('a', a!)).rejects.toThrow("can't vote for your own answer");
    expect(await vote('b', a!)).toEqual({ action: 'added', used: 1, limit: 2 });
    expect(await vote('b', c!)).toEqual({ action: 'added', used: 2, limit: 2 });
    await expect(vote('b', d!)).rejects.toThrow('used all 2 of your votes');
    expect(await vote('b', c!)).toEqual({ action: 'removed', used: 1, limit: 2 });
    expect(await vote('b', d!)).toEqual({ action: 'added', used: 2, limit: 2 });
    await vote('c', a!);
    await vote('x', a!); // a lurker who did not answer may vote on this server
    await vote('a', b!);
    // Concurrent clicks by one member cannot exceed the limit.
    const burst = await Promise.allSettled([vote('d', a!), vote('d', b!), vote('d', c!)]);
    expect(burst.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    ctx.clock.advance(3 * 60_000);
    await expect(vote('c', b!)).rejects.toThrow('Voting on this drill has ended');

    const finished = await finishAndPost(ctx, { drillId: drill.id, cancelTimer: false });
    expect(finished?.status).toBe('closed');
    expect(await finishAndPost(ctx, { drillId: drill.id, cancelTimer: false })).toBeNull();
    const answers = new Map((await getDrillAnswers(get().db, drill.id)).map((x) => [x.userId, x]));
    const dVotes = (
      await get().rows<{ answer_id: string | number }>(
        sql`select answer_id from drill_votes where drill_id = ${drill.id} and voter_id = 'd'`,
      )
    ).map((r) => Number(r.answer_id));
    const votesFor = (id: number, base: number) => base + (dVotes.includes(id) ? 1 : 0);
    expect(answers.get('a')?.votes).toBe(votesFor(a!, 3));
    expect(answers.get('a')?.finalScore).toBe(answers.get('a')!.autoScore + 10 * answers.get('a')!.votes);
    expect(answers.get('b')?.votes).toBe(votesFor(b!, 1));
    const ranking = messenger.to(channelId).at(-1)!;
    expect(ranking.message.embeds?.[0]?.title).toBe('Final ranking');
    expect(ranking.message.embeds?.[0]?.description).toMatch(/^\*\*1\.\*\* Ann/);
    const score = await getMemberScore(get().db, guildId, 'a', ctx.clock.now());
    expect(score).toMatchObject({ points: answers.get('a')!.finalScore, drillsAnswered: 1, rank: 1, currentStreak: 1, longestStreak: 1 });
  });

  it('refuses votes from non-answerers when the server requires an answer', async () => {
    const { ctx } = drillContext(get(), T0);
    const guildId = snowflake();
    await updateGuildSettings(get().db, guildId, { votersMustAnswer: true });
    const drill = await startDrill(ctx, { guildId, channelId: snowflake(), startedBy: '1' });
    await submit(ctx, { guildId, drillId: drill.id, userId: 'a', displayName: 'Ann', text: 'An answer that is long enough.' });
    await closeAndPost(ctx, { drillId: drill.id, cancelTimer: true });
    const [answer] = await getDrillAnswers(get().db, drill.id);
    await expect(
      toggleVote(get().db, { guildId, drillId: drill.id, answerId: answer!.id, voterId: 'lurker', now: ctx.clock.now() }),
    ).rejects.toThrow('only members who answered');
  });

  it('finishes at once when voting is off, and when nobody answered', async () => {
    const { ctx, messenger } = drillContext(get(), T0);
    const guildId = snowflake();
    const channelId = snowflake();
    await updateGuildSettings(get().db, guildId, { drillVoteMinutes: 0, anonymousDrills: true });
    const drill = await startDrill(ctx, { guildId, channelId, startedBy: '1' });
    await submit(ctx, { guildId, drillId: drill.id, userId: 'a', displayName: 'Ann', text: await strongAnswer(get(), drill.id, guildId) });
    const closed = await closeAndPost(ctx, { drillId: drill.id, cancelTimer: true });
    expect(closed?.drill.status).toBe('closed');
    const [answer] = await getDrillAnswers(get().db, drill.id);
    expect(answer?.finalScore).toBe(answer?.autoScore);
    const posted = JSON.stringify(messenger.to(channelId).map((m) => m.message));
    expect(posted).toContain('Answer #1');
    expect(posted).not.toContain('Ann');
    expect(posted).not.toContain('drill:vote:');
    expect((await getMemberScore(get().db, guildId, 'a', ctx.clock.now()))?.points).toBe(answer?.autoScore);

    const empty = await startDrill(ctx, { guildId, channelId, startedBy: '1' });
    await updateGuildSettings(get().db, guildId, { drillVoteMinutes: 5 });
    expect((await closeAndPost(ctx, { drillId: empty.id, cancelTimer: true }))?.drill.status).toBe('closed');
    expect(await findActiveDrill(get().db, guildId, channelId)).toBeUndefined();
  });

  it('closes on time from the scheduler, once, and ends voting from it too', async () => {
    const { ctx, messenger } = drillContext(get(), T0);
    const guildId = snowflake();
    const channelId = snowflake();
    const drill = await startDrill(ctx, { guildId, channelId, startedBy: '1', minutes: 2 });
    await submit(ctx, { guildId, drillId: drill.id, userId: 'a', displayName: 'Ann', text: 'A perfectly fine answer here.' });
    const scheduler = new Scheduler(ctx, drillJobHandlers);
    const other = new Scheduler(ctx, drillJobHandlers);
    ctx.clock.advance(60_000);
    await scheduler.tick();
    expect((await getDrill(get().db, guildId, drill.id)).status).toBe('open');
    ctx.clock.advance(60_000);
    await Promise.all([scheduler.tick(), other.tick()]);
    expect((await getDrill(get().db, guildId, drill.id)).status).toBe('voting');
    expect(messenger.to(channelId).filter((m) => JSON.stringify(m.message).includes('Drill closed'))).toHaveLength(1);
    ctx.clock.advance(5 * 60_000);
    await Promise.all([scheduler.tick(), other.tick()]);
    expect((await getDrill(get().db, guildId, drill.id)).status).toBe('closed');
    expect(messenger.to(channelId).filter((m) => m.message.embeds?.[0]?.title === 'Final ranking')).toHaveLength(1);
  });

  it('keeps settings per server, with clear refusals', async () => {
    const guildId = snowflake();
    expect(await getGuildSettings(get().db, guildId)).toMatchObject({
      drillVoteMinutes: 5,
      drillVotesPerMember: 3,
      publicLeaderboards: true,
    });
    await expect(updateGuildSettings(get().db, guildId, { drillVoteMinutes: 61 })).rejects.toThrow('0 (no voting) to 60');
    await expect(updateGuildSettings(get().db, guildId, { drillVotesPerMember: 0 })).rejects.toThrow('from 1 to 10');
    await updateGuildSettings(get().db, guildId, { publicLeaderboards: false });
    expect((await getGuildSettings(get().db, guildId)).publicLeaderboards).toBe(false);
    expect((await getGuildSettings(get().db, snowflake())).publicLeaderboards).toBe(true);
  });
});

describe('drill links', () => {
  it('point at the prompt message, or at the channel before it is posted', () => {
    expect(messageLink({ guildId: '1', channelId: '2', messageId: '3' })).toBe('https://discord.com/channels/1/2/3');
    expect(messageLink({ guildId: '1', channelId: '2', messageId: null })).toBe('https://discord.com/channels/1/2');
  });
});
