import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { UserError } from '../../src/errors.ts';
import type { Reply, Request, Responder } from '../../src/interactions/types.ts';
import { acceptPageClick, decodePageId, encodePageId, fitsPageId, pageButtons } from '../../src/render/pagination.ts';

const snowflake = fc.bigInt({ min: 10n ** 16n, max: 2n ** 64n - 1n }).map(String);

function recorder() {
  const calls: { how: string; reply: Reply }[] = [];
  const res = {
    answered: false,
    reply: async (reply: Reply) => void calls.push({ how: 'reply', reply }),
    update: async (reply: Reply) => void calls.push({ how: 'update', reply }),
    followUp: async (reply: Reply) => void calls.push({ how: 'followUp', reply }),
  } as unknown as Responder;
  return { res, calls };
}

const click = (customId: string, userId: string): Request => ({
  kind: 'button',
  commandName: 'claim',
  customId,
  options: {},
  guildId: '1',
  channelId: '2',
  user: { id: userId, displayName: 'u' },
  member: { manageGuild: false, roleIds: [] },
  message: { content: '', embeds: [{ title: 'kept' }] },
});

describe('stateless page buttons', () => {
  it('round-trip through the custom id within 100 characters', () => {
    fc.assert(
      fc.property(snowflake, fc.integer({ min: -1, max: 999 }), fc.stringMatching(/^[A-Za-z0-9.: -]{0,40}$/), (owner, page, arg) => {
        const expires = 1_800_000_000_000;
        const id = encodePageId({ command: 'source', view: 'r', page, owner, expires, arg });
        expect(id.length).toBeLessThanOrEqual(100);
        expect(decodePageId(id)).toEqual({ command: 'source', view: 'r', page, owner, expires, arg });
      }),
    );
    expect(decodePageId('claim:open')).toBeNull();
    expect(fitsPageId('source', 'r', 'x'.repeat(70))).toBe(false);
  });

  it('offer no buttons for one page, and disable the ends', () => {
    const s = { command: 'claim', view: 'c', owner: '123456789012345678', expires: 0, arg: '7' };
    expect(pageButtons(s, 0, 1)).toEqual([]);
    const [row] = pageButtons(s, 0, 3);
    expect(row!.components.map((c) => (c as { disabled?: boolean }).disabled)).toEqual([true, false]);
  });

  it('let only the owner turn pages, and take expired buttons away', async () => {
    const now = new Date('2030-01-01T00:00:00Z');
    const id = encodePageId({ command: 'claim', view: 'c', page: 1, owner: '123456789012345678', expires: now.getTime() + 1000, arg: '7' });
    const owner = recorder();
    expect(await acceptPageClick(click(id, '123456789012345678'), owner.res, now)).toMatchObject({ page: 1, arg: '7' });
    expect(owner.calls).toEqual([]);

    const other = recorder();
    expect(await acceptPageClick(click(id, '223456789012345678'), other.res, now)).toBeNull();
    expect(other.calls[0]!.reply).toMatchObject({ ephemeral: true, content: expect.stringContaining('Only <@123456789012345678>') });

    const late = recorder();
    expect(await acceptPageClick(click(id, '123456789012345678'), late.res, new Date(now.getTime() + 2000))).toBeNull();
    expect(late.calls.map((c) => c.how)).toEqual(['update', 'followUp']);
    expect(late.calls[0]!.reply).toEqual({ content: '', embeds: [{ title: 'kept' }], components: [] });
    expect(late.calls[1]!.reply.content).toMatch(/expired/);

    await expect(acceptPageClick(click('claim:page:zz', '1'), owner.res, now)).rejects.toThrow(UserError);
  });
});
