import { sql } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { autocompleteClaims, searchClaims } from '../../src/content/claims.ts';
import { importPack, importPackFile } from '../../src/content/import.ts';
import { editDistance } from '../../src/content/query-text.ts';
import { autocompleteQuotes, autocompleteSpeakers, pickQuote, searchQuotes } from '../../src/content/quotes.ts';
import { autocompleteReferences } from '../../src/content/references.ts';
import { correctQuery } from '../../src/content/search-correct.ts';
import { checkPackText } from '../../src/content/validate-pack.ts';
import type { Database } from '../../src/db/client.ts';
import { searchReply } from '../../src/render/claims.ts';
import { describeEachBackend } from '../helpers/db.ts';

const G1 = '300000000000000001';
const G2 = '300000000000000002';

/** A server's own pack holding a word no other pack has: its vocabulary must stay its own. */
const PRIVATE_PACK = `
format: riposte-pack/1
slug: private-words
title: Private words
description: A server's own pack.
version: 1
licence: CC0 test data
source: { title: Test, author: Test Author }
topics:
  - { slug: t, name: testing }
references: []
claims:
  - slug: quorbleflax
    text: The quorbleflax committee decides everything in this server.
    attributedTo: Zebulon Quaxworth
    topics: [t]
    rebuttals: []
quotes: []
`;

describeEachBackend('search corrects typos', (get) => {
  beforeAll(async () => {
    await importPackFile(get(), 'packs/marxism-or-anarchism.yaml');
    const check = checkPackText(PRIVATE_PACK);
    if (!check.ok) throw new Error(check.errors.join('\n'));
    await importPack(get(), check.pack, { guildId: G1 });
  });

  it('corrects misspelt names and words to the nearest words of the store, and says so', async () => {
    expect((await correctQuery(get(), G2, 'trotksy')).corrected).toBe('Trotsky');
    expect((await correctQuery(get(), G2, 'durutti')).corrected).toBe('durruti');
    expect((await correctQuery(get(), G2, 'declased workers')).corrected).toBe('declassed workers');
    expect((await correctQuery(get(), G2, 'the vangaurd party')).corrected).toBe('the vanguard party');
    // Known words, stemmed forms of known words and stop words are left alone.
    expect((await correctQuery(get(), G2, 'the workers were declassed')).corrected).toBeNull();
    expect((await correctQuery(get(), G2, 'centralising')).corrected).toBeNull();
    // Quoted words are searched exactly as typed.
    expect((await correctQuery(get(), G2, '"trotksy"')).corrected).toBeNull();
    // A word nothing resembles stays as it is.
    expect((await correctQuery(get(), G2, 'xylophone')).corrected).toBeNull();
  });

  it('finds what the misspellings meant in /claim search, and the reply shows the corrected query', async () => {
    const trotsky = await searchClaims(get(), G2, 'trotksy');
    expect(trotsky.corrected).toBe('Trotsky');
    expect(trotsky.hits.map((h) => h.slug)).toContain('the-vanguard-must-wield-state-power');
    const durruti = await searchClaims(get(), G2, 'durutti');
    expect(durruti.hits[0]?.slug).toBe('friends-of-durruti-broke-with-anarchism');
    const declassed = await searchClaims(get(), G2, 'declased workers');
    expect(declassed.hits[0]?.slug).toBe('the-working-class-was-declassed');
    const reply = searchReply('trotksy', trotsky, 0, { owner: '1', expires: 0 });
    expect(reply.embeds?.[0]?.description).toMatch(/^Showing results for \*Trotsky\* — to search for exactly \*trotksy\*/);
    expect(reply.embeds?.[0]?.title).toBe('Claims matching “trotksy”');
    const exact = await searchClaims(get(), G2, 'state');
    expect(exact.corrected).toBeNull();
  });

  it('searches a quoted word exactly: no correction and no look-alikes when nothing holds it', async () => {
    // Unquoted, the slip is corrected; quoted, it is taken at its word, as the correction's hint promises.
    expect((await searchClaims(get(), G2, 'capitlism')).corrected).toBe('capitalism');
    const claims = await searchClaims(get(), G2, '"capitlism"');
    expect(claims).toMatchObject({ total: 0, hits: [], corrected: null });
    const quotes = await searchQuotes(get(), G2, '"trotksy"');
    expect(quotes).toMatchObject({ total: 0, hits: [], corrected: null });
    // A quoted word that exists is found as usual.
    expect((await searchClaims(get(), G2, '"vanguard"')).hits.length).toBeGreaterThan(0);
  });

  it('finds a claim by a name that appears only in its rebuttals, key points or cited quotes', async () => {
    const zinoviev = await searchClaims(get(), G2, 'zinoviev');
    expect(zinoviev.corrected).toBeNull();
    expect(zinoviev.hits.map((h) => h.slug)).toContain('anarchists-slander-the-dictatorship-of-the-proletariat');
    const makhno = await searchClaims(get(), G2, 'Makhno');
    expect(makhno.hits.map((h) => h.slug)).toContain('bolshevik-authoritarianism-was-a-necessity');
    // A claim's own words still rank above words of its rebuttals.
    const vanguard = await searchClaims(get(), G2, 'vanguard');
    expect(vanguard.hits[0]?.text.toLowerCase()).toContain('vanguard');
  });

  it('corrects in autocomplete, /quote search and the speaker filter', async () => {
    const auto = await autocompleteClaims(get(), G2, 'vangaurd');
    expect(auto.length).toBeGreaterThan(0);
    expect(auto.slice(0, 5).every((c) => /vanguard/i.test(c.text))).toBe(true);
    expect((await autocompleteClaims(get(), G2, 'the vangaurd pa')).some((c) => /vanguard part/i.test(c.text))).toBe(true);
    const quotes = await searchQuotes(get(), G2, 'trotksy');
    expect(quotes.corrected).toBe('Trotsky');
    expect(quotes.hits.some((h) => h.speaker === 'Leon Trotsky')).toBe(true);
    expect((await autocompleteQuotes(get(), G2, 'kropotkn')).some((q) => q.speaker === 'Peter Kropotkin')).toBe(true);
    expect(await autocompleteSpeakers(get(), G2, 'trotksy')).toContain('Leon Trotsky');
    for (let i = 0; i < 5; i++) {
      const picked = await pickQuote(get(), G2, { speaker: 'trotksy' });
      expect(picked.quote?.speaker).toMatch(/Trotsky/);
      expect(picked.speakerCorrected).toBe('Trotsky');
    }
    const exact = await pickQuote(get(), G2, { speaker: 'Trotsky' });
    expect(exact.speakerCorrected).toBeNull();
    // A speaker who exists but is never quoted on the topic is not "corrected" to someone else.
    const none = await pickQuote(get(), G2, { speaker: 'trotsky', topicSlug: 'the-state' });
    expect(none).toEqual({ quote: null, speakerCorrected: null });
    expect((await autocompleteReferences(get(), G2, 'friends of durutti')).map((r) => r.code)).toContain('Appendix 3.2 Q8');
  });

  it('corrects a slip one edit away or a word cut short in one statement, and harder slips the whole way', async () => {
    // One statement through `rows`; the trigram lookup (a transaction on `db`) is not reached.
    let statements = 0;
    const oneStatement = {
      ...get(),
      db: undefined,
      rows: (q: Parameters<Database['rows']>[0]) => {
        statements++;
        return get().rows(q);
      },
    } as unknown as Database;
    expect((await correctQuery(oneStatement, G2, 'trotksy')).corrected).toBe('Trotsky');
    expect((await correctQuery(oneStatement, G2, 'Leon Trotksy')).corrected).toBe('Leon Trotsky');
    expect((await correctQuery(oneStatement, G2, 'Leon Trotsky')).corrected).toBeNull();
    expect((await correctQuery(oneStatement, G2, 'capitlism and the vangaurd')).corrected).toBe('capitalism and the vanguard');
    expect((await correctQuery(oneStatement, G2, 'makhnov')).corrected).toBe('makhnovists');
    expect(statements).toBe(5);
    // Two edits: no one-edit neighbour, so the trigram side of correctQuery finds him.
    expect((await correctQuery(get(), G2, 'trotzki')).corrected).toBe('Trotsky');
    expect((await correctQuery(get(), G2, 'trotzki')).corrected).toBe('Trotsky');
    expect((await correctQuery(get(), G2, 'qqqzzzxx')).corrected).toBeNull();
  });

  it('finds a word of the store from any one-edit slip of it without the trigram lookup (property)', async () => {
    // Words of the first pack, names and others, long and short.
    const words = (
      await get().rows<{ word: string }>(sql`
        select word from search_words where pack_id = (select id from packs where slug = 'marxism-or-anarchism')
        and word ~ '^[a-z]{4,14}$' order by name desc, nentry desc, word limit 60`)
    ).map((r) => r.word);
    expect(words).toHaveLength(60);
    expect(words).toContain('trotsky');
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const slip = fc
      .record({ word: fc.constantFrom(...words), kind: fc.integer({ min: 0, max: 3 }), at: fc.nat(), letter: fc.constantFrom(...letters) })
      .map(({ word, kind, at, letter }) => {
        const i = at % word.length;
        if (kind === 0) return { word, typed: word.slice(0, i) + word.slice(i + 1) };
        if (kind === 1 && i < word.length - 1) return { word, typed: word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2) };
        if (kind === 2) return { word, typed: word.slice(0, i) + letter + word.slice(i + 1) };
        return { word, typed: word.slice(0, i) + letter + word.slice(i) };
      });
    const noTrigram = { ...get(), db: undefined } as unknown as Database;
    await fc.assert(
      fc.asyncProperty(slip, async ({ word, typed }) => {
        if (typed === word) return;
        const { corrected } = await correctQuery(noTrigram, G2, typed);
        // A slip that is itself a word of the store is left alone; any other is corrected to a
        // word one edit away (the intended one, or a likelier word as near).
        if (corrected === null) expect((await correctQuery(get(), G2, typed)).corrected).toBeNull();
        else expect(editDistance(typed, corrected.toLowerCase())).toBeLessThanOrEqual(1);
      }),
      { numRuns: 60, seed: 13 },
    );
  });

  it("files every vocabulary word under its symmetric-delete keys, at import and by migration 0007's backfill", async () => {
    const keys = async () =>
      (await get().rows<{ del: string; word: string }>(sql`select del, word from search_vocab_deletes order by del, word`)).map(
        (r) => `${r.del}>${r.word}`,
      );
    const vocab = await get().rows<{ word: string }>(sql`select word from search_vocab`);
    const atImport = await keys();
    // A word is its own key and is filed under each of its one-letter deletions ("trotsky": 8 keys).
    expect(atImport).toEqual(expect.arrayContaining(['trotsky>trotsky', 'trosky>trotsky', 'rotsky>trotsky', 'trotsk>trotsky']));
    const distinctKeys = (w: string) =>
      new Set([w, ...[...w].map((_, i) => [...w].slice(0, i).join('') + [...w].slice(i + 1).join(''))]).size;
    expect(atImport).toHaveLength(vocab.reduce((n, v) => n + distinctKeys(v.word), 0));
    // The migration's backfill, run on the same vocabulary, files exactly the same keys.
    const migration = readFileSync('migrations/0007_vocab_deletes.sql', 'utf8');
    const backfill = migration.split('--> statement-breakpoint').find((st) => st.includes('INSERT INTO "search_vocab_deletes"'));
    expect(backfill).toBeDefined();
    await get().db.transaction(async (tx) => {
      await tx.execute(sql`delete from search_vocab_deletes`);
      await tx.execute(sql.raw(backfill!));
    });
    expect(await keys()).toEqual(atImport);
  });

  it('corrects only to words of packs the server can see', async () => {
    expect((await correctQuery(get(), G1, 'quorbleflux')).corrected).toBe('quorbleflax');
    expect((await correctQuery(get(), G2, 'quorbleflux')).corrected).toBeNull();
    expect((await correctQuery(get(), G2, 'quaxworht')).corrected).toBeNull();
    expect((await searchClaims(get(), G1, 'quorbleflux')).hits.map((h) => h.slug)).toEqual(['quorbleflax']);
    expect((await searchClaims(get(), G2, 'quorbleflux')).hits.every((h) => h.slug !== 'quorbleflax')).toBe(true);
  });

  it('keeps the vocabulary in step with re-imports', async () => {
    const check = checkPackText(PRIVATE_PACK.replace(/quorbleflax/g, 'snarfwidget'));
    if (!check.ok) throw new Error(check.errors.join('\n'));
    await importPack(get(), check.pack, { guildId: G1 });
    expect((await correctQuery(get(), G1, 'quorbleflux')).corrected).toBeNull();
    expect((await correctQuery(get(), G1, 'snarfwidgit')).corrected).toBe('snarfwidget');
  });
});
