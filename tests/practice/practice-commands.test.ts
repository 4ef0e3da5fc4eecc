import { beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/db.ts';
import { drillContext, importFirstPack, snowflake } from '../helpers/drill-context.ts';
import { RecordingResponder } from '../helpers/schedule-context.ts';
import { practice } from '../../commands/practice.ts';
import type { Request } from '../../src/interactions/types.ts';
import { UserError } from '../../src/errors.ts';
import { sql } from 'drizzle-orm';

const T0 = new Date('2026-03-02T10:00:00Z');

function request(guildId: string, over: Partial<Request>): Request {
  return {
    kind: 'command',
    commandName: 'practice',
    options: {},
    guildId,
    channelId: '700000000000000001',
    user: { id: '700000000000000002', displayName: 'Solo' },
    member: { manageGuild: false, roleIds: [] },
    ...over,
  };
}

describeEachBackend('practice commands', (get) => {
  beforeAll(async () => {
    await importFirstPack(get());
  });

  it('shows a claim only to the member, takes the answer in a modal, and reports the rating and next review', async () => {
    const { ctx } = drillContext(get(), T0);
    const g = snowflake();
    const next = new RecordingResponder();
    await practice.execute(request(g, { subcommand: 'next' }), next, ctx);
    const shown = next.calls[0]!.reply!;
    expect(shown.ephemeral).toBe(true);
    const customId = (shown.components![0]!.components[0] as { custom_id: string }).custom_id;
    expect(customId).toMatch(/^practice:answer:\d+$/);

    const modal = new RecordingResponder();
    await practice.button!(request(g, { kind: 'button', customId }), modal, ctx);
    expect(modal.calls[0]?.how).toBe('modal');

    const claimId = customId.split(':')[2];
    await expect(
      practice.modal!(
        request(g, { kind: 'modal', customId: `practice:submit:${claimId}`, fields: { answer: 'tiny' } }),
        new RecordingResponder(),
        ctx,
      ),
    ).rejects.toThrow('too short');
    const result = new RecordingResponder();
    await practice.modal!(
      request(g, {
        kind: 'modal',
        customId: `practice:submit:${claimId}`,
        fields: { answer: 'Nothing to do with the claim, just about the weather.' },
      }),
      result,
      ctx,
    );
    // Scoring can outlast Discord's 3 seconds, so the answer is deferred (privately) and then edited in.
    expect(result.calls.map((c) => c.how)).toEqual(['defer', 'edit']);
    expect(result.calls[0]!.ephemeral).toBe(true);
    const embed = result.calls[1]!.reply!.embeds![0]!;
    expect(embed.title).toMatch(/^You made 0 of \d key points$/);
    expect(embed.fields?.[0]).toMatchObject({ name: 'Rating', value: 'Again (suggested from coverage 0%)' });

    const stats = new RecordingResponder();
    await practice.execute(request(g, { subcommand: 'stats' }), stats, ctx);
    expect(stats.calls[0]!.reply!.embeds![0]!.fields?.[0]).toMatchObject({ name: 'Due now', value: '0' });
    await expect(
      practice.execute(request(g, { subcommand: 'next', options: { topic: 'no-such' } }), new RecordingResponder(), ctx),
    ).rejects.toThrow('no topic');
  });

  it('refuses a rating button that was tampered with, and changes nothing', async () => {
    const { ctx } = drillContext(get(), T0);
    const g = snowflake();
    const before = await get().rows<{ n: number }>(sql`select count(*)::int as n from practice_reviews where guild_id = ${g}`);
    for (const customId of ['practice:rate:1:9', 'practice:rate:1:x', 'practice:rate:abc:3', 'practice:rate:-4:3', 'practice:rate']) {
      await expect(practice.button!(request(g, { kind: 'button', customId }), new RecordingResponder(), ctx), customId).rejects.toThrow(
        UserError,
      );
    }
    const after = await get().rows<{ n: number }>(sql`select count(*)::int as n from practice_reviews where guild_id = ${g}`);
    expect(after).toEqual(before);
  });
});
