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
