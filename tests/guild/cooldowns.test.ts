import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { Cooldowns } from '../../src/guild/cooldowns.ts';
import { UserError } from '../../src/errors.ts';

const rules = { 'drill.start': { burst: 2, everyMs: 10_000 }, 'practice.answer': { burst: 1, everyMs: 4_000 } };

function setup() {
  const clock = new ManualClock(new Date('2026-05-01T12:00:00Z'));
  return { clock, cooldowns: new Cooldowns(clock, rules) };
}

const ok = async () => 'done';

describe('cooldowns', () => {
  it('allows the burst, then refuses with the seconds until the next use, and refills with time', async () => {
    const { clock, cooldowns } = setup();
    await cooldowns.run('drill.start', 'g', 'u', ok);
    await cooldowns.run('drill.start', 'g', 'u', ok);
    const err = await cooldowns.run('drill.start', 'g', 'u', ok).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err).toMatchObject({ code: 'cooldown.wait', params: { seconds: 10, burst: 2, everySeconds: 10 } });
    expect((err as Error).message).toBe('Try again in 10 s: you can start a drill 2 times in a row, then once every 10 s.');
    clock.advance(7_500);
    await expect(cooldowns.run('drill.start', 'g', 'u', ok)).rejects.toMatchObject({ params: { seconds: 3 } });
    clock.advance(2_500);
    await expect(cooldowns.run('drill.start', 'g', 'u', ok)).resolves.toBe('done');
  });

  it('gives a use back when the action fails, and does not run a refused action', async () => {
    const { cooldowns } = setup();
    let runs = 0;
    const failing = async () => {
      runs++;
      throw new Error('no claim on that topic');
    };
    for (let i = 0; i < 5; i++) await expect(cooldowns.run('practice.answer', 'g', 'u', failing)).rejects.toThrow('no claim');
    await cooldowns.run('practice.answer', 'g', 'u', ok);
    await expect(cooldowns.run('practice.answer', 'g', 'u', failing)).rejects.toMatchObject({ code: 'cooldown.wait' });
    expect(runs).toBe(5);
  });

  it('keeps servers, members and actions apart', async () => {
    const { cooldowns } = setup();
    await cooldowns.run('practice.answer', 'g1', 'u', ok);
    await cooldowns.run('practice.answer', 'g2', 'u', ok);
    await cooldowns.run('practice.answer', 'g1', 'v', ok);
    await cooldowns.run('drill.start', 'g1', 'u', ok);
    await expect(cooldowns.run('practice.answer', 'g1', 'u', ok)).rejects.toMatchObject({ code: 'cooldown.wait' });
  });

  it('counts uses in flight, so concurrent clicks are limited too', async () => {
    const { cooldowns } = setup();
    let release!: () => void;
    const slow = () => new Promise<string>((r) => (release = () => r('slow')));
    const first = cooldowns.run('practice.answer', 'g', 'u', slow);
    await expect(cooldowns.run('practice.answer', 'g', 'u', ok)).rejects.toMatchObject({ code: 'cooldown.wait' });
    release();
    await expect(first).resolves.toBe('slow');
  });

  it('forgets members whose bucket refilled, so the map does not grow with every member ever seen', async () => {
    const { clock, cooldowns } = setup();
    for (let i = 0; i < 50; i++) await cooldowns.run('practice.answer', 'g', `u${i}`, ok);
    expect(cooldowns.size).toBe(50);
    clock.advance(61_000);
    await cooldowns.run('practice.answer', 'g', 'fresh', ok);
    expect(cooldowns.size).toBe(1);
  });
});
