import { beforeAll, expect, it } from 'vitest';
import { daily } from '../../commands/daily.ts';
import { importPackFile } from '../../src/content/import.ts';
import { createRouter } from '../../src/interactions/router.ts';
import type { Request } from '../../src/interactions/types.ts';
import { dailyQuoteJob } from '../../src/daily/post.ts';
import { DAILY_JOB } from '../../src/daily/schedule.ts';
import { Scheduler } from '../../src/jobs/queue.ts';
import { describeEachBackend } from '../helpers/db.ts';
import { commandRequest, RecordingMessenger, RecordingResponder, testContext } from '../helpers/schedule-context.ts';

describeEachBackend('/daily', (get) => {
  beforeAll(async () => {
    await importPackFile(get(), 'tests/fixtures/quotes-pack.yaml');
  });

  function setup(now = '2030-02-01T07:00:00Z') {
    const messenger = new RecordingMessenger();
    const ctx = testContext(get(), new Date(now), messenger);
    const router = createRouter([daily], ctx, { autoDeferMs: 0 });
    const run = async (req: Request) => {
      const res = new RecordingResponder();
      await router.dispatch(req, res);
      return res;
    };
    return { ctx, messenger, run };
  }

  it('is for Manage Server by default, and checks it again on the server', async () => {
    expect(daily.data.toJSON().default_member_permissions).toBe('32');
    const { run } = setup();
    for (const sub of ['set', 'show', 'off', 'now', 'preview']) {
      const res = await run(
        commandRequest(
          'g-cmd-perm',
          sub,
          { channel: 'c1', time: '09:00', timezone: 'UTC' },
          { member: { manageGuild: false, roleIds: [] } },
        ),
      );
      expect(res.calls).toEqual([
        { how: 'reply', reply: { content: 'You need the Manage Server permission to manage the daily quote.', ephemeral: true } },
      ]);
    }
  });

  it('answers bad times and zones at once with a specific ephemeral message', async () => {
    const { run } = setup();
    const ask = (options: Request['options']) =>
      run(commandRequest('g-cmd-bad', 'set', { channel: 'c-g-cmd-bad', time: '09:00', timezone: 'UTC', ...options }));
    expect((await ask({ time: '25:00' })).calls).toEqual([
      { how: 'reply', reply: { content: '"25:00" is not a time; use HH:MM, e.g. 09:30', ephemeral: true } },
    ]);
    expect((await ask({ timezone: 'Mars/Olympus' })).calls).toEqual([
      {
        how: 'reply',
        reply: { content: '"Mars/Olympus" is not a time zone I know; pick one from the list, e.g. Europe/London', ephemeral: true },
      },
    ]);
    const topic = await ask({ topic: 'no-such-topic' });
    expect(topic.calls.map((c) => c.how)).toEqual(['defer', 'followUp']);
    expect(topic.calls[1]!.reply).toEqual({ content: 'There is no topic "no-such-topic" here; pick one from the list.', ephemeral: true });
  });

  it('sets, shows, previews, posts now, pauses on 403 and turns off', async () => {
    const { run, ctx, messenger } = setup();
    const g = 'g-cmd-flow';
    const set = await run(commandRequest(g, 'set', { channel: 'c-flow', time: '09:30', timezone: 'Europe/London', topic: 'the-state' }));
    expect(set.calls[0]).toEqual({ how: 'defer', ephemeral: true });
    const nextTs = Date.parse('2030-02-01T09:30:00Z') / 1000;
    expect(set.calls[1]).toEqual({
      how: 'edit',
      reply: {
        content: `Daily quote set: every day at **09:30** (Europe/London) in <#c-flow>, topic \`the-state\`.\nNext post: <t:${nextTs}:F> (<t:${nextTs}:R>)`,
        ephemeral: true,
      },
    });

    let show = await run(commandRequest(g, 'show'));
    expect(show.calls[0]!.reply!.ephemeral).toBe(true);
    expect(show.lastText).toContain(`**Next post:** <t:${nextTs}:F>`);
    expect(show.lastText).toContain('**Last post:** none yet.');
    expect(show.lastText).toContain('**Pool:** 3 of 3 quotes left before any repeats.');

    const preview = await run(commandRequest(g, 'preview'));
    expect(preview.calls[0]!.reply!.ephemeral).toBe(true);
    expect(preview.calls[0]!.reply!.embeds![0]!.title).toBe('Next daily quote (preview)');
    expect(messenger.sent).toHaveLength(0);

    const now = await run(commandRequest(g, 'now'));
    expect(now.calls.map((c) => c.how)).toEqual(['defer', 'edit']);
    expect(now.lastText).toMatch(/^Posted today's quote in <#c-flow>\. The next one comes <t:\d+:F>/);
    expect(messenger.to('c-flow')).toHaveLength(1);
    expect(messenger.to('c-flow')[0]!.message.embeds![0]!.description).toBe(preview.calls[0]!.reply!.embeds![0]!.description);
    const again = await run(commandRequest(g, 'now'));
    expect(again.lastText).toMatch(/^Today's quote \(2030-02-01\) is already posted in <#c-flow>\./);

    show = await run(commandRequest(g, 'show'));
    expect(show.lastText).toContain('**Last post:** 2030-02-01, a quote by ');
    expect(show.lastText).toContain('https://discord.com/channels/g-cmd-flow/c-flow/1');
    expect(show.lastText).toContain('**Pool:** 2 of 3 quotes left before any repeats.');

    messenger.failing.set('c-flow', 403);
    ctx.clock.set(new Date('2030-02-02T09:30:00Z'));
    await new Scheduler(ctx, { [DAILY_JOB]: dailyQuoteJob }).tick();
    show = await run(commandRequest(g, 'show'));
    expect(show.lastText).toContain('**Paused:** I lost access to <#c-flow> (Discord: Missing Access).');
    expect(show.lastText).not.toContain('**Next post:**');

    const off = await run(commandRequest(g, 'off'));
    expect(off.lastText).toBe('The daily quote is off. /daily set starts it again.');
    expect((await run(commandRequest(g, 'show'))).lastText).toBe('No daily quote is set up here; use /daily set to start one.');
  });

  it('refuses a channel the bot cannot post in, saving nothing', async () => {
    const { run, messenger } = setup();
    messenger.unusable.set('c-locked', 'I need Send Messages in <#c-locked>.');
    const res = await run(commandRequest('g-cmd-locked', 'set', { channel: 'c-locked', time: '09:00', timezone: 'UTC' }));
    expect(res.lastText).toBe("I can't post the daily quote in <#c-locked>: I need Send Messages in <#c-locked>. Nothing was saved.");
    expect((await run(commandRequest('g-cmd-locked', 'show'))).lastText).toBe(
      'No daily quote is set up here; use /daily set to start one.',
    );
  });

  it('autocompletes time zones, topics and packs', async () => {
    const { run } = setup();
    const complete = async (name: string, value: string) =>
      (await run({ ...commandRequest('g-cmd-ac', 'set'), kind: 'autocomplete', focused: { name, value } })).calls[0]!.choices!;
    expect((await complete('timezone', 'london'))[0]).toEqual({ name: 'Europe/London', value: 'Europe/London' });
    expect(await complete('topic', 'prop')).toContainEqual({ name: 'Property (property)', value: 'property' });
    expect(await complete('pack', 'daily')).toEqual([{ name: 'Daily fixture quotes (5 quotes)', value: 'daily-fixture' }]);
  });
});
