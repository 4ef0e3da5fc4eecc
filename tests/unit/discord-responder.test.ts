import { describe, expect, it } from 'vitest';
import { MessageFlags } from 'discord.js';
import { DiscordResponder, type AnswerableInteraction } from '../../src/discord/responder.ts';

/** Stands in for a discord.js interaction: records which method was called with what. */
function fakeInteraction(kind: 'command' | 'button' | 'autocomplete') {
  const calls: [string, Record<string, unknown>?][] = [];
  const rec = (name: string) => async (arg?: Record<string, unknown>) => {
    await Promise.resolve();
    calls.push(arg === undefined ? [name] : [name, arg]);
  };
  const i = {
    isAutocomplete: () => kind === 'autocomplete',
    isMessageComponent: () => kind === 'button',
    isModalSubmit: () => false,
    reply: rec('reply'),
    deferReply: rec('deferReply'),
    editReply: rec('editReply'),
    deleteReply: rec('deleteReply'),
    followUp: rec('followUp'),
    deferUpdate: rec('deferUpdate'),
    update: rec('update'),
    showModal: rec('showModal'),
    respond: async (choices: unknown) => void calls.push(['respond', { choices }]),
  };
  return { i: i as unknown as AnswerableInteraction, calls };
}

describe('the Discord responder', () => {
  it('sends every message with mentions disabled', async () => {
    const { i, calls } = fakeInteraction('command');
    const res = new DiscordResponder(i);
    await res.reply({ content: '<@1> hi' });
    await res.followUp({ content: 'more', ephemeral: true });
    await res.edit({ content: 'edited' });
    for (const [, arg] of calls) expect(arg!.allowedMentions).toEqual({ parse: [] });
    expect(calls.map(([n]) => n)).toEqual(['reply', 'followUp', 'editReply']);
    expect(calls[1]![1]!.flags).toBe(MessageFlags.Ephemeral);
  });

  it('turns a reply after a defer into an edit, or into delete + ephemeral follow-up when privacy differs', async () => {
    const same = fakeInteraction('command');
    const a = new DiscordResponder(same.i);
    await a.defer();
    await a.reply({ content: 'public answer' });
    expect(same.calls.map(([n]) => n)).toEqual(['deferReply', 'editReply']);

    const differs = fakeInteraction('command');
    const b = new DiscordResponder(differs.i);
    await b.defer();
    await b.reply({ content: 'only you', ephemeral: true });
    expect(differs.calls.map(([n]) => n)).toEqual(['deferReply', 'deleteReply', 'followUp']);
    expect(differs.calls[2]![1]!.flags).toBe(MessageFlags.Ephemeral);
  });

  it('acknowledges once even when a late defer races the reply', async () => {
    const { i, calls } = fakeInteraction('command');
    const res = new DiscordResponder(i);
    const reply = res.reply({ content: 'x' });
    const defer = res.defer();
    await Promise.all([reply, defer]);
    expect(calls.map(([n]) => n)).toEqual(['reply']);
    expect(res.answered).toBe(true);
  });

  it('updates a button message in place, also after a deferred update', async () => {
    const direct = fakeInteraction('button');
    await new DiscordResponder(direct.i).update({ content: 'page 2' });
    expect(direct.calls[0]![0]).toBe('update');
    expect(direct.calls[0]![1]).toMatchObject({ content: 'page 2', embeds: [], components: [] });

    const later = fakeInteraction('button');
    const res = new DiscordResponder(later.i);
    await res.defer({ update: true });
    await res.update({ content: 'page 3' });
    await res.reply({ content: 'note', ephemeral: true });
    expect(later.calls.map(([n]) => n)).toEqual(['deferUpdate', 'editReply', 'followUp']);
  });

  it('clamps autocomplete choices to Discord limits', async () => {
    const { i, calls } = fakeInteraction('autocomplete');
    await new DiscordResponder(i).autocomplete(Array.from({ length: 30 }, (_, n) => ({ name: 'n'.repeat(120), value: n })));
    const choices = calls[0]![1]!.choices as { name: string }[];
    expect(choices).toHaveLength(25);
    expect(choices.every((c) => c.name.length <= 100)).toBe(true);
  });
});
