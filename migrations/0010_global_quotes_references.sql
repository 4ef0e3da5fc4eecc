ALTER TABLE "quotes" ADD COLUMN "global" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "references" ADD COLUMN "global" boolean DEFAULT false NOT NULL;--> statement-breakpoint
UPDATE "quotes" SET "global" = true FROM "packs" WHERE "packs"."id" = "quotes"."pack_id" AND "packs"."guild_id" IS NULL;--> statement-breakpoint
UPDATE "references" SET "global" = true FROM "packs" WHERE "packs"."id" = "references"."pack_id" AND "packs"."guild_id" IS NULL;--> statement-breakpoint
CREATE INDEX "quotes_search_global_gin" ON "quotes" USING gin ("search") WHERE "quotes"."global";--> statement-breakpoint
CREATE INDEX "quotes_text_global_trgm" ON "quotes" USING gin ("text" gin_trgm_ops) WHERE "quotes"."global";--> statement-breakpoint
CREATE INDEX "quotes_speaker_global_trgm" ON "quotes" USING gin ("speaker" gin_trgm_ops) WHERE "quotes"."global";--> statement-breakpoint
CREATE INDEX "references_code_global" ON "references" USING btree ("code_norm" text_pattern_ops) WHERE "references"."global";--> statement-breakpoint
CREATE INDEX "references_title_global_trgm" ON "references" USING gin ("title" gin_trgm_ops) WHERE "references"."global";--> statement-breakpoint
-- PGlite has no autovacuum: the lookups need statistics on the new column.
ANALYZE "quotes";--> statement-breakpoint
ANALYZE "references";
