CREATE TABLE "search_words" (
	"pack_id" integer NOT NULL,
	"word" text NOT NULL,
	"stem" text,
	"nentry" integer NOT NULL,
	"name" boolean DEFAULT false NOT NULL,
	CONSTRAINT "search_words_pack_id_word_pk" PRIMARY KEY("pack_id","word")
);
--> statement-breakpoint
ALTER TABLE "claims" ADD COLUMN "extra" "tsvector" DEFAULT ''::tsvector NOT NULL;--> statement-breakpoint
ALTER TABLE "search_words" ADD CONSTRAINT "search_words_pack_id_packs_id_fk" FOREIGN KEY ("pack_id") REFERENCES "public"."packs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "search_words_word_idx" ON "search_words" USING btree ("word");--> statement-breakpoint
CREATE INDEX "search_words_stem_idx" ON "search_words" USING btree ("stem");--> statement-breakpoint
CREATE INDEX "search_words_word_trgm" ON "search_words" USING gin ("word" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "claims_search_all_gin" ON "claims" USING gin (("search" || "extra"));