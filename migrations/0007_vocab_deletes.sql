CREATE TABLE "search_vocab_deletes" (
	"del" text NOT NULL,
	"word" text NOT NULL,
	CONSTRAINT "search_vocab_deletes_del_word_pk" PRIMARY KEY("del","word")
);
--> statement-breakpoint
-- The keys a vocabulary word is filed under: itself and every string one deletion from it. One definition, used here, at import (src/content/search-index.ts) and by the lookup (src/content/search-correct.ts). PL/pgSQL so the planner keeps ROWS 10: an inlined SQL body would be guessed at 1,000 rows per word, and the cost of that guess switched JIT compilation on (25 ms).
CREATE FUNCTION "vocab_delete_keys"("w" text) RETURNS SETOF text LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE ROWS 10 AS $$
BEGIN
  RETURN QUERY SELECT $1 UNION SELECT left($1, i) || substr($1, i + 2) FROM generate_series(0, char_length($1) - 1) AS i;
END
$$;--> statement-breakpoint
INSERT INTO "search_vocab_deletes" ("del", "word") SELECT k, v."word" FROM "search_vocab" v, "vocab_delete_keys"(v."word") AS k ON CONFLICT DO NOTHING;--> statement-breakpoint
-- PGlite has no autovacuum: the lookups need statistics on the new table.
ANALYZE "search_vocab_deletes";
