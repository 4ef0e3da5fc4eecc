ALTER TABLE "claims" ADD COLUMN "global" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Set at import from here on (src/content/search-index.ts); claims imported before this migration get it now.
UPDATE "claims" SET "global" = true FROM "packs" WHERE "packs"."id" = "claims"."pack_id" AND "packs"."guild_id" IS NULL;--> statement-breakpoint
CREATE INDEX "claims_search_global_gin" ON "claims" USING gin ("search") WHERE "claims"."global";--> statement-breakpoint
CREATE INDEX "claims_search_all_global_gin" ON "claims" USING gin (("search" || "extra")) WHERE "claims"."global";--> statement-breakpoint
-- PGlite has no autovacuum: without fresh statistics on the new column the planner would not see how few claims the partial indexes hold.
ANALYZE "claims";
