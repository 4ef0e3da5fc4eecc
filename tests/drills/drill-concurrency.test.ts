import { beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db.ts';
import { drillContext, importFirstPack, snowflake } from '../helpers/drill-context.ts';
import { submitAnswer } from '../../src/drills/answers.ts';
import { closeDrill } from '../../src/drills/lifecycle.ts';
import { getDrillAnswers } from '../../src/drills/results.ts';
import { startDrill } from '../../src/drills/runner.ts';
import { UserError } from '../../src/errors.ts';

const T0 = new Date('2026-03-02T10:00:00Z');

describeEachBackend('drill submissions under load', (get) => {
  beforeAll(async () => {
    await importFirstPack(get());
  });

  it('stores 200 simultaneous submissions, one per member, none lost', async () => {
    const { ctx } = drillContext(get(), T0);
    const guildId = snowflake();
    const drill = await startDrill(ctx, { guildId, channelId: snowflake(), startedBy: '1' });
    const members = Array.from({ length: 200 }, (_, i) => `m${String(i).padStart(3, '0')}`);
    const results = await Promise.all(
      members.map((userId, i) =>
        submitAnswer(get().db, {
          guildId,
          drillId: drill.id,
          userId,
          displayName: userId,
          text: `Answer number ${i} from ${userId}, long enough.`,
          now: T0,
        }),
      ),
    );
    expect(results.every((r) => r.created)).toBe(true);
    const stored = await getDrillAnswers(get().db, drill.id);
    expect(stored).toHaveLength(200);
    expect(new Set(stored.map((a) => a.userId))).toEqual(new Set(members));
    for (const a of stored) expect(a.text).toBe(`Answer number ${members.indexOf(a.userId)} from ${a.userId}, long enough.`);
  });

  it('collapses one member submitting many times at once into one answer', async () => {
    const { ctx } = drillContext(get(), T0);
    const guildId = snowflake();
    const drill = await startDrill(ctx, { guildId, channelId: snowflake(), startedBy: '1' });
    const texts = Array.from({ length: 20 }, (_, i) => `Version ${i} of the same member's answer.`);
    const results = await Promise.all(
      texts.map((text) => submitAnswer(get().db, { guildId, drillId: drill.id, userId: 'same', displayName: 'Same', text, now: T0 })),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(Math.max(...results.map((r) => r.edits))).toBe(19);
    const stored = await getDrillAnswers(get().db, drill.id);
    expect(stored).toHaveLength(1);
    expect(texts).toContain(stored[0]!.text);
  });

  it('scores every submission accepted before a racing close, and refuses the rest', async () => {
    const { ctx } = drillContext(get(), T0);
    const guildId = snowflake();
    const drill = await startDrill(ctx, { guildId, channelId: snowflake(), startedBy: '1' });
    const submissions = Array.from({ length: 60 }, (_, i) =>
      submitAnswer(get().db, {
        guildId,
        drillId: drill.id,
        userId: `r${i}`,
        displayName: `r${i}`,
        text: `Racing answer ${i}, long enough to count.`,
        now: T0,
      }).then(
        () => 'accepted' as const,
        (err: unknown) => {
          if (err instanceof UserError) return 'refused' as const;
          throw err;
        },
      ),
    );
    const close = closeDrill(get().db, { drillId: drill.id, now: T0, cancelTimer: true });
    const outcomes = await Promise.all(submissions);
    expect(await close).not.toBeNull();
    const stored = await getDrillAnswers(get().db, drill.id);
    expect(stored).toHaveLength(outcomes.filter((o) => o === 'accepted').length);
    for (const a of stored) expect(a.coverage).not.toBeNull();
  });
});
