ALTER TABLE "drill_answers" ADD COLUMN "match" jsonb;--> statement-breakpoint
ALTER TABLE "practice_reviews" ADD COLUMN "suggested_rating" integer;--> statement-breakpoint
ALTER TABLE "practice_reviews" ADD COLUMN "previous_card" jsonb;