CREATE TABLE "search_speakers" (
	"pack_id" integer NOT NULL,
	"speaker" text NOT NULL,
	"quotes" integer NOT NULL,
	CONSTRAINT "search_speakers_pack_id_speaker_pk" PRIMARY KEY("pack_id","speaker")
);
--> statement-breakpoint
CREATE TABLE "search_vocab" (
	"word" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
ALTER TABLE "search_speakers" ADD CONSTRAINT "search_speakers_pack_id_packs_id_fk" FOREIGN KEY ("pack_id") REFERENCES "public"."packs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "search_speakers_speaker_trgm" ON "search_speakers" USING gin ("speaker" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "search_vocab_word_trgm" ON "search_vocab" USING gin ("word" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "search_vocab_word_prefix" ON "search_vocab" USING btree ("word" text_pattern_ops);--> statement-breakpoint
-- Filled at import from here on (src/content/search-index.ts); a store imported before this migration gets them now.
INSERT INTO "search_vocab" ("word") SELECT DISTINCT "word" FROM "search_words" ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "search_speakers" ("pack_id", "speaker", "quotes") SELECT "pack_id", "speaker", count(*)::int FROM "quotes" GROUP BY "pack_id", "speaker";--> statement-breakpoint
-- Concatenates tsvectors (positions shifted, as ||): a claim's extra vector is built from its rebuttals' and
-- references' stored vectors instead of parsing their texts again for every claim that cites them.
CREATE AGGREGATE tsvector_agg (tsvector) (SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = '');
