import { beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { describeEachBackend } from '../helpers/db.ts';
import { drillContext, importFirstPack, snowflake } from '../helpers/drill-context.ts';
import { RecordingResponder } from '../helpers/schedule-context.ts';
import { drill } from '../../commands/drill.ts';
import { settings } from '../../commands/settings.ts';
import { leaderboard } from '../../commands/leaderboard.ts';
import { score } from '../../commands/score.ts';
import { progress } from '../../commands/progress.ts';
import type { Command, Request } from '../../src/interactions/types.ts';
import { findActiveDrill } from '../../src/drills/lifecycle.ts';
import { updateGuildSettings } from '../../src/guild/settings.ts';
import { getDrillAnswers } from '../../src/drills/results.ts';
import { getJob } from '../../src/jobs/queue.ts';
import { UserError } from '../../src/errors.ts';
import type { AppContext } from '../../src/context.ts';

const T0 = new Date('2026-03-02T10:00:00Z');

function request(
  guildId: string,
  channelId: string,
  over: Partial<Request> & { userId?: string; admin?: boolean; roles?: string[] },
): Request {
  const { userId = '200000000000000001', admin = false, roles = [], ...rest } = over;
  return {
    kind: 'command',
    commandName: 'drill',
    options: {},
    guildId,
    channelId,
    user: { id: userId, displayName: `user-${userId.slice(-2)}` },
    member: { manageGuild: admin, roleIds: roles },
    ...rest,
  };
}

async function run(command: Command, req: Request, ctx: AppContext): Promise<RecordingResponder> {
  const res = new RecordingResponder();
  const handler =
    req.kind === 'button'
      ? command.button
      : req.kind === 'modal'
        ? command.modal
        : req.kind === 'autocomplete'
          ? command.autocomplete
          : command.execute;
  await handler!(req, res, ctx);
  return res;
}

describeEachBackend('drill commands', (get) => {
  beforeAll(async () => {
    await importFirstPack(get());
  });

  it('refuses non-admins server side: start, close, adjust, schedule, settings', async () => {
    const { ctx } = drillContext(get(), T0);
    const g = snowflake();
    const c = snowflake();
    const member = { admin: false };
    await expect(run(drill, request(g, c, { ...member, subcommand: 'start' }), ctx)).rejects.toThrow(
      'Manage Server permission to start a drill',
    );
    await expect(
      run(
        drill,
        request(g, c, { ...member, subcommand: 'adjust', options: { member: '300000000000000001', points: 5, reason: 'nice' } }),
        ctx,
      ),
    ).rejects.toThrow("Manage Server permission to change members' points");
    await expect(
      run(
        drill,
        request(g, c, { ...member, subcommandGroup: 'schedule', subcommand: 'set', options: { cron: '0 18 * * *', timezone: 'UTC' } }),
        ctx,
      ),
    ).rejects.toThrow('schedule drills');
    await expect(
      run(settings, request(g, c, { ...member, commandName: 'settings', subcommand: 'set', options: { anonymous_drills: true } }), ctx),
    ).rejects.toThrow("change this server's settings");
    await run(drill, request(g, c, { admin: true, subcommand: 'start' }), ctx);
    await expect(run(drill, request(g, c, { ...member, subcommand: 'close' }), ctx)).rejects.toThrow('close a drill');
    expect((await findActiveDrill(get().db, g, c))?.status).toBe('open');
  });

  it('lets the drill-runner role start and close drills, and nobody else without Manage Server', async () => {
    const { ctx } = drillContext(get(), T0);
    const g = snowflake();
    const c = snowflake();
    const role = snowflake();
    await updateGuildSettings(get().db, g, { drillRunnerRoleId: role });
    const as = (userId: string, roles: string[], subcommand: string) => request(g, c, { userId, roles, subcommand });
    await expect(run(drill, as('200000000000000002', ['999'], 'start'), ctx)).rejects.toMatchObject({
      code: 'permission.manage-guild-or-role',
      params: { roleId: role, action: 'startDrill' },
    });
    await run(drill, as('200000000000000002', [role], 'start'), ctx);
    await expect(run(drill, as('200000000000000003', [], 'close'), ctx)).rejects.toThrow(/close a drill/);
    expect((await findActiveDrill(get().db, g, c))?.status).toBe('open');
    await run(drill, as('200000000000000002', [role], 'close'), ctx);
    expect((await findActiveDrill(get().db, g, c))?.status).not.toBe('open');
  });

  it('runs a drill through the handlers: start, modal pre-filled on edit, refusals, close, feedback, vote', async () => {
    const { ctx, messenger } = drillContext(get(), T0);
    const g = snowflake();
    const c = snowflake();
    const started = await run(drill, request(g, c, { admin: true, subcommand: 'start', options: { minutes: 3 } }), ctx);
    expect(started.lastText).toMatch(new RegExp(`^Drill started: https://discord.com/channels/${g}/${c}/\\d+`));
    const d = (await findActiveDrill(get().db, g, c))!;
    const ann = '300000000000000001';
    const bob = '300000000000000002';
    const button = (userId: string, customId: string) => request(g, c, { userId, kind: 'button', customId, commandName: 'drill' });
    const modal = (userId: string, text: string) =>
      request(g, c, { userId, kind: 'modal', customId: `drill:answer:${d.id}`, commandName: 'drill', fields: { answer: text } });

    const open = await run(drill, button(ann, `drill:submit:${d.id}`), ctx);
    expect(open.calls[0]?.how).toBe('modal');
    expect((await run(drill, modal(ann, 'Anarchists oppose capitalism and the state at the same time.'), ctx)).lastText).toMatch(
      /^Answer saved/,
    );
    await expect(run(drill, modal(bob, ''), ctx)).rejects.toThrow('Your answer is empty');
    await expect(run(drill, modal(bob, 'y'.repeat(1600)), ctx)).rejects.toThrow('too long (1600 characters)');
    expect((await run(drill, modal(bob, 'A different rebuttal, long enough to count.'), ctx)).lastText).toMatch(/^Answer saved/);
    expect((await run(drill, modal(ann, 'Anarchists oppose capitalism, hierarchy and the state at the same time.'), ctx)).lastText).toMatch(
      /^Answer updated/,
    );

    const closed = await run(drill, request(g, c, { admin: true, subcommand: 'close' }), ctx);
    expect(closed.lastText).toBe('Drill closed; the results are posted.');
    await expect(run(drill, button(ann, `drill:submit:${d.id}`), ctx)).rejects.toThrow('This drill is closed');
    const feedback = await run(drill, button(ann, `drill:feedback:${d.id}`), ctx);
    expect(feedback.calls[0]?.reply?.ephemeral).toBe(true);
    expect(feedback.calls[0]?.reply?.embeds?.[0]?.title).toMatch(/^Your answer made \d of \d key points$/);

    const answers = await getDrillAnswers(get().db, d.id);
    const annAnswer = answers.find((a) => a.userId === ann)!;
    const bobAnswer = answers.find((a) => a.userId === bob)!;
    expect(annAnswer.text).toBe('Anarchists oppose capitalism, hierarchy and the state at the same time.');
    await expect(run(drill, button(ann, `drill:vote:${d.id}:${annAnswer.id}`), ctx)).rejects.toThrow("can't vote for your own answer");
    expect((await run(drill, button(ann, `drill:vote:${d.id}:${bobAnswer.id}`), ctx)).lastText).toMatch(
      /^Vote counted. You have 2 votes left/,
    );
    expect((await run(drill, button(ann, `drill:vote:${d.id}:${bobAnswer.id}`), ctx)).lastText).toMatch(
      /^Vote taken back. You have 3 votes left/,
    );
    // A drill of another server cannot be touched through a forged custom id.
    await expect(
      run(
        drill,
        request(snowflake(), c, { userId: ann, kind: 'button', customId: `drill:vote:${d.id}:${bobAnswer.id}`, commandName: 'drill' }),
        ctx,
      ),
    ).rejects.toThrow('no longer exists');
    const finished = await run(drill, request(g, c, { admin: true, subcommand: 'close' }), ctx);
    expect(finished.lastText).toBe('Voting ended; the final ranking is posted.');
    expect(messenger.to(c).at(-1)?.message.embeds?.[0]?.title).toBe('Final ranking');
    await expect(run(drill, request(g, c, { admin: true, subcommand: 'close' }), ctx)).rejects.toThrow('no drill running in this channel');
  });

  it('sets, shows and turns off recurring drills, with clear refusals', async () => {
    const { ctx } = drillContext(get(), T0);
    const g = snowflake();
    const c = snowflake();
    const set = (options: Request['options']) =>
      run(drill, request(g, c, { admin: true, subcommandGroup: 'schedule', subcommand: 'set', options }), ctx);
    await expect(set({ cron: '0 18 * *', timezone: 'UTC' })).rejects.toThrow('five cron fields');
    await expect(set({ cron: '61 18 * * *', timezone: 'UTC' })).rejects.toThrow('not a valid cron expression');
    await expect(set({ cron: '0 18 * * *', timezone: 'Mars/Olympus' })).rejects.toThrow('not a time zone I know');
    await expect(set({ cron: '0 18 * * *', timezone: 'UTC', minutes: 500 })).rejects.toThrow('from 1 to 120');
    await expect(set({ cron: '0 18 * * *', timezone: 'UTC', topic: 'nope' })).rejects.toThrow('no topic "nope"');
    const ok = await set({ cron: '0 18 * * 1-5', timezone: 'Europe/Paris', topic: 'kronstadt', minutes: 15 });
    // Monday 2 March 2026, 18:00 in Paris is 17:00 UTC.
    const first = Date.UTC(2026, 2, 2, 17) / 1000;
    expect(ok.lastText).toContain(`<t:${first}:f>, <t:${first + 86400}:f>, <t:${first + 2 * 86400}:f>`);
    const shown = await run(drill, request(g, c, { subcommandGroup: 'schedule', subcommand: 'show' }), ctx);
    expect(shown.lastText).toContain('`0 18 * * 1-5` (Europe/Paris), 15 min, topic `kronstadt`');
    const [row] = await get().rows<{ key: string }>(sql`select key from jobs where kind = 'drill_scheduled' and guild_id = ${g}`);
    expect((await getJob(get().db, 'drill_scheduled', row!.key))?.runAt.getTime()).toBe(first * 1000);
    const off = await run(drill, request(g, c, { admin: true, subcommandGroup: 'schedule', subcommand: 'off' }), ctx);
    expect(off.lastText).toBe('The recurring drill in this channel is off.');
    expect(await getJob(get().db, 'drill_scheduled', row!.key)).toBeUndefined();
  });

  it('keeps leaderboards private when the server says so, and pages public ones', async () => {
    const { ctx } = drillContext(get(), T0);
    const g = snowflake();
    const c = snowflake();
    const admin = '300000000000000009';
    await run(
      drill,
      request(g, c, {
        userId: admin,
        admin: true,
        subcommand: 'adjust',
        options: { member: '300000000000000001', points: 50, reason: 'spoken round' },
      }),
      ctx,
    );
    await run(
      drill,
      request(g, c, {
        userId: admin,
        admin: true,
        subcommand: 'adjust',
        options: { member: '300000000000000002', points: 20, reason: 'spoken round' },
      }),
      ctx,
    );
    const pub = await run(leaderboard, request(g, c, { commandName: 'leaderboard' }), ctx);
    expect(pub.calls[0]?.reply?.ephemeral).toBeFalsy();
    expect(pub.calls[0]?.reply?.embeds?.[0]?.description).toBe(
      '**1.** <@300000000000000001> · **50** points · 0 drills\n**2.** <@300000000000000002> · **20** points · 0 drills',
    );
    const other = await run(score, request(g, c, { commandName: 'score', options: { member: '300000000000000002' } }), ctx);
    expect(other.calls[0]?.reply?.embeds?.[0]?.fields?.[0]).toMatchObject({ name: 'Points', value: '20' });

    const set = await run(
      settings,
      request(g, c, { admin: true, commandName: 'settings', subcommand: 'set', options: { public_leaderboards: false } }),
      ctx,
    );
    expect(set.lastText).toContain('Public leaderboards: **off**');
    const priv = await run(leaderboard, request(g, c, { commandName: 'leaderboard', userId: '300000000000000002' }), ctx);
    expect(priv.calls[0]?.reply).toMatchObject({ ephemeral: true });
    expect(priv.lastText).toBe('This server keeps its leaderboard private. Your rank all time: **#2** with **20** points from 0 drills.');
    await expect(run(score, request(g, c, { commandName: 'score', options: { member: '300000000000000001' } }), ctx)).rejects.toThrow(
      'keeps scores private',
    );
    const own = await run(score, request(g, c, { commandName: 'score', userId: '300000000000000002' }), ctx);
    expect(own.calls[0]?.reply?.ephemeral).toBe(true);
    const prog = await run(progress, request(g, c, { commandName: 'progress' }), ctx);
    expect(prog.calls[0]?.reply?.ephemeral).toBe(true);
    await expect(run(settings, request(g, c, { admin: true, commandName: 'settings', subcommand: 'set' }), ctx)).rejects.toThrow(UserError);
  });
});

describeEachBackend('drill start cooldown', (get) => {
  beforeAll(async () => {
    await importFirstPack(get());
  });

  it('lets a member start three drills in a row, then says how long to wait; a refused start costs nothing', async () => {
    const { ctx } = drillContext(get(), T0);
    const g = snowflake();
    const admin = { admin: true, userId: snowflake() };
    const start = (options: Request['options'] = {}) =>
      run(drill, request(g, snowflake(), { ...admin, subcommand: 'start', options }), ctx);
    await expect(start({ topic: 'no-such-topic' })).rejects.toThrow(UserError);
    for (let i = 0; i < 3; i++) await start();
    const refused = start();
    await expect(refused).rejects.toMatchObject({ code: 'cooldown.wait', params: { action: 'drill.start', seconds: 60 } });
    // Another member, or the same member in another server, has a bucket of their own.
    await run(drill, request(g, snowflake(), { admin: true, userId: snowflake(), subcommand: 'start' }), ctx);
    ctx.clock.advance(60_000);
    await start();
    await expect(start()).rejects.toMatchObject({ code: 'cooldown.wait' });
  });
});
