import { beforeAll, expect, it } from 'vitest';
import { DrillBackground } from '../../src/drills/background.ts';
import { eq } from 'drizzle-orm';
import { drillAnswers } from '../../src/db/schema/index.ts';
import { startDrill, submit } from '../../src/drills/runner.ts';
import { describeEachBackend } from '../helpers/db.ts';
import { drillContext, importFirstPack, snowflake } from '../helpers/drill-context.ts';

const T0 = new Date('2026-03-02T10:00:00Z');

describeEachBackend('drill background work', (get) => {
  beforeAll(async () => {
    await importFirstPack(get());
  });

  it('matches answers and edits the prompt count once per burst, then stops with the app: no timer left, nothing after', async () => {
    const { ctx, messenger } = drillContext(get(), T0);
    ctx.drills = new DrillBackground(ctx, 5);
    const guildId = snowflake();
    const drill = await startDrill(ctx, { guildId, channelId: snowflake(), startedBy: '1' });
    for (const n of [1, 2, 3]) {
      await submit(ctx, {
        guildId,
        drillId: drill.id,
        userId: `u${n}`,
        displayName: `U${n}`,
        text: 'The state withers away only after classes are abolished.',
      });
    }
    // One edit for the burst, with the count read when it fired; every answer matched ahead of the close.
    await expect.poll(() => messenger.edits.length).toBe(1);
    expect(JSON.stringify(messenger.edits[0]!.message)).toContain('3');
    const matched = async () =>
      (await get().db.select().from(drillAnswers).where(eq(drillAnswers.drillId, drill.id))).filter((a) => a.match !== null).length;
    await expect.poll(matched, { timeout: 30_000 }).toBe(3);

    await submit(ctx, {
      guildId,
      drillId: drill.id,
      userId: 'u4',
      displayName: 'U4',
      text: 'Another answer arrives just before shutdown.',
    });
    await ctx.drills.stop();
    const editsAtStop = messenger.edits.length;
    // Work asked for after the stop is refused, and the cancelled timer never fires.
    ctx.drills.countChanged(guildId, drill.id);
    ctx.drills.matchAnswers(drill.id);
    await new Promise((r) => setTimeout(r, 50));
    expect(messenger.edits.length).toBe(editsAtStop);
  });
});
