import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { drillAnswers } from '../../src/db/schema/index.ts';
import { DrillBackground } from '../../src/drills/background.ts';
import { startDrill, submit } from '../../src/drills/runner.ts';
import { describeEachBackend } from '../helpers/db.ts';
import { drillContext, importFirstPack, snowflake } from '../helpers/drill-context.ts';

const T0 = new Date('2026-03-02T10:00:00Z');

describeEachBackend('drill background work', (get) => {
  beforeAll(async () => {
    await importFirstPack(get());
  });

  it('matches answers ahead of the close, edits the prompt count once per burst, and stops with the app', async () => {
    const { ctx, messenger } = drillContext(get(), T0);
    // A count delay no test run reaches: the submissions below leave one pending edit, which stop() must cancel.
    ctx.drills = new DrillBackground(ctx, 3_600_000);
    const guildId = snowflake();
    const drill = await startDrill(ctx, { guildId, channelId: snowflake(), startedBy: '1' });
    for (const n of [1, 2, 3]) {
      const text = 'The state withers away only after classes are abolished.';
      await submit(ctx, { guildId, drillId: drill.id, userId: `u${n}`, displayName: `U${n}`, text });
    }
    const matched = async () =>
      (await get().db.select().from(drillAnswers).where(eq(drillAnswers.drillId, drill.id))).filter((a) => a.match !== null).length;
    await expect.poll(matched, { timeout: 30_000 }).toBe(3);
    await ctx.drills.stop();
    expect(messenger.edits).toHaveLength(0);

    // A burst of count changes becomes one edit, with the count read when it fires.
    const background = new DrillBackground(ctx, 20);
    for (let i = 0; i < 3; i++) background.countChanged(guildId, drill.id);
    await expect.poll(() => messenger.edits.length).toBe(1);
    const fields = messenger.edits[0]!.message.embeds?.[0]?.fields ?? [];
    expect(fields.find((f) => f.name === 'Answers')?.value).toBe('3');

    // After stop(), work asked for is refused and no timer is left to fire.
    background.countChanged(guildId, drill.id);
    await background.stop();
    background.countChanged(guildId, drill.id);
    background.matchAnswers(drill.id);
    await new Promise((r) => setTimeout(r, 100));
    expect(messenger.edits).toHaveLength(1);
  });
});
