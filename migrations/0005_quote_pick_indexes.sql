DROP INDEX "quote_topics_topic_idx";--> statement-breakpoint
DROP INDEX "quotes_pack_speaker_idx";--> statement-breakpoint
CREATE INDEX "quote_topics_topic_idx" ON "quote_topics" USING btree ("topic_id","quote_id");--> statement-breakpoint
CREATE INDEX "quotes_pack_speaker_idx" ON "quotes" USING btree ("pack_id","speaker","id");