import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { importPack } from '../../src/content/import.ts';
import { checkPackText } from '../../src/content/validate-pack.ts';
import { backends } from '../helpers/db.ts';
import { PACK_PATH } from '../helpers/drill-context.ts';
import type { Answer, FakeUser, StoredMessage } from './fake-discord/index.ts';
import { startE2E, type E2E } from './harness.ts';

const GUILD = '520000000000000001';
const CHAN = '520000000000000011';
const CHAN_TIMED = '520000000000000012';
const admin: FakeUser = { id: '620000000000000001', username: 'moderator', manageGuild: true };
const ann: FakeUser = { id: '620000000000000002', username: 'ann' };
const bob: FakeUser = { id: '620000000000000003', username: 'bob' };
const cat: FakeUser = { id: '620000000000000004', username: 'cat' };

// The drill's key points (the first pack's rebuttal of this claim), read from the pack so a rewording
// of the pack does not silently turn the answers below into something else.
const KEY_POINTS: string[] = [];
// ann states every key point and cites the rebuttal's reference: every key point is made, +10.
const strong = () => `That's a caricature. ${KEY_POINTS.join(' ')} See H.2.4.`;
// bob states the first key point only; a scorer by meaning may or may not credit a neighbouring point,
// so the test reads his score from the results and checks only what is certain (first made, last missed).
const partial = () => `${KEY_POINTS[0]} Bakunin attacked the bosses as much as the rulers.`;
const OFF_FIRST = 'Engels was a businessman in Manchester, which says nothing about this.';
const OFF_EDITED = 'Engels was a successful businessman in Manchester who funded research for decades.';

type Component = { type: number; custom_id?: string; label?: string };
const componentsOf = (m: { components: Record<string, unknown>[] }): Component[] =>
  m.components.flatMap((r) => (r.components as Component[]) ?? []);
const buttonOf = (m: { components: Record<string, unknown>[] }, label: string | RegExp) =>
  componentsOf(m).find((c) => c.type === 2 && (typeof label === 'string' ? c.label === label : label.test(c.label ?? '')));

/** Long enough for the bot to tick a few times (every 500 ms), to see that a tick does nothing. */
const A_FEW_TICKS_MS = 1_500;

/** Polls until `check` holds (the bot edits the prompt's count a moment after the submissions). */
async function eventually<T>(read: () => T, check: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = read();
    if (check(v)) return v;
    if (Date.now() > until) throw new Error(`condition not met in ${timeoutMs} ms; last value ${JSON.stringify(v).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

for (const backend of backends) {
  describe(`a group drill through a fake Discord [${backend}]`, () => {
    let e2e: E2E;

    beforeAll(async () => {
      e2e = await startE2E({
        backend,
        guilds: [
          {
            id: GUILD,
            name: 'Debate club',
            channels: [
              { id: CHAN, name: 'drills' },
              { id: CHAN_TIMED, name: 'timed' },
            ],
          },
        ],
        // One claim of the first pack, so the drill's claim (and the scores) are known in advance.
        seed: async (db) => {
          const check = checkPackText(await readFile(PACK_PATH, 'utf8'));
          if (!check.ok) throw new Error(check.errors.join('\n'));
          const claims = check.pack.claims.filter((c) => c.slug === 'anarchists-see-the-state-as-the-main-evil');
          KEY_POINTS.splice(0, KEY_POINTS.length, ...claims[0]!.rebuttals[0]!.keyPoints.map((k) => k.text));
          if (KEY_POINTS.length !== 3) throw new Error(`expected 3 key points, found ${KEY_POINTS.length}`);
          await importPack(db, { ...check.pack, claims, quotes: [] });
        },
        env: { RIPOSTE_TICK_MS: '500' },
        // The timed drill closes when the test moves the bot's time past its end, not a minute later.
        clock: true,
      });
    });

    afterAll(async () => {
      await e2e?.stop();
    });

    const inChan = (user: FakeUser, channelId = CHAN) => ({ guildId: GUILD, channelId, user });

    async function answer(prompt: StoredMessage, user: FakeUser, text: string): Promise<{ modal: Answer; saved: Answer }> {
      const modal = await e2e.fake.click({
        message: prompt,
        customId: buttonOf(prompt, 'Submit rebuttal')!.custom_id!,
        user,
        guildId: GUILD,
      });
      expect(modal.kind).toBe('modal');
      const saved = await e2e.fake.submitModal({
        ...inChan(user),
        customId: modal.modal!.custom_id,
        fields: { answer: text },
        message: prompt,
      });
      return { modal, saved };
    }

    it('runs a whole drill: answers (one edited, bad ones refused), close, feedback, votes, ranking, leaderboard', {
      timeout: 120_000,
    }, async () => {
      const refused = await e2e.fake.command({ ...inChan(ann), name: 'drill', subcommand: 'start' });
      expect(refused).toMatchObject({ ephemeral: true, content: 'You need the Manage Server permission to start a drill.' });

      const started = await e2e.fake.command({ ...inChan(admin), name: 'drill', subcommand: 'start', options: { minutes: 30 } });
      expect(started.ephemeral).toBe(true);
      const [prompt] = e2e.fake.channelMessages(CHAN);
      expect(started.content).toContain(`Drill started: https://discord.com/channels/${GUILD}/${CHAN}/${prompt!.id}`);
      expect(prompt!.embeds[0]!.title).toBe('Rebut this');
      expect(prompt!.embeds[0]!.description).toContain('Anarchists regard the state as the main evil');

      const again = await e2e.fake.command({ ...inChan(admin), name: 'drill', subcommand: 'start' });
      expect(again.content).toContain(
        `A drill is already running in this channel: https://discord.com/channels/${GUILD}/${CHAN}/${prompt!.id}`,
      );

      expect((await answer(prompt!, ann, strong())).saved).toMatchObject({
        ephemeral: true,
        content: expect.stringMatching(/^Answer saved/),
      });
      expect((await answer(prompt!, bob, 'x'.repeat(1501))).saved).toMatchObject({
        ephemeral: true,
        content: 'Your answer is too long (1501 characters); the limit is 1500. Nothing was saved.',
      });
      expect((await answer(prompt!, bob, '   ')).saved).toMatchObject({
        ephemeral: true,
        content: 'Your answer is empty. Write 20–1500 characters.',
      });
      await answer(prompt!, bob, partial());
      await answer(prompt!, cat, OFF_FIRST);
      const edit = await answer(prompt!, cat, OFF_EDITED);
      // The modal opens pre-filled with the answer being edited.
      expect(JSON.stringify(edit.modal.modal)).toContain(OFF_FIRST);
      expect(edit.saved.content).toMatch(/^Answer updated/);

      // The prompt shows the live count, without anyone's answer.
      const counted = await eventually(
        () => e2e.fake.messages.get(prompt!.id)!,
        (m) => m.embeds[0]!.fields.some((f: { name: string; value: string }) => f.name === 'Answers' && f.value === '3'),
      );
      expect(JSON.stringify(counted)).not.toContain('Manchester');

      const closed = await e2e.fake.command({ ...inChan(admin), name: 'drill', subcommand: 'close' });
      expect(closed.content).toBe('Drill closed; the results are posted.');
      const posts = e2e.fake.channelMessages(CHAN);
      const intro = posts.find((m) => m.embeds[0]?.title === 'Drill closed: the reference rebuttal')!;
      for (const kp of KEY_POINTS) expect(intro.embeds[0]!.description).toContain(kp);
      expect(intro.embeds[0]!.description).toContain('`H.2.4`');
      const answersPost = posts.find((m) => buttonOf(m, 'Vote #1'))!;
      const titles = answersPost.embeds.map((e) => e.title);
      expect(titles).toEqual(['#1 · ann', '#2 · bob', '#3 · cat']);
      expect(answersPost.embeds[0]!.footer.text).toBe('key points 3/3 · cited a reference (+10) · automatic score 110');
      const bobFooter = /^key points ([12])\/3 · automatic score (\d+)$/.exec(answersPost.embeds[1]!.footer.text);
      expect(bobFooter, answersPost.embeds[1]!.footer.text).not.toBeNull();
      const bobMade = Number(bobFooter![1]);
      const bobAuto = Number(bobFooter![2]);
      expect(bobAuto).toBe(Math.round((100 * bobMade) / 3));
      expect(answersPost.embeds[2]!.footer.text).toBe('key points 0/3 · automatic score 0');
      expect(answersPost.embeds[2]!.description).toBe(OFF_EDITED);
      // The closed prompt has lost its button.
      expect(e2e.fake.messages.get(prompt!.id)!.components).toEqual([]);

      const feedback = async (user: FakeUser) =>
        e2e.fake.click({ message: intro, customId: buttonOf(intro, 'My feedback')!.custom_id!, user, guildId: GUILD });
      const fa = await feedback(ann);
      expect(fa).toMatchObject({ ephemeral: true });
      expect(fa.embeds[0]!.title).toBe('Your answer made 3 of 3 key points');
      const fb = await feedback(bob);
      expect(fb.embeds[0]!.title).toBe(`Your answer made ${bobMade} of 3 key points`);
      // Each made point quotes the member's own sentence that made it; a missed one is just named.
      expect(fb.embeds[0]!.description).toContain(`✅ ${KEY_POINTS[0]}\n  ↳ *you said:* “${KEY_POINTS[0]}”`);
      expect(fb.embeds[0]!.description!.split('\n')).toContain(`❌ ${KEY_POINTS[2]}`);
      expect(fb.embeds[0]!.description).not.toContain('look for');
      expect((await feedback(admin)).content).toBe("You didn't answer this drill, so there is no feedback for you.");

      const vote = (user: FakeUser, n: number) =>
        e2e.fake.click({ message: answersPost, customId: buttonOf(answersPost, `Vote #${n}`)!.custom_id!, user, guildId: GUILD });
      expect(await vote(ann, 1)).toMatchObject({ ephemeral: true, content: "You can't vote for your own answer." });
      expect((await vote(bob, 1)).content).toMatch(/^Vote counted/);
      expect((await vote(cat, 1)).content).toMatch(/^Vote counted/);
      expect((await vote(cat, 2)).content).toMatch(/^Vote counted/);
      expect((await vote(ann, 3)).content).toMatch(/^Vote counted/);
      expect((await vote(ann, 3)).content).toMatch(/^Vote taken back/);
      expect((await vote(ann, 2)).content).toMatch(/^Vote counted/);

      const ended = await e2e.fake.command({ ...inChan(admin), name: 'drill', subcommand: 'close' });
      expect(ended.content).toBe('Voting ended; the final ranking is posted.');
      const ranking = e2e.fake.channelMessages(CHAN).find((m) => m.embeds[0]?.title === 'Final ranking')!;
      expect(ranking.embeds[0]!.description).toBe(
        `**1.** ann: **130** (110 + 2 votes)\n**2.** bob: **${bobAuto + 20}** (${bobAuto} + 2 votes)\n**3.** cat: **0** (0 + 0 votes)`,
      );
      expect((await vote(bob, 1)).content).toBe('Voting on this drill has ended.');

      const board = await e2e.fake.command({ ...inChan(cat), name: 'leaderboard' });
      expect(board).toMatchObject({ kind: 'reply', ephemeral: false });
      expect(board.embeds[0]!.description).toBe(
        `**1.** <@${ann.id}> · **130** points · 1 drill\n**2.** <@${bob.id}> · **${bobAuto + 20}** points · 1 drill\n**3.** <@${cat.id}> · **0** points · 1 drill`,
      );
      const score = await e2e.fake.command({ ...inChan(bob), name: 'score' });
      expect(score.embeds[0]!.fields.slice(0, 3)).toEqual([
        { name: 'Points', value: String(bobAuto + 20), inline: true },
        { name: 'Rank', value: '#2', inline: true },
        { name: 'Drills answered', value: '1', inline: true },
      ]);

      for (const s of e2e.fake.sent.filter((x) => x.route.startsWith('post #') || x.route.startsWith('edit #'))) {
        expect(s.body.allowed_mentions).toEqual({ parse: [] });
      }
      expect(e2e.fake.violations).toEqual([]);
    });

    it('closes a drill on time after the bot restarted mid-drill, exactly once', { timeout: 150_000 }, async () => {
      const started = await e2e.fake.command({ ...inChan(admin, CHAN_TIMED), name: 'drill', subcommand: 'start', options: { minutes: 1 } });
      const closesAt = Number(/<t:(\d+):R>/.exec(started.content)![1]) * 1000;
      const [prompt] = e2e.fake.channelMessages(CHAN_TIMED);
      await answer(prompt!, ann, strong());
      await e2e.restart();
      // Up to a few seconds before its end, the restarted bot's ticks leave the drill open.
      await e2e.advanceClock(Math.max(0, closesAt - 3_000 - e2e.now()));
      await new Promise((r) => setTimeout(r, A_FEW_TICKS_MS));
      const closedTitle = 'Drill closed: the reference rebuttal';
      expect(e2e.fake.channelMessages(CHAN_TIMED).filter((m) => m.embeds[0]?.title === closedTitle)).toHaveLength(0);

      const next = e2e.fake.nextChannelMessage(CHAN_TIMED, 60_000);
      await e2e.advanceClock(closesAt + 1_000 - e2e.now());
      const results = await next;
      expect(results.embeds[0]!.title).toBe(closedTitle);
      // A few more ticks change nothing: the close happened once.
      await new Promise((r) => setTimeout(r, A_FEW_TICKS_MS));
      const closes = e2e.fake.channelMessages(CHAN_TIMED).filter((m) => m.embeds[0]?.title === closedTitle);
      expect(closes).toHaveLength(1);
      expect(e2e.fake.violations).toEqual([]);
    });
  });
}
