import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { ManualClock } from '../../src/clock.ts';
import type { AppContext } from '../../src/context.ts';
import { UserError } from '../../src/errors.ts';
import { createRouter, GENERIC_ERROR, type RouterOptions } from '../../src/interactions/router.ts';
import { plainWording } from '../../src/render/errors.ts';
import type { Command, Request } from '../../src/interactions/types.ts';
import { createLogger } from '../../src/log.ts';
import { RecordingResponder as Recorder } from '../helpers/schedule-context.ts';

function harness(commands: Command[], autoDeferMs = 0, wording?: RouterOptions['wording']) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  const ctx = { log: createLogger('debug', { destination: sink }), clock: new ManualClock(new Date()) } as unknown as AppContext;
  return { router: createRouter(commands, ctx, { autoDeferMs, ...(wording ? { wording } : {}) }), lines };
}

const cmd = (name: string, parts: Partial<Command>): Command => ({
  data: { name, toJSON: () => ({ name, description: name }) },
  execute: async () => {},
  ...parts,
});

const req = (over: Partial<Request> = {}): Request => ({
  kind: 'command',
  commandName: 'x',
  options: {},
  guildId: '1',
  channelId: '2',
  user: { id: '3', displayName: 'u' },
  member: { manageGuild: false, roleIds: [] },
  ...over,
});

describe('the interaction router', () => {
  it('words a UserError for Discord (mentions, timestamps) and shows it ephemerally, logging its code', async () => {
    const { router, lines } = harness([
      cmd('x', {
        execute: async () => {
          throw new UserError('score.none', { userId: '100000000000000004' });
        },
      }),
    ]);
    const res = new Recorder();
    await router.dispatch(req(), res);
    expect(res.calls).toEqual([
      { how: 'reply', reply: { content: '<@100000000000000004> has no scores on this server yet.', ephemeral: true } },
    ]);
    expect(lines.find((l) => l.msg === 'user error')).toMatchObject({ code: 'score.none' });
  });

  it("words a UserError with the edge's own wording when given one", async () => {
    const { router } = harness(
      [
        cmd('x', {
          execute: async () => {
            throw new UserError('claim.pick');
          },
        }),
      ],
      0,
      { wording: plainWording, rewordings: { 'claim.pick': () => 'Give a claim number.' } },
    );
    const res = new Recorder();
    await router.dispatch(req(), res);
    expect(res.calls).toEqual([{ how: 'reply', reply: { content: 'Give a claim number.', ephemeral: true } }]);
  });

  it('hides an unexpected error behind an error id that is logged with the interaction', async () => {
    const { router, lines } = harness([
      cmd('x', {
        execute: async () => {
          throw new Error('secret internals');
        },
      }),
    ]);
    const res = new Recorder();
    await router.dispatch(req({ guildId: '10', user: { id: '11', displayName: 'u' } }), res);
    const content = res.calls[0]!.reply!.content!;
    expect(content.startsWith(GENERIC_ERROR)).toBe(true);
    expect(content).not.toContain('secret');
    expect(res.calls[0]!.reply!.ephemeral).toBe(true);
    const errorId = /`([0-9a-f]{8})`/.exec(content)![1];
    const logged = lines.find((l) => l.msg === 'interaction failed')!;
    expect(logged).toMatchObject({ errorId, command: 'x', guildId: '10', userId: '11' });
    expect((logged.err as { message: string }).message).toBe('secret internals');
  });

  it('follows up when the handler had already answered', async () => {
    const { router } = harness([
      cmd('x', {
        execute: async (_r, res) => {
          await res.defer();
          throw new UserError('drill.closed');
        },
      }),
    ]);
    const res = new Recorder();
    await router.dispatch(req(), res);
    expect(res.calls.map((c) => c.how)).toEqual(['defer', 'followUp']);
    expect(res.calls[1]!.reply).toEqual({ content: 'This drill is closed; answers are no longer accepted.', ephemeral: true });
  });

  it('answers a failing autocomplete with no choices, and keeps going', async () => {
    const { router } = harness([
      cmd('x', {
        autocomplete: async () => {
          throw new Error('db down');
        },
      }),
    ]);
    const res = new Recorder();
    await router.dispatch(req({ kind: 'autocomplete', focused: { name: 'q', value: 'a' } }), res);
    expect(res.calls).toEqual([{ how: 'autocomplete', choices: [] }]);
  });

  it('routes buttons by the custom id prefix and refuses unknown ones clearly', async () => {
    const seen: string[] = [];
    const { router } = harness([
      cmd('claim', {
        button: async (r, res) => {
          seen.push(r.customId!);
          await res.update({ content: 'ok' });
        },
      }),
    ]);
    const ok = new Recorder();
    await router.dispatch(req({ kind: 'button', commandName: 'claim', customId: 'claim:page:c:1' }), ok);
    expect(seen).toEqual(['claim:page:c:1']);
    const unknown = new Recorder();
    await router.dispatch(req({ kind: 'button', commandName: 'gone', customId: 'gone:thing' }), unknown);
    expect(unknown.calls[0]!.reply).toEqual({ content: 'This button or form is no longer in use.', ephemeral: true });
  });

  it('acknowledges on behalf of a slow handler, which then answers by editing', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { router } = harness(
      [
        cmd('x', {
          execute: async (_r, res) => {
            await gate;
            await res.reply({ content: 'done' });
          },
        }),
      ],
      5,
    );
    const res = new Recorder();
    const origDefer = res.defer.bind(res);
    res.defer = async (opts) => {
      await origDefer(opts);
      release();
    };
    await router.dispatch(req(), res);
    expect(res.calls.map((c) => c.how)).toEqual(['defer', 'reply']);
  });

  it('answers for a handler that forgot to, and drains in-flight work', async () => {
    const { router } = harness([cmd('x', {})]);
    const res = new Recorder();
    const p = router.dispatch(req(), res);
    await router.drain();
    await p;
    expect(res.calls).toEqual([{ how: 'reply', reply: { content: 'Done.', ephemeral: true } }]);
  });

  it('refuses two commands with one name', () => {
    expect(() => harness([cmd('x', {}), cmd('x', {})])).toThrow('Two commands are named /x');
  });
});
