import { sql, type SQL } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  unique,
  uniqueIndex,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { tsvector } from './types.ts';

export interface PackSource {
  title: string;
  author: string;
  year?: number | undefined;
  url?: string | undefined;
}

/** A pack is global (guildId null) or belongs to one server; slugs are unique per owner. */
export const packs = pgTable(
  'packs',
  {
    id: serial('id').primaryKey(),
    slug: text('slug').notNull(),
    guildId: text('guild_id'),
    title: text('title').notNull(),
    description: text('description').notNull(),
    source: jsonb('source').$type<PackSource>().notNull(),
    licence: text('licence').notNull(),
    version: integer('version').notNull(),
    /** Groups of equivalent words the drill scorer expands key-point terms with. */
    synonyms: jsonb('synonyms').$type<string[][]>().notNull().default([]),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('packs_owner_slug_uq').on(t.guildId, t.slug).nullsNotDistinct()],
);

export const topics = pgTable(
  'topics',
  {
    id: serial('id').primaryKey(),
    packId: integer('pack_id')
      .notNull()
      .references(() => packs.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description'),
  },
  (t) => [uniqueIndex('topics_pack_slug_uq').on(t.packId, t.slug), index('topics_name_trgm').using('gin', t.name.op('gin_trgm_ops'))],
);

export const references = pgTable(
  'references',
  {
    id: serial('id').primaryKey(),
    packId: integer('pack_id')
      .notNull()
      .references(() => packs.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    /** Lower-cased, whitespace-collapsed code: what lookups and uniqueness use. */
    codeNorm: text('code_norm').notNull(),
    title: text('title').notNull(),
    work: text('work').notNull(),
    url: text('url'),
  },
  (t) => [
    uniqueIndex('references_pack_code_uq').on(t.packId, t.codeNorm),
    index('references_code_trgm').using('gin', t.codeNorm.op('gin_trgm_ops')),
    index('references_title_trgm').using('gin', t.title.op('gin_trgm_ops')),
  ],
);

export const claims = pgTable(
  'claims',
  {
    id: serial('id').primaryKey(),
    packId: integer('pack_id')
      .notNull()
      .references(() => packs.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    text: text('text').notNull(),
    attributedTo: text('attributed_to').notNull(),
    /** Topic names and reference codes, denormalized at import so the generated vector can weigh them. */
    keywords: text('keywords').notNull().default(''),
    search: tsvector('search')
      .notNull()
      .generatedAlwaysAs(
        (): SQL =>
          sql`setweight(to_tsvector('english', ${claims.text}), 'A') || setweight(to_tsvector('english', ${claims.attributedTo}), 'B') || setweight(to_tsvector('english', ${claims.keywords}), 'C')`,
      ),
    /**
     * Words a member may remember the claim by though it does not say them: its rebuttals and key
     * points (weight C), the titles of references it cites and the quotes citing the same (D).
     * Written at import (src/content/search-index.ts): they live in other tables.
     */
    extra: tsvector('extra').notNull().default(sql`''::tsvector`),
    /**
     * In a global pack (every server sees it): set at import with the extra words. The text
     * indexes below cover global claims alone, so a search reads the global packs as if no server
     * had brought its own, and a server's own claims pack by pack.
     */
    global: boolean('global').notNull().default(false),
  },
  (t) => [
    uniqueIndex('claims_pack_slug_uq').on(t.packId, t.slug),
    index('claims_search_gin').using('gin', t.search),
    // Search matches the claim's own words and its extra words together, so one query word may
    // hit the text and another a rebuttal.
    index('claims_search_all_gin').using('gin', sql`(${t.search} || ${t.extra})`),
    index('claims_text_trgm').using('gin', t.text.op('gin_trgm_ops')),
    index('claims_search_global_gin').using('gin', t.search).where(sql`${t.global}`),
    index('claims_search_all_global_gin').using('gin', sql`(${t.search} || ${t.extra})`).where(sql`${t.global}`),
    // Autocomplete's candidates in id order: a frequent prefix ("capit:*", a third of the claims)
    // stops after a few hundred rows instead of building the text index's bitmap of every match.
    index('claims_global_id').on(t.id).where(sql`${t.global}`),
  ],
);

export const rebuttals = pgTable(
  'rebuttals',
  {
    id: serial('id').primaryKey(),
    packId: integer('pack_id')
      .notNull()
      .references(() => packs.id, { onDelete: 'cascade' }),
    claimId: integer('claim_id')
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    /** Null for an answer to the claim; set for a counter-rebuttal. */
    parentId: integer('parent_id').references((): AnyPgColumn => rebuttals.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    text: text('text').notNull(),
    position: integer('position').notNull().default(0),
    search: tsvector('search')
      .notNull()
      .generatedAlwaysAs((): SQL => sql`to_tsvector('english', ${rebuttals.text})`),
  },
  (t) => [
    uniqueIndex('rebuttals_pack_slug_uq').on(t.packId, t.slug),
    index('rebuttals_claim_idx').on(t.claimId),
    index('rebuttals_parent_idx').on(t.parentId),
    index('rebuttals_search_gin').using('gin', t.search),
  ],
);

export const keyPoints = pgTable(
  'key_points',
  {
    id: serial('id').primaryKey(),
    rebuttalId: integer('rebuttal_id')
      .notNull()
      .references(() => rebuttals.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    text: text('text').notNull(),
    /** Significant terms from the pack; empty means "derive from text". */
    terms: text('terms').array().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [uniqueIndex('key_points_rebuttal_pos_uq').on(t.rebuttalId, t.position)],
);

export const quotes = pgTable(
  'quotes',
  {
    id: serial('id').primaryKey(),
    packId: integer('pack_id')
      .notNull()
      .references(() => packs.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    text: text('text').notNull(),
    speaker: text('speaker').notNull(),
    work: text('work'),
    year: integer('year'),
    context: text('context'),
    search: tsvector('search')
      .notNull()
      .generatedAlwaysAs(
        (): SQL =>
          sql`setweight(to_tsvector('english', ${quotes.text}), 'A') || setweight(to_tsvector('english', ${quotes.speaker}), 'B') || setweight(to_tsvector('english', coalesce(${quotes.work}, '')), 'C')`,
      ),
  },
  (t) => [
    uniqueIndex('quotes_pack_slug_uq').on(t.packId, t.slug),
    index('quotes_search_gin').using('gin', t.search),
    index('quotes_text_trgm').using('gin', t.text.op('gin_trgm_ops')),
    index('quotes_speaker_trgm').using('gin', t.speaker.op('gin_trgm_ops')),
    // With the id, the random pick by speaker reads its offset from this index alone.
    index('quotes_pack_speaker_idx').on(t.packId, t.speaker, t.id),
  ],
);

export const claimTopics = pgTable(
  'claim_topics',
  {
    claimId: integer('claim_id')
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    topicId: integer('topic_id')
      .notNull()
      .references(() => topics.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.claimId, t.topicId] }), index('claim_topics_topic_idx').on(t.topicId)],
);

export const quoteTopics = pgTable(
  'quote_topics',
  {
    quoteId: integer('quote_id')
      .notNull()
      .references(() => quotes.id, { onDelete: 'cascade' }),
    topicId: integer('topic_id')
      .notNull()
      .references(() => topics.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.quoteId, t.topicId] }), index('quote_topics_topic_idx').on(t.topicId, t.quoteId)],
);

export const claimRefs = pgTable(
  'claim_refs',
  {
    claimId: integer('claim_id')
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    referenceId: integer('reference_id')
      .notNull()
      .references(() => references.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.claimId, t.referenceId] }), index('claim_refs_ref_idx').on(t.referenceId)],
);

export const rebuttalRefs = pgTable(
  'rebuttal_refs',
  {
    rebuttalId: integer('rebuttal_id')
      .notNull()
      .references(() => rebuttals.id, { onDelete: 'cascade' }),
    referenceId: integer('reference_id')
      .notNull()
      .references(() => references.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.rebuttalId, t.referenceId] }), index('rebuttal_refs_ref_idx').on(t.referenceId)],
);

export const quoteRefs = pgTable(
  'quote_refs',
  {
    quoteId: integer('quote_id')
      .notNull()
      .references(() => quotes.id, { onDelete: 'cascade' }),
    referenceId: integer('reference_id')
      .notNull()
      .references(() => references.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.quoteId, t.referenceId] }), index('quote_refs_ref_idx').on(t.referenceId)],
);
