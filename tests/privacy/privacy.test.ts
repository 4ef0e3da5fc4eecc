import { beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { commands } from '../../commands/index.ts';
import { finishVoting } from '../../src/drills/lifecycle.ts';
import type { Reply, Request } from '../../src/interactions/types.ts';
import { createRouter } from '../../src/interactions/router.ts';
import { decodePrivacyId, encodeEraseId } from '../../src/privacy/confirm.ts';
import { eraseMemberData } from '../../src/privacy/erase.ts';
import { countMemberData, exportMemberData, isEmpty, type MemberExport } from '../../src/privacy/export.ts';
import { ABOUT_TEXT } from '../../src/render/about.ts';
import { adjustScore } from '../../src/scoring/adjust.ts';
import { describeEachBackend, type TestDatabase } from '../helpers/db.ts';
import { importFirstPack, snowflake } from '../helpers/drill-context.ts';
import { RecordingResponder, testContext } from '../helpers/schedule-context.ts';
import { club, votingDrill, type Club } from './fixtures.ts';

const T0 = new Date('2026-03-02T10:00:00Z');

type AnswerRow = { user_id: string; votes: number; final_score: number | null; auto_score: number | null };

async function answersOf(database: TestDatabase, drillId: number): Promise<Map<string, AnswerRow>> {
  const rows = await database.rows<AnswerRow>(
    sql`select user_id, votes, final_score, auto_score from drill_answers where drill_id = ${drillId}`,
  );
  return new Map(rows.map((r) => [r.user_id, r]));
}

async function points(database: TestDatabase, guildId: string, userId: string): Promise<number | undefined> {
  const [row] = await database.rows<{ points: number }>(
    sql`select points from member_stats where guild_id = ${guildId} and user_id = ${userId}`,
  );
  return row?.points;
}

function request(guildId: string, user: string, over: Partial<Request>): Request {
  return {
    kind: 'command',
    commandName: 'privacy',
    options: {},
    guildId,
    channelId: snowflake(),
    user: { id: user, displayName: `name-${user}` },
    member: { manageGuild: false, roleIds: [] },
    ...over,
  };
}

/** The custom id of the confirm message's first button (Erase). */
function eraseButton(reply: Reply | undefined): string {
  const row = reply?.components?.[0]?.components[0] as { custom_id?: string } | undefined;
  if (!row?.custom_id) throw new Error(`no erase button in ${JSON.stringify(reply)}`);
  return row.custom_id;
}

describeEachBackend('privacy: export and erasure of one member’s data', (get) => {
  /** Read-only tests share one club; tests that erase build their own. */
  let shared: Club;
  beforeAll(async () => {
    await importFirstPack(get());
    shared = await club(get(), T0);
  });

  /** Just enough for the confirm step to have something to erase, without scoring drills. */
  async function light(): Promise<Club> {
    const [guildId, a, b, moderator] = [snowflake(), snowflake(), snowflake(), snowflake()];
    await adjustScore(get().db, { guildId, userId: a, delta: 5, reason: 'good chairing', moderatorId: moderator, now: T0 });
    return { ...shared, guildId, a, b, moderator };
  }

  it('exports exactly the member’s rows in this server, naming no other member', async () => {
    const k = shared;
    const e = await exportMemberData(get().db, k.guildId, k.a, T0);
    const own = await get().rows<{ id: number }>(
      sql`select id from drill_answers where guild_id = ${k.guildId} and user_id = ${k.a} order by id`,
    );
    expect(e.answers.map((x) => x.id).sort((x, y) => x - y)).toEqual(own.map((r) => Number(r.id)));
    expect(e.answers).toHaveLength(2);
    const voted = e.answers.find((x) => x.drillId === k.voted.drillId)!;
    expect(voted.votes).toBe(1);
    expect(voted.votesReceived).toHaveLength(1);
    expect(voted.finalScore).toBe((voted.autoScore ?? 0) + 10);
    expect(e.votesCast.map((v) => v.answerId).sort()).toEqual([k.voted.answerOf.get(k.b)!, k.voted.answerOf.get(k.c)!].sort());
    expect(e.scoreAdjustments.map((s) => [s.delta, s.moderatorId])).toEqual([[5, k.moderator]]);
    expect(e.stats?.points).toBe(await points(get(), k.guildId, k.a));
    expect(e.practiceCards).toHaveLength(1);
    expect(e.practiceReviews).toHaveLength(1);
    const json = JSON.stringify(e);
    for (const other of [k.b, k.c, k.otherGuildId]) expect(json).not.toContain(other);
  });

  it('erases the member’s rows in one server and recounts the others’ vote-dependent scores', async () => {
    const k = await club(get(), T0);
    const before = await answersOf(get(), k.voted.drillId);
    expect(before.get(k.b)!.votes).toBe(2);
    expect(before.get(k.c)!.votes).toBe(1);
    const [bPoints, cPoints] = [await points(get(), k.guildId, k.b), await points(get(), k.guildId, k.c)];

    const erased = await eraseMemberData(get().db, k.guildId, k.a);
    expect(erased).toMatchObject({
      answers: 2,
      votesCast: 2,
      scoreAdjustments: 1,
      stats: 1,
      practiceCards: 1,
      practiceReviews: 1,
      membersRecomputed: 2,
    });

    expect(isEmpty(await countMemberData(get().db, k.guildId, k.a))).toBe(true);
    const left = await get().rows<{ n: number }>(
      sql`select count(*)::int as n from drill_votes v join drills d on d.id = v.drill_id where d.guild_id = ${k.guildId} and v.voter_id = ${k.a}`,
    );
    expect(left[0]!.n).toBe(0);
    const after = await answersOf(get(), k.voted.drillId);
    expect([...after.keys()].sort()).toEqual([k.b, k.c].sort());
    expect(after.get(k.b)).toMatchObject({ votes: 1, final_score: (after.get(k.b)!.auto_score ?? 0) + 10 });
    expect(after.get(k.c)).toMatchObject({ votes: 0, final_score: after.get(k.c)!.auto_score ?? 0 });
    expect(await points(get(), k.guildId, k.b)).toBe(bPoints! - 10);
    expect(await points(get(), k.guildId, k.c)).toBe(cPoints! - 10);
    // The adjustment A made about B, as a moderator, is about B and stays.
    const adj = await get().rows<{ n: number }>(
      sql`select count(*)::int as n from score_adjustments where guild_id = ${k.guildId} and user_id = ${k.b}`,
    );
    expect(adj[0]!.n).toBe(1);
    // The other server keeps A's data; the drills stay.
    expect(isEmpty(await countMemberData(get().db, k.otherGuildId, k.a))).toBe(false);
    const drill = await get().rows(sql`select 1 from drills where id = ${k.voted.drillId}`);
    expect(drill).toHaveLength(1);
  });

  it('a vote erased while voting is still open is not counted when voting ends', async () => {
    const [guildId, a, b] = [snowflake(), snowflake(), snowflake()];
    const v = await votingDrill(get(), { guildId, at: T0, answerers: [a, b], votes: [[a, b]], finish: false });
    await eraseMemberData(get().db, guildId, a);
    await finishVoting(get().db, { drillId: v.drillId, now: new Date(T0.getTime() + 20 * 60_000), cancelTimer: true });
    const after = await answersOf(get(), v.drillId);
    expect(after.get(b)).toMatchObject({ votes: 0, final_score: after.get(b)!.auto_score ?? 0 });
    expect(after.has(a)).toBe(false);
  });

  it('/privacy export answers ephemerally with a JSON attachment of the member’s data', async () => {
    const k = shared;
    const router = createRouter(commands, testContext(get(), T0), { autoDeferMs: 0 });
    const res = new RecordingResponder();
    await router.dispatch(request(k.guildId, k.a, { subcommand: 'export' }), res);
    const reply = res.calls[0]!.reply!;
    expect(reply.ephemeral).toBe(true);
    expect(reply.files).toHaveLength(1);
    expect(reply.files![0]!.name).toBe(`riposte-${k.guildId}-${k.a}.json`);
    const parsed = JSON.parse(String(reply.files![0]!.data)) as MemberExport;
    expect(parsed).toMatchObject({ format: 'riposte-member-data', guildId: k.guildId, userId: k.a });
    expect(parsed.answers).toHaveLength(2);
  });

  it('/privacy delete asks first; the button refuses another member and an expired id, then erases', async () => {
    const k = await light();
    const ctx = testContext(get(), T0);
    const router = createRouter(commands, ctx, { autoDeferMs: 0 });
    const ask = new RecordingResponder();
    await router.dispatch(request(k.guildId, k.a, { subcommand: 'delete' }), ask);
    expect(ask.calls[0]!.reply!.ephemeral).toBe(true);
    const customId = eraseButton(ask.calls[0]!.reply);
    expect(decodePrivacyId(customId)).toMatchObject({ action: 'erase', pending: { target: k.a, actor: k.a } });

    const press = (user: string, manageGuild = false) => {
      const res = new RecordingResponder();
      return router
        .dispatch(request(k.guildId, user, { kind: 'button', customId, member: { manageGuild, roleIds: [] } }), res)
        .then(() => res);
    };
    const intruder = await press(k.b, true);
    expect(intruder.lastText).toMatch(/Only the member who asked/);
    expect(isEmpty(await countMemberData(get().db, k.guildId, k.a))).toBe(false);

    ctx.clock.set(new Date(T0.getTime() + 11 * 60_000));
    const late = await press(k.a);
    expect(late.lastText).toMatch(/expired; nothing was erased/);
    expect(isEmpty(await countMemberData(get().db, k.guildId, k.a))).toBe(false);

    ctx.clock.set(new Date(T0.getTime() + 9 * 60_000));
    const done = await press(k.a);
    expect(done.lastText).toMatch(/Your data in this server is erased/);
    expect(done.calls.at(-1)!.reply!.components).toEqual([]);
    expect(isEmpty(await countMemberData(get().db, k.guildId, k.a))).toBe(true);
  });

  it('a plain member cannot erase someone else, by command or by a forged button; an admin can', async () => {
    const k = await light();
    const ctx = testContext(get(), T0);
    const router = createRouter(commands, ctx, { autoDeferMs: 0 });
    const plain = new RecordingResponder();
    await router.dispatch(request(k.guildId, k.b, { subcommand: 'erase', options: { user_id: k.a } }), plain);
    expect(plain.lastText).toMatch(/Manage Server/);
    expect(plain.calls[0]!.reply!.components).toBeUndefined();

    const forged = new RecordingResponder();
    const forgedId = encodeEraseId({ target: k.a, actor: k.b, expires: T0.getTime() + 60_000 });
    await router.dispatch(request(k.guildId, k.b, { kind: 'button', customId: forgedId }), forged);
    expect(forged.lastText).toMatch(/Manage Server/);
    expect(isEmpty(await countMemberData(get().db, k.guildId, k.a))).toBe(false);

    const bad = new RecordingResponder();
    await router.dispatch(
      request(k.guildId, k.moderator, {
        subcommand: 'erase',
        // Long enough for the option's length, so the id itself is judged.
        options: { user_id: 'not-a-discord-user-id' },
        member: { manageGuild: true, roleIds: [] },
      }),
      bad,
    );
    expect(bad.lastText).toMatch(/17 to 20 digits/);

    const ask = new RecordingResponder();
    const adminReq = { member: { manageGuild: true, roleIds: [] } };
    await router.dispatch(request(k.guildId, k.moderator, { subcommand: 'erase', options: { user_id: k.a }, ...adminReq }), ask);
    const customId = eraseButton(ask.calls[0]!.reply);
    const done = new RecordingResponder();
    await router.dispatch(request(k.guildId, k.moderator, { kind: 'button', customId, ...adminReq }), done);
    expect(done.lastText).toMatch(new RegExp(`The data of ${k.a} in this server is erased`));
    expect(isEmpty(await countMemberData(get().db, k.guildId, k.a))).toBe(true);
  });

  it('/about says data stays after leaving and how to erase it', () => {
    expect(ABOUT_TEXT).toMatch(/stay here after you leave the server, until you ask/);
    expect(ABOUT_TEXT).toMatch(/\/privacy delete/);
  });
});
