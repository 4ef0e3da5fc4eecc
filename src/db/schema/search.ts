import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { packs } from './content.ts';

/**
 * The words of each pack (claims, rebuttals, key points, quotes, references, topics, speakers),
 * rebuilt at import: what a misspelt query word is corrected against. Kept per pack so a server is
 * only ever offered words from packs it can see. `stem` is the english lexeme (null for stop
 * words), so a word the full-text index would match by stemming is never "corrected".
 */
export const searchWords = pgTable(
  'search_words',
  {
    packId: integer('pack_id')
      .notNull()
      .references(() => packs.id, { onDelete: 'cascade' }),
    /** Lower-cased, as PostgreSQL's simple text-search configuration splits it. */
    word: text('word').notNull(),
    stem: text('stem'),
    /** How many texts of the pack hold the word: the tie-breaker between equally near corrections. */
    nentry: integer('nentry').notNull(),
    /** Written capitalised in a speaker's or claimant's name, so a correction shows it capitalised. */
    name: boolean('name').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.packId, t.word] }),
    index('search_words_word_idx').on(t.word),
    index('search_words_stem_idx').on(t.stem),
    index('search_words_word_trgm').using('gin', t.word.op('gin_trgm_ops')),
  ],
);

/**
 * Every distinct word of every pack's vocabulary, once: the typo lookups (one-edit strings, trigram
 * neighbours, a typed prefix) search this table, a few thousand rows where search_words holds one
 * row per word per pack (40 packs: 40 times as many), and only the few candidates found are then
 * checked against the packs the server sees. Upserted at import; a word whose last pack was
 * deleted may linger, which costs nothing (the visibility check rejects it).
 */
export const searchVocab = pgTable(
  'search_vocab',
  {
    word: text('word').primaryKey(),
  },
  (t) => [
    // No pending list: rows arrive only at import, and PGlite has no autovacuum to merge one, which
    // left every lookup scanning thousands of pending entries (4 ms instead of 0.4).
    index('search_vocab_word_trgm').using('gin', t.word.op('gin_trgm_ops')).with({ fastupdate: false }),
    // LIKE 'prefix%' through a btree whatever the database's collation.
    index('search_vocab_word_prefix').on(sql`${t.word} text_pattern_ops`),
  ],
);

/**
 * Every vocabulary word under itself and under each string one deletion away from it (the
 * symmetric-delete index, as in SymSpell): a typed word and a vocabulary word one edit apart share
 * a key (one is the other, one is the other less a letter, or both are the same word less a
 * letter), so the one-edit lookup reads a key per letter typed instead of every one of the several
 * hundred strings one edit from it. Some keys join words two edits apart; the correction measures
 * each candidate. Written with the vocabulary at import.
 */
export const searchVocabDeletes = pgTable(
  'search_vocab_deletes',
  {
    del: text('del').notNull(),
    word: text('word').notNull(),
  },
  (t) => [primaryKey({ columns: [t.del, t.word] })],
);

/**
 * Each pack's speakers with how many of its quotes they said, rebuilt at import: speaker
 * autocomplete and `/quote random speaker:` read a few hundred rows here instead of grouping
 * tens of thousands of quotes.
 */
export const searchSpeakers = pgTable(
  'search_speakers',
  {
    packId: integer('pack_id')
      .notNull()
      .references(() => packs.id, { onDelete: 'cascade' }),
    speaker: text('speaker').notNull(),
    quotes: integer('quotes').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.packId, t.speaker] }),
    index('search_speakers_speaker_trgm').using('gin', t.speaker.op('gin_trgm_ops')).with({ fastupdate: false }),
  ],
);
