CREATE TABLE "search_vocab_deletes" (
	"del" text NOT NULL,
	"word" text NOT NULL,
	CONSTRAINT "search_vocab_deletes_del_word_pk" PRIMARY KEY("del","word")
);
--> statement-breakpoint
-- The keys a vocabulary word is filed under: itself and every string one deletion from it. One definition, used here and at import (src/content/search-index.ts).
CREATE FUNCTION "vocab_delete_keys"("w" text) RETURNS SETOF text LANGUAGE sql IMMUTABLE PARALLEL SAFE ROWS 10 AS $$
  SELECT "w" UNION SELECT left("w", i) || substr("w", i + 2) FROM generate_series(0, char_length("w") - 1) AS i
$$;--> statement-breakpoint
INSERT INTO "search_vocab_deletes" ("del", "word") SELECT k, v."word" FROM "search_vocab" v, "vocab_delete_keys"(v."word") AS k ON CONFLICT DO NOTHING;--> statement-breakpoint
-- PGlite has no autovacuum: the lookups need statistics on the new table.
ANALYZE "search_vocab_deletes";
