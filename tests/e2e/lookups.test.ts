import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { searchClaims } from '../../src/content/claims.ts';
import { importPackFile } from '../../src/content/import.ts';
import { encodePageId } from '../../src/render/pagination.ts';
import { backends } from '../helpers/db.ts';
import type { Answer, FakeUser } from './fake-discord/index.ts';
import { startE2E, type E2E } from './harness.ts';

const GUILD_A = '500000000000000001';
const GUILD_B = '500000000000000002';
const CHAN_A = '500000000000000011';
const CHAN_B = '500000000000000021';
const alice: FakeUser = { id: '600000000000000001', username: 'alice' };
const bob: FakeUser = { id: '600000000000000002', username: 'bob' };

const shippedPack = fileURLToPath(new URL('../../packs/marxism-or-anarchism.yaml', import.meta.url));
const longPack = fileURLToPath(new URL('../fixtures/e2e-long-pack.json', import.meta.url));

type Row = { components: { type: number; custom_id?: string; disabled?: boolean; options?: { value: string; label: string }[] }[] };
const rows = (a: Answer) => a.components as Row[];
const button = (a: Answer, label: RegExp) =>
  rows(a)
    .flatMap((r) => r.components)
    .find((c) => c.type === 2 && label.test((c as { label?: string }).label ?? ''));
const select = (a: Answer) =>
  rows(a)
    .flatMap((r) => r.components)
    .find((c) => c.type === 3);

for (const backend of backends) {
  describe(`lookup commands through a fake Discord [${backend}]`, () => {
    let e2e: E2E;
    let longClaimId = 0;
    const inA = (user: FakeUser = alice) => ({ guildId: GUILD_A, channelId: CHAN_A, user });
    const inB = (user: FakeUser = alice) => ({ guildId: GUILD_B, channelId: CHAN_B, user });

    beforeAll(async () => {
      e2e = await startE2E({
        backend,
        guilds: [
          { id: GUILD_A, name: 'Alpha', channels: [{ id: CHAN_A, name: 'general' }] },
          { id: GUILD_B, name: 'Beta', channels: [{ id: CHAN_B, name: 'general' }] },
        ],
        seed: async (db) => {
          await importPackFile(db, shippedPack);
          // Server A's own pack: texts at the format's limits, invisible to server B.
          await importPackFile(db, longPack, { guildId: GUILD_A });
          longClaimId = (await searchClaims(db, GUILD_A, 'zyxglobber')).hits[0]!.id;
        },
      });
    });

    afterAll(async () => {
      await e2e?.stop();
    });

    it('connects with only the Guilds intent and registers the commands once', () => {
      expect(e2e.fake.identifies.map((i) => i.intents)).toEqual([1]);
      expect(e2e.fake.registrations).toHaveLength(1);
      const [reg] = e2e.fake.registrations;
      expect(reg!.scope).toBe('global');
      const names = reg!.commands.map((c) => c.name);
      expect(names).toEqual(expect.arrayContaining(['about', 'claim', 'quote', 'source', 'topics']));
      for (const c of reg!.commands) expect(c.contexts).toEqual([0]);
    });

    it("/about shows this server's packs with their sources, and no other server's", async () => {
      const a = await e2e.fake.command({ ...inA(), name: 'about' });
      expect(a.kind).toBe('reply');
      expect(a.ephemeral).toBe(false);
      const fieldsA = a.embeds[0]!.fields.map((f: { name: string; value: string }) => `${f.name}\n${f.value}`).join('\n');
      expect(fieldsA).toContain('Marxism or Anarchism?');
      expect(fieldsA).toContain('Iain McKay');
      expect(fieldsA).toContain('E2E long pack');
      const b = await e2e.fake.command({ ...inB(), name: 'about' });
      const fieldsB = b.embeds[0]!.fields.map((f: { name: string }) => f.name).join('\n');
      expect(fieldsB).toContain('Marxism or Anarchism?');
      expect(fieldsB).not.toContain('E2E long pack');
    });

    it('/claim search answers with ranked results, a menu to open them, and page buttons', async () => {
      const a = await e2e.fake.command({ ...inA(), name: 'claim', subcommand: 'search', options: { query: 'state' } });
      expect(a.kind).toBe('reply');
      expect(a.embeds[0]!.title).toBe('Claims matching “state”');
      expect(a.embeds[0]!.description).toContain('**state**');
      expect(a.embeds[0]!.footer.text).toMatch(/page 1 of [2-9]/);
      expect(select(a)?.options?.length).toBe(5);
      expect(button(a, /Previous/)?.disabled).toBe(true);
      expect(button(a, /Next/)?.disabled).toBe(false);
    });

    it('the person who asked turns pages; anyone else gets an ephemeral refusal', async () => {
      const first = await e2e.fake.command({ ...inA(), name: 'claim', subcommand: 'search', options: { query: 'state' } });
      const second = await e2e.fake.click({
        message: first.message!,
        customId: button(first, /Next/)!.custom_id!,
        user: alice,
        guildId: GUILD_A,
      });
      expect(second.kind).toBe('update');
      expect(second.message!.id).toBe(first.message!.id);
      expect(second.embeds[0]!.footer.text).toMatch(/page 2 of/);
      expect(second.embeds[0]!.description).not.toBe(first.embeds[0]!.description);
      const back = await e2e.fake.click({
        message: second.message!,
        customId: button(second, /Previous/)!.custom_id!,
        user: alice,
        guildId: GUILD_A,
      });
      expect(back.embeds[0]!.description).toBe(first.embeds[0]!.description);

      const refused = await e2e.fake.click({
        message: back.message!,
        customId: button(back, /Next/)!.custom_id!,
        user: bob,
        guildId: GUILD_A,
      });
      expect(refused.kind).toBe('reply');
      expect(refused.ephemeral).toBe(true);
      expect(refused.content).toContain(`Only <@${alice.id}> can turn these pages`);
      expect(e2e.fake.messages.get(first.message!.id)!.embeds[0]!.footer.text).toMatch(/page 1 of/);
    });

    it('expired page buttons are taken off the message with a clear ephemeral note', async () => {
      const a = await e2e.fake.command({ ...inA(), name: 'claim', subcommand: 'show', options: { id: longClaimId } });
      // The message has sat there past its buttons' lifetime: what Discord would send back after 20 minutes.
      const stale = encodePageId({
        command: 'claim',
        view: 'c',
        page: 1,
        owner: alice.id,
        expires: Date.now() - 5 * 60_000,
        arg: String(longClaimId),
      });
      const row = a.message!.components[0] as { components: { custom_id: string }[] };
      row.components[1]!.custom_id = stale;
      const clicked = await e2e.fake.click({ message: a.message!, customId: stale, user: alice, guildId: GUILD_A });
      expect(clicked.kind).toBe('update');
      expect(clicked.components).toEqual([]);
      expect(clicked.embeds[0]!.title).toBe(a.embeds[0]!.title);
      const note = await e2e.fake.next(clicked.interaction, 1);
      expect(note.kind).toBe('followup');
      expect(note.body.flags & 64).toBe(64);
      expect(note.body.content).toMatch(/expired/);
    });

    it('picking a result from the menu opens the claim with its rebuttals', async () => {
      const a = await e2e.fake.command({
        ...inA(),
        name: 'claim',
        subcommand: 'search',
        options: { query: 'what to put in place of the state' },
      });
      const menu = select(a)!;
      const pick = menu.options!.find((o) => /absolutely no idea/.test(o.label))!;
      const opened = await e2e.fake.click({
        message: a.message!,
        customId: menu.custom_id!,
        values: [pick.value],
        user: bob,
        guildId: GUILD_A,
      });
      expect(opened.kind).toBe('reply');
      expect(opened.embeds[0]!.title).toBe(`Claim #${pick.value} · Vladimir Lenin`);
      const text = opened.embeds[0]!.description as string;
      expect(text).toContain('absolutely no idea');
      expect(text).toContain('**Rebuttal 1**');
      expect(text).toContain('**Key points**');
      expect(text).toContain('`H.1.4`');
    });

    it("an unknown id, and another server's claim, get a clear ephemeral message", async () => {
      const unknown = await e2e.fake.command({ ...inA(), name: 'claim', subcommand: 'show', options: { id: 987654 } });
      expect(unknown.ephemeral).toBe(true);
      expect(unknown.content).toBe("There is no claim #987654 in this server's packs (it may have been removed). Try /claim search.");
      const foreign = await e2e.fake.command({ ...inB(), name: 'claim', subcommand: 'show', options: { id: longClaimId } });
      expect(foreign.ephemeral).toBe(true);
      expect(foreign.content).toContain(`There is no claim #${longClaimId}`);
      const own = await e2e.fake.command({ ...inA(), name: 'claim', subcommand: 'show', options: { id: longClaimId } });
      expect(own.ephemeral).toBe(false);
    });

    it('an overlong query gets a clear ephemeral message', async () => {
      const a = await e2e.fake.command({ ...inA(), name: 'claim', subcommand: 'search', options: { query: 'a'.repeat(250) } });
      expect(a.ephemeral).toBe(true);
      expect(a.content).toBe('That query is 250 characters long; keep it under 200.');
      const q = await e2e.fake.command({ ...inA(), name: 'quote', subcommand: 'search', options: { query: 'x'.repeat(201) } });
      expect(q.ephemeral).toBe(true);
      expect(q.content).toContain('keep it under 200');
    });

    it("autocomplete offers at most 25 short choices, from this server's packs only", async () => {
      const typed = await e2e.fake.autocomplete({
        ...inA(),
        name: 'claim',
        subcommand: 'search',
        options: { query: 'stat' },
        focused: 'query',
      });
      expect(typed[0]).toEqual({ name: 'Search for “stat”', value: 'stat' });
      expect(typed.length).toBeGreaterThan(1);
      const all = await e2e.fake.autocomplete({ ...inA(), name: 'claim', subcommand: 'show', options: { id: '' }, focused: 'id' });
      expect(all).toHaveLength(25);
      for (const c of all) {
        expect(c.name.length).toBeLessThanOrEqual(100);
        expect(typeof c.value).toBe('number');
      }
      const mine = await e2e.fake.autocomplete({
        ...inA(),
        name: 'claim',
        subcommand: 'show',
        options: { id: 'zyxglobber' },
        focused: 'id',
      });
      expect(mine.map((c) => c.value)).toContain(longClaimId);
      const theirs = await e2e.fake.autocomplete({
        ...inB(),
        name: 'claim',
        subcommand: 'show',
        options: { id: 'zyxglobber' },
        focused: 'id',
      });
      expect(theirs.map((c) => c.value)).not.toContain(longClaimId);
      const refs = await e2e.fake.autocomplete({ ...inA(), name: 'source', options: { ref: 'H.1' }, focused: 'ref' });
      expect(refs.length).toBeGreaterThan(0);
      for (const r of refs) expect(r.value).toMatch(/^H\.1/);
      const speakers = await e2e.fake.autocomplete({
        ...inA(),
        name: 'quote',
        subcommand: 'random',
        options: { speaker: 'bakun' },
        focused: 'speaker',
      });
      expect(speakers.map((c) => c.value)).toContain('Mikhail Bakunin');
      const quotes = await e2e.fake.autocomplete({
        ...inB(),
        name: 'quote',
        subcommand: 'search',
        options: { query: 'zyxglobber' },
        focused: 'query',
      });
      expect(quotes.map((c) => c.name).join('\n')).not.toContain('Zyxglobber says');
      // A misspelt name, corrected once for both lists: the speaker and his quotes.
      const misspelt = (
        await e2e.fake.autocomplete({ ...inA(), name: 'quote', subcommand: 'search', options: { query: 'kropotkn' }, focused: 'query' })
      ).map((c) => c.name);
      expect(misspelt).toContain('Quotes by Peter Kropotkin');
      expect(misspelt.some((n) => n.endsWith('— Peter Kropotkin'))).toBe(true);
      const topics = await e2e.fake.autocomplete({
        ...inA(),
        name: 'claim',
        subcommand: 'random',
        options: { topic: 'state' },
        focused: 'topic',
      });
      expect(topics.map((c) => c.value)).toContain('the-state');
    });

    it('a claim longer than any Discord limit is split into pages that all fit', async () => {
      const first = await e2e.fake.command({ ...inA(), name: 'claim', subcommand: 'show', options: { id: longClaimId } });
      const total = Number(/page 1 of (\d+)/.exec(first.embeds[0]!.footer.text)![1]);
      expect(total).toBeGreaterThan(10);
      let page = first;
      const seen = [first.embeds[0]!.description as string];
      for (let i = 1; i < total; i++) {
        page = await e2e.fake.click({ message: page.message!, customId: button(page, /Next/)!.custom_id!, user: alice, guildId: GUILD_A });
        expect(page.embeds[0]!.footer.text).toContain(`page ${i + 1} of ${total}`);
        seen.push(page.embeds[0]!.description as string);
      }
      expect(button(page, /Next/)!.disabled).toBe(true);
      for (const d of seen) expect(d.length).toBeLessThanOrEqual(4096);
      const all = seen.join('\n');
      for (const end of ['END-OF-REBUTTAL-0', 'END-OF-REBUTTAL-2', 'END-OF-COUNTER-0-0', 'END-OF-COUNTER-2-2']) expect(all).toContain(end);
      // The fake checks every payload against Discord's limits and answers a breach with 400.
      expect(e2e.fake.violations).toEqual([]);
    });

    it('/claim random gives a claim, optionally on a topic, and says when a topic has none', async () => {
      const any = await e2e.fake.command({ ...inA(), name: 'claim', subcommand: 'random' });
      expect(any.embeds[0]!.title).toMatch(/^Claim #\d+ · /);
      const onTopic = await e2e.fake.command({ ...inA(), name: 'claim', subcommand: 'random', options: { topic: 'kronstadt' } });
      expect(onTopic.embeds[0]!.description).toContain('Kronstadt');
      const none = await e2e.fake.command({ ...inA(), name: 'claim', subcommand: 'random', options: { topic: 'no-such-topic' } });
      expect(none.ephemeral).toBe(true);
      expect(none.content).toBe('No claims on the topic “no-such-topic”. See /topics for the topics there are.');
    });

    it('/quote random and /quote search show quotes with who said them', async () => {
      const q = await e2e.fake.command({ ...inA(), name: 'quote', subcommand: 'random', options: { speaker: 'Bakunin' } });
      expect(q.embeds[0]!.author.name).toBe('Mikhail Bakunin');
      expect(q.embeds[0]!.footer.text).toMatch(/^Quote #\d+ · Marxism or Anarchism\?/);
      const s = await e2e.fake.command({ ...inA(), name: 'quote', subcommand: 'search', options: { query: 'revolution' } });
      expect(s.embeds[0]!.title).toBe('Quotes matching “revolution”');
      const menu = select(s)!;
      const opened = await e2e.fake.click({
        message: s.message!,
        customId: menu.custom_id!,
        values: [menu.options![0]!.value],
        user: alice,
        guildId: GUILD_A,
      });
      expect(opened.embeds[0]!.footer.text).toContain(`Quote #${menu.options![0]!.value}`);
      const none = await e2e.fake.command({ ...inB(), name: 'quote', subcommand: 'random', options: { speaker: 'Zyx Globber' } });
      expect(none.ephemeral).toBe(true);
    });

    it('/source shows a reference and everything citing it', async () => {
      const a = await e2e.fake.command({ ...inA(), name: 'source', options: { ref: 'h.1.4' } });
      expect(a.embeds[0]!.title).toMatch(/^H\.1\.4 · Do anarchists have/);
      expect(a.embeds[0]!.description).toContain('**Claims citing it (1)**');
      expect(a.embeds[0]!.description).toContain('absolutely no idea');
      expect(a.embeds[0]!.description).toContain('**Rebuttals citing it (1)**');
      const missing = await e2e.fake.command({ ...inA(), name: 'source', options: { ref: 'Q.99' } });
      expect(missing.ephemeral).toBe(true);
      expect(missing.content).toContain('There is no reference “Q.99”');
      const foreign = await e2e.fake.command({ ...inB(), name: 'source', options: { ref: 'Z.1' } });
      expect(foreign.ephemeral).toBe(true);
    });

    it("/topics lists topics with counts, and picking one shows that topic's claims", async () => {
      const a = await e2e.fake.command({ ...inA(), name: 'topics' });
      expect(a.embeds[0]!.description).toMatch(/\*\*Kronstadt\*\* — 1 claim · 1 quote/);
      const menu = select(a)!;
      const kronstadt = menu.options!.find((o) => o.label === 'Kronstadt')!;
      const claims = await e2e.fake.click({
        message: a.message!,
        customId: menu.custom_id!,
        values: [kronstadt.value],
        user: bob,
        guildId: GUILD_A,
      });
      expect(claims.embeds[0]!.title).toBe('Claims on Kronstadt');
      expect(claims.embeds[0]!.footer.text).toMatch(/^1 claim/);
      expect(select(claims)!.custom_id).toBe('claim:open');
      const b = await e2e.fake.command({ ...inB(), name: 'topics' });
      expect(b.embeds[0]!.description).not.toContain('Zyxglobber');
    });

    it('nothing the bot sent broke a Discord limit or could mention anyone', () => {
      expect(e2e.fake.sent.length).toBeGreaterThan(30);
      expect(e2e.fake.violations).toEqual([]);
    });

    it('a restart on the same database does not register the commands again', async () => {
      const bot = await e2e.restart();
      expect(e2e.fake.registrations).toHaveLength(1);
      expect(bot.logs().some((l) => l.msg === 'slash commands unchanged; not registering')).toBe(true);
      expect(e2e.fake.identifies).toHaveLength(2);
      const a = await e2e.fake.command({ ...inA(), name: 'about' });
      expect(a.embeds[0]!.title).toBe('About Riposte');
    });

    it('stops cleanly on SIGTERM and never logs the token', async () => {
      const code = await e2e.bot.stop();
      expect(code).toBe(0);
      expect(e2e.bot.stderr()).not.toContain(e2e.fake.token);
      expect(e2e.bot.stdout()).not.toContain(e2e.fake.token);
    });
  });
}
