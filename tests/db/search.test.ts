import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { autocompleteClaims, getClaim, randomClaim, searchClaims } from '../../src/content/claims.ts';
import { importPack, importPackFile } from '../../src/content/import.ts';
import { checkPack } from '../../src/content/validate-pack.ts';
import { autocompleteQuotes, autocompleteSpeakers, getQuote, randomQuote, searchQuotes } from '../../src/content/quotes.ts';
import { autocompleteReferences, getReference } from '../../src/content/references.ts';
import { autocompleteTopics, listTopics } from '../../src/content/topics.ts';
import { listPacks } from '../../src/content/packs.ts';
import { UserError } from '../../src/errors.ts';
import { describeEachBackend } from '../helpers/db.ts';

const G1 = '200000000000000001';
const G2 = '200000000000000002';

describeEachBackend('content search', (get) => {
  beforeAll(async () => {
    await importPackFile(get(), 'packs/marxism-or-anarchism.yaml');
    await importPackFile(get(), 'tests/fixtures/packs/mini.yaml', { guildId: G1 });
  });

  it('finds a claim from a paraphrase that shares only some of its words', async () => {
    const { hits } = await searchClaims(get(), G2, 'anarchists think government is the worst evil');
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0]!.text.toLowerCase()).toContain('state');
    expect(hits[0]!.snippet).toContain('**');
  });

  it('finds a claim from a typo', async () => {
    const { hits } = await searchClaims(get(), G2, 'centralsation');
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.some((h) => /centrali[sz]/i.test(h.text))).toBe(true);
    const auto = await autocompleteClaims(get(), G2, 'centralsed');
    expect(auto.some((a) => /centrali[sz]/i.test(a.text))).toBe(true);
  });

  it('ranks claims that match every word above those that match some, and pages with a stable total', async () => {
    const all = await searchClaims(get(), G2, 'state', { limit: 100 });
    const page1 = await searchClaims(get(), G2, 'state', { limit: 2 });
    const page2 = await searchClaims(get(), G2, 'state', { limit: 2, offset: 2 });
    expect(page1.total).toBe(all.total);
    expect(page2.total).toBe(all.total);
    expect([...page1.hits, ...page2.hits].map((h) => h.id)).toEqual(all.hits.slice(0, 4).map((h) => h.id));
  });

  it('refuses an empty or overlong query with a clear message', async () => {
    await expect(searchClaims(get(), G2, '   ')).rejects.toThrow(UserError);
    await expect(searchClaims(get(), G2, 'x'.repeat(201))).rejects.toThrow(/201 characters long; keep it under 200/);
  });

  it('never shows one server the pack of another', async () => {
    const mine = await searchClaims(get(), G1, 'leadership coordinate defend efficiently');
    expect(mine.hits.some((h) => h.packSlug === 'mini')).toBe(true);
    const theirs = await searchClaims(get(), G2, 'leadership coordinate defend efficiently');
    expect(theirs.hits.some((h) => h.packSlug === 'mini')).toBe(false);
    const miniClaim = mine.hits.find((h) => h.packSlug === 'mini')!;
    // Autocomplete reads the own packs apart from the global ones: the owner is offered its claim.
    expect((await autocompleteClaims(get(), G1, 'leadership coordinate')).map((c) => c.id)).toContain(miniClaim.id);
    expect((await autocompleteClaims(get(), G2, 'leadership coordinate')).map((c) => c.id)).not.toContain(miniClaim.id);
    // Quote and reference autocomplete too: both packs quote Engels word for word, and the owner is
    // offered both quotes, another server only the global pack's; a code in both packs shows the
    // owner's own title (the mini pack writes H.2.4's with straight quotes).
    const packsOf = async (guild: string, typed: string) =>
      Promise.all((await autocompleteQuotes(get(), guild, typed)).map(async (q) => (await getQuote(get(), guild, q.id))?.pack.slug));
    expect((await packsOf(G1, 'main evil to be abolished')).sort()).toEqual(['marxism-or-anarchism', 'mini']);
    expect(await packsOf(G2, 'main evil to be abolished')).toEqual(['marxism-or-anarchism']);
    expect(await autocompleteReferences(get(), G1, 'h.2.4')).toEqual([
      { code: 'H.2.4', title: 'Do anarchists think "the state is the main enemy"?' },
    ]);
    expect(await autocompleteReferences(get(), G2, 'h.2.4')).toEqual([
      { code: 'H.2.4', title: 'Do anarchists think “the state is the main enemy”?' },
    ]);
    expect(await getClaim(get(), G2, miniClaim.id)).toBeNull();
    expect(await getClaim(get(), G1, miniClaim.id)).not.toBeNull();
    expect((await listPacks(get(), G2)).map((p) => p.slug)).toEqual(['marxism-or-anarchism']);
    expect((await autocompleteSpeakers(get(), G2, 'Bakunin')).length).toBeGreaterThan(0);
    for (let i = 0; i < 20; i++) expect((await randomQuote(get(), G2, { speaker: 'Mikhail Bakunin' }))?.pack.slug).not.toBe('mini');
    const seen = new Set<number>();
    for (let i = 0; i < 30; i++) {
      const q = await randomQuote(get(), G2);
      expect(q?.pack.slug).toBe('marxism-or-anarchism');
      seen.add(q!.id);
    }
    expect(seen.size).toBeGreaterThan(5);
    // The server that owns the mini pack sees its quotes in the draw too.
    const g1Packs = new Set<string>();
    for (let i = 0; i < 200 && !g1Packs.has('mini'); i++) g1Packs.add((await randomQuote(get(), G1))!.pack.slug);
    expect(g1Packs.has('mini')).toBe(true);
  });

  it("marks the global packs' claims for the text indexes over them alone, and no server's own", async () => {
    const rows = await get().rows<{ slug: string; global: boolean; n: number }>(sql`
      select p.slug, c.global, count(*)::int as n from claims c join packs p on p.id = c.pack_id
      where p.slug in ('marxism-or-anarchism', 'mini') group by p.slug, c.global order by p.slug`);
    expect(rows.map((r) => [r.slug, r.global])).toEqual([
      ['marxism-or-anarchism', true],
      ['mini', false],
    ]);
    // The server owning the mini pack finds its claim through the pack-by-pack path, the other does not.
    expect((await searchClaims(get(), G1, 'centralisation')).hits.some((h) => h.packSlug === 'mini')).toBe(true);
    expect((await searchClaims(get(), G2, 'centralisation')).hits.some((h) => h.packSlug === 'mini')).toBe(false);
  });

  it('shows a claim with its rebuttal tree, key points and references', async () => {
    const [hit] = (await searchClaims(get(), G1, 'main evil abolished capitalism')).hits.filter((h) => h.packSlug === 'mini');
    const claim = await getClaim(get(), G1, hit!.id);
    expect(claim?.rebuttals[0]?.keyPoints).toEqual([
      'Anarchists oppose capitalism as well as the state.',
      'Both are to be abolished at the same time.',
    ]);
    expect(claim?.rebuttals[0]?.children[0]?.slug).toBe('oppose-both-counter');
    expect(claim?.refs.map((r) => r.code)).toEqual(['H.2.4']);
    expect(await getClaim(get(), G1, 987654321)).toBeNull();
  });

  it('autocompletes within Discord limits, on 1–3 characters and on reference codes', async () => {
    for (const typed of ['', 's', 'st', 'sta', 'Lenin', 'the state machine']) {
      const choices = await autocompleteClaims(get(), G2, typed);
      expect(choices.length).toBeLessThanOrEqual(25);
    }
    expect((await autocompleteClaims(get(), G2, 'st')).length).toBeGreaterThan(0);
    // A single letter that is an English stop word still completes.
    expect((await autocompleteClaims(get(), G2, 's')).length).toBeGreaterThan(0);
    const partial = await autocompleteClaims(get(), G2, 'the state mach');
    expect(partial[0]?.text).toMatch(/state machine/i);
    // Claims holding the typed words are the whole answer: no look-alikes padded in after them.
    const phrase = await autocompleteClaims(get(), G2, 'the state machine');
    expect(phrase.length).toBeGreaterThan(0);
    expect(phrase.every((c) => /state/i.test(c.text) && /machine/i.test(c.text))).toBe(true);
    // Words run together match no word and no correction: trigram similarity still finds them.
    const runTogether = await autocompleteClaims(get(), G2, 'statemachine');
    expect(runTogether.some((c) => /state machine/i.test(c.text))).toBe(true);
    const refs = await autocompleteReferences(get(), G2, 'h.6');
    expect(refs.map((r) => r.code)).toContain('H.6.1');
    const appendix = await autocompleteReferences(get(), G2, 'appendix 4.3');
    expect(appendix.map((r) => r.code)).toContain('Appendix 4.3 Q2');
    const detail = await getReference(get(), G2, 'h.2.4');
    expect(detail?.claims.length).toBeGreaterThan(0);
    expect(await getReference(get(), G2, 'Z.9.9')).toBeNull();
  });

  it('searches and filters quotes by speaker and topic', async () => {
    const { hits } = await searchQuotes(get(), G2, 'Engels');
    expect(hits.some((h) => h.speaker.includes('Engels'))).toBe(true);
    const auto = await autocompleteQuotes(get(), G2, 'revolution');
    expect(auto.length).toBeGreaterThan(0);
    const topics = await listTopics(get(), G2);
    const kronstadt = topics.find((t) => t.slug === 'kronstadt');
    expect(kronstadt?.claims).toBeGreaterThan(0);
    expect((await autocompleteTopics(get(), G2, 'kronstad')).map((t) => t.slug)).toContain('kronstadt');
    const byTopic = await randomClaim(get(), G2, 'kronstadt');
    expect(byTopic?.topics.map((t) => t.slug)).toContain('kronstadt');
    expect(await randomClaim(get(), G2, 'no-such-topic')).toBeNull();
    const q = await randomQuote(get(), G2, { topicSlug: 'the-state' });
    expect(q?.topics.map((t) => t.slug)).toContain('the-state');
  });

  it('draws a random quote from all of a speaker’s or a topic’s quotes, only from packs the server sees', async () => {
    // The pick is the k-th quote of the speakers table's count: every quote naming Trotsky as a speaker can come up.
    const trotsky = new Set<number>();
    for (let i = 0; i < 80; i++) {
      const q = await randomQuote(get(), G2, { speaker: 'leon trotsky' });
      expect(q?.speaker).toContain('Leon Trotsky');
      trotsky.add(q!.id);
    }
    // The draw (random_quote, migration 0009) loads a quote as getQuote does, to the last field.
    const drawn = await randomQuote(get(), G2, { topicSlug: 'the-state', speaker: 'marx' });
    expect(drawn).toEqual(await getQuote(get(), G2, drawn!.id));
    expect(trotsky.size).toBeGreaterThan(8);
    const onTopic = new Set<string>();
    for (let i = 0; i < 60; i++) {
      const q = await randomQuote(get(), G2, { topicSlug: 'the-state' });
      expect(q?.topics.map((t) => t.slug)).toContain('the-state');
      expect(q?.pack.slug).toBe('marxism-or-anarchism');
      onTopic.add(q!.slug);
    }
    expect(onTopic.size).toBeGreaterThan(3);
    // The server owning the mini pack draws its Engels quote on the topic too; another server never does.
    const g1 = new Set<string>();
    for (let i = 0; i < 200 && !g1.has('mini'); i++) g1.add((await randomQuote(get(), G1, { topicSlug: 'the-state' }))!.pack.slug);
    expect(g1.has('mini')).toBe(true);
    expect(await randomQuote(get(), G2, { speaker: 'nobody-of-that-name' })).toBeNull();
    expect(await randomQuote(get(), G2, { topicSlug: 'no-such-topic' })).toBeNull();
    // Speaker autocomplete reads the speakers table: most quoted first.
    expect((await autocompleteSpeakers(get(), G2, 'tro'))[0]).toBe('Leon Trotsky');
  });

  it('draws a quote of both a topic and a speaker, from every such quote and only those', async () => {
    // On the-state the pack quotes Karl Marx and "Marxists" once each (both match "marx"), Trotsky never.
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const q = await randomQuote(get(), G2, { topicSlug: 'the-state', speaker: 'marx' });
      expect(q?.topics.map((t) => t.slug)).toContain('the-state');
      expect(q?.speaker).toMatch(/marx/i);
      seen.add(q!.speaker);
    }
    expect([...seen].sort()).toEqual(['Karl Marx', 'Marxists']);
    expect(await randomQuote(get(), G2, { topicSlug: 'the-state', speaker: 'trotsky' })).toBeNull();
    // Engels on the-state: the pack's quote for every server, the mini pack's too for its owner only.
    const g2 = new Set<string>();
    const g1 = new Set<string>();
    for (let i = 0; i < 40; i++) {
      g2.add((await randomQuote(get(), G2, { topicSlug: 'the-state', speaker: 'Engels' }))!.pack.slug);
      g1.add((await randomQuote(get(), G1, { topicSlug: 'the-state', speaker: 'Engels' }))!.pack.slug);
    }
    expect([...g2]).toEqual(['marxism-or-anarchism']);
    expect([...g1].sort()).toEqual(['marxism-or-anarchism', 'mini']);
  });

  it('says "N+" when a word of the query is in more claims than its share of the ranking', async () => {
    // 40 words share the 500 candidates holding some of the words, 13 each; "zorpwidget" is in 30
    // claims of its own server's pack and no claim holds every word, so the count cannot be exact.
    const G3 = '200000000000000003';
    const check = checkPack({
      format: 'riposte-pack/1',
      slug: 'zorp',
      title: 'Zorp',
      description: 'Thirty claims naming one word.',
      licence: 'CC0 test data',
      version: 1,
      source: { title: 'Test', author: 'Test', year: 2024 },
      claims: Array.from({ length: 30 }, (_, i) => ({
        slug: `zorp-${i}`,
        text: `The zorpwidget number ${i} decides everything about the matter.`,
        attributedTo: 'Test',
        rebuttals: [{ slug: `zorp-${i}-r`, text: 'It does not decide everything.' }],
      })),
    });
    expect(check.ok).toBe(true);
    if (check.ok) await importPack(get(), check.pack, { guildId: G3 });
    const words = Array.from({ length: 39 }, (_, i) => `w${i}`).join(' ');
    const found = await searchClaims(get(), G3, `zorpwidget ${words}`);
    expect(found.capped).toBe(true);
    expect(found.total).toBe(13);
    expect(found.hits).toHaveLength(5);
    // With fewer words the share is larger than the 30 claims: counted exactly.
    expect(await searchClaims(get(), G3, 'zorpwidget w1 w2')).toMatchObject({ total: 30, capped: false });
  });

  it('a quote search of stop words alone answers with snippets', async () => {
    // Found by the fuzz test: "and" names no word to search, but is part of "Lenin and Trotsky".
    for (const query of ['and', 'the', 'Vladimir Lenin and']) {
      const { hits } = await searchQuotes(get(), G2, query);
      for (const h of hits) expect(typeof h.snippet).toBe('string');
    }
    expect((await searchQuotes(get(), G2, 'and')).hits.length).toBeGreaterThan(0);
  });
});
