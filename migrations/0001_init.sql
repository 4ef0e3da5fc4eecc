CREATE TABLE "claim_refs" (
	"claim_id" integer NOT NULL,
	"reference_id" integer NOT NULL,
	CONSTRAINT "claim_refs_claim_id_reference_id_pk" PRIMARY KEY("claim_id","reference_id")
);
--> statement-breakpoint
CREATE TABLE "claim_topics" (
	"claim_id" integer NOT NULL,
	"topic_id" integer NOT NULL,
	CONSTRAINT "claim_topics_claim_id_topic_id_pk" PRIMARY KEY("claim_id","topic_id")
);
--> statement-breakpoint
CREATE TABLE "claims" (
	"id" serial PRIMARY KEY NOT NULL,
	"pack_id" integer NOT NULL,
	"slug" text NOT NULL,
	"text" text NOT NULL,
	"attributed_to" text NOT NULL,
	"keywords" text DEFAULT '' NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', "claims"."text"), 'A') || setweight(to_tsvector('english', "claims"."attributed_to"), 'B') || setweight(to_tsvector('english', "claims"."keywords"), 'C')) STORED NOT NULL
);
--> statement-breakpoint
CREATE TABLE "key_points" (
	"id" serial PRIMARY KEY NOT NULL,
	"rebuttal_id" integer NOT NULL,
	"position" integer NOT NULL,
	"text" text NOT NULL,
	"terms" text[] DEFAULT '{}'::text[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "packs" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"guild_id" text,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"source" jsonb NOT NULL,
	"licence" text NOT NULL,
	"version" integer NOT NULL,
	"synonyms" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "packs_owner_slug_uq" UNIQUE NULLS NOT DISTINCT("guild_id","slug")
);
--> statement-breakpoint
CREATE TABLE "quote_refs" (
	"quote_id" integer NOT NULL,
	"reference_id" integer NOT NULL,
	CONSTRAINT "quote_refs_quote_id_reference_id_pk" PRIMARY KEY("quote_id","reference_id")
);
--> statement-breakpoint
CREATE TABLE "quote_topics" (
	"quote_id" integer NOT NULL,
	"topic_id" integer NOT NULL,
	CONSTRAINT "quote_topics_quote_id_topic_id_pk" PRIMARY KEY("quote_id","topic_id")
);
--> statement-breakpoint
CREATE TABLE "quotes" (
	"id" serial PRIMARY KEY NOT NULL,
	"pack_id" integer NOT NULL,
	"slug" text NOT NULL,
	"text" text NOT NULL,
	"speaker" text NOT NULL,
	"work" text,
	"year" integer,
	"context" text,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', "quotes"."text"), 'A') || setweight(to_tsvector('english', "quotes"."speaker"), 'B') || setweight(to_tsvector('english', coalesce("quotes"."work", '')), 'C')) STORED NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rebuttal_refs" (
	"rebuttal_id" integer NOT NULL,
	"reference_id" integer NOT NULL,
	CONSTRAINT "rebuttal_refs_rebuttal_id_reference_id_pk" PRIMARY KEY("rebuttal_id","reference_id")
);
--> statement-breakpoint
CREATE TABLE "rebuttals" (
	"id" serial PRIMARY KEY NOT NULL,
	"pack_id" integer NOT NULL,
	"claim_id" integer NOT NULL,
	"parent_id" integer,
	"slug" text NOT NULL,
	"text" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (to_tsvector('english', "rebuttals"."text")) STORED NOT NULL
);
--> statement-breakpoint
CREATE TABLE "references" (
	"id" serial PRIMARY KEY NOT NULL,
	"pack_id" integer NOT NULL,
	"code" text NOT NULL,
	"code_norm" text NOT NULL,
	"title" text NOT NULL,
	"work" text NOT NULL,
	"url" text
);
--> statement-breakpoint
CREATE TABLE "topics" (
	"id" serial PRIMARY KEY NOT NULL,
	"pack_id" integer NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text
);
--> statement-breakpoint
CREATE TABLE "app_state" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "guild_settings" (
	"guild_id" text PRIMARY KEY NOT NULL,
	"anonymous_drills" boolean DEFAULT false NOT NULL,
	"public_leaderboards" boolean DEFAULT true NOT NULL,
	"drill_runner_role_id" text,
	"drill_vote_minutes" integer DEFAULT 5 NOT NULL,
	"drill_votes_per_member" integer DEFAULT 3 NOT NULL,
	"voters_must_answer" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "daily_posts" (
	"guild_id" text NOT NULL,
	"local_date" date NOT NULL,
	"quote_id" integer,
	"cycle" integer NOT NULL,
	"channel_id" text NOT NULL,
	"status" text DEFAULT 'claimed' NOT NULL,
	"message_id" text,
	"error" text,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "daily_posts_guild_id_local_date_pk" PRIMARY KEY("guild_id","local_date")
);
--> statement-breakpoint
CREATE TABLE "daily_schedules" (
	"guild_id" text PRIMARY KEY NOT NULL,
	"channel_id" text NOT NULL,
	"time" text NOT NULL,
	"timezone" text NOT NULL,
	"topic_slug" text,
	"pack_slug" text,
	"cycle" integer DEFAULT 1 NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"guild_id" text NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"run_at" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"paused_reason" text,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "drill_answers" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"drill_id" bigint NOT NULL,
	"guild_id" text NOT NULL,
	"user_id" text NOT NULL,
	"display_name" text NOT NULL,
	"text" text NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"edits" integer DEFAULT 0 NOT NULL,
	"coverage" real,
	"hits" jsonb,
	"cited_reference" boolean,
	"auto_score" integer,
	"votes" integer DEFAULT 0 NOT NULL,
	"final_score" integer
);
--> statement-breakpoint
CREATE TABLE "drill_schedules" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"guild_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"cron" text NOT NULL,
	"timezone" text NOT NULL,
	"topic_slug" text,
	"minutes" integer DEFAULT 10 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "drill_votes" (
	"drill_id" bigint NOT NULL,
	"voter_id" text NOT NULL,
	"answer_id" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "drill_votes_drill_id_voter_id_answer_id_pk" PRIMARY KEY("drill_id","voter_id","answer_id")
);
--> statement-breakpoint
CREATE TABLE "drills" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"guild_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"message_id" text,
	"claim_id" integer NOT NULL,
	"rebuttal_id" integer,
	"mode" text DEFAULT 'standard' NOT NULL,
	"topic_slug" text,
	"status" text DEFAULT 'open' NOT NULL,
	"started_by" text NOT NULL,
	"schedule_id" bigint,
	"anonymous" boolean DEFAULT false NOT NULL,
	"votes_per_member" integer DEFAULT 3 NOT NULL,
	"voters_must_answer" boolean DEFAULT false NOT NULL,
	"vote_minutes" integer DEFAULT 5 NOT NULL,
	"opens_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"voting_ends_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "member_stats" (
	"guild_id" text NOT NULL,
	"user_id" text NOT NULL,
	"display_name" text NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"drills_answered" integer DEFAULT 0 NOT NULL,
	"coverage_sum" real DEFAULT 0 NOT NULL,
	"best_score" integer DEFAULT 0 NOT NULL,
	"current_streak" integer DEFAULT 0 NOT NULL,
	"longest_streak" integer DEFAULT 0 NOT NULL,
	"last_streak_key" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_stats_guild_id_user_id_pk" PRIMARY KEY("guild_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "score_adjustments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"guild_id" text NOT NULL,
	"user_id" text NOT NULL,
	"drill_id" bigint,
	"delta" integer NOT NULL,
	"reason" text NOT NULL,
	"moderator_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "practice_cards" (
	"guild_id" text NOT NULL,
	"user_id" text NOT NULL,
	"claim_id" integer NOT NULL,
	"due" timestamp with time zone NOT NULL,
	"stability" real NOT NULL,
	"difficulty" real NOT NULL,
	"elapsed_days" integer NOT NULL,
	"scheduled_days" integer NOT NULL,
	"learning_steps" integer DEFAULT 0 NOT NULL,
	"reps" integer NOT NULL,
	"lapses" integer NOT NULL,
	"state" integer NOT NULL,
	"last_review" timestamp with time zone,
	CONSTRAINT "practice_cards_guild_id_user_id_claim_id_pk" PRIMARY KEY("guild_id","user_id","claim_id")
);
--> statement-breakpoint
CREATE TABLE "practice_reviews" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"guild_id" text NOT NULL,
	"user_id" text NOT NULL,
	"claim_id" integer NOT NULL,
	"rating" integer NOT NULL,
	"coverage" real NOT NULL,
	"reviewed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "claim_refs" ADD CONSTRAINT "claim_refs_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_refs" ADD CONSTRAINT "claim_refs_reference_id_references_id_fk" FOREIGN KEY ("reference_id") REFERENCES "public"."references"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_topics" ADD CONSTRAINT "claim_topics_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_topics" ADD CONSTRAINT "claim_topics_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_pack_id_packs_id_fk" FOREIGN KEY ("pack_id") REFERENCES "public"."packs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_points" ADD CONSTRAINT "key_points_rebuttal_id_rebuttals_id_fk" FOREIGN KEY ("rebuttal_id") REFERENCES "public"."rebuttals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_refs" ADD CONSTRAINT "quote_refs_quote_id_quotes_id_fk" FOREIGN KEY ("quote_id") REFERENCES "public"."quotes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_refs" ADD CONSTRAINT "quote_refs_reference_id_references_id_fk" FOREIGN KEY ("reference_id") REFERENCES "public"."references"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_topics" ADD CONSTRAINT "quote_topics_quote_id_quotes_id_fk" FOREIGN KEY ("quote_id") REFERENCES "public"."quotes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quote_topics" ADD CONSTRAINT "quote_topics_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_pack_id_packs_id_fk" FOREIGN KEY ("pack_id") REFERENCES "public"."packs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rebuttal_refs" ADD CONSTRAINT "rebuttal_refs_rebuttal_id_rebuttals_id_fk" FOREIGN KEY ("rebuttal_id") REFERENCES "public"."rebuttals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rebuttal_refs" ADD CONSTRAINT "rebuttal_refs_reference_id_references_id_fk" FOREIGN KEY ("reference_id") REFERENCES "public"."references"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rebuttals" ADD CONSTRAINT "rebuttals_pack_id_packs_id_fk" FOREIGN KEY ("pack_id") REFERENCES "public"."packs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rebuttals" ADD CONSTRAINT "rebuttals_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rebuttals" ADD CONSTRAINT "rebuttals_parent_id_rebuttals_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."rebuttals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "references" ADD CONSTRAINT "references_pack_id_packs_id_fk" FOREIGN KEY ("pack_id") REFERENCES "public"."packs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topics" ADD CONSTRAINT "topics_pack_id_packs_id_fk" FOREIGN KEY ("pack_id") REFERENCES "public"."packs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_posts" ADD CONSTRAINT "daily_posts_quote_id_quotes_id_fk" FOREIGN KEY ("quote_id") REFERENCES "public"."quotes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drill_answers" ADD CONSTRAINT "drill_answers_drill_id_drills_id_fk" FOREIGN KEY ("drill_id") REFERENCES "public"."drills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drill_votes" ADD CONSTRAINT "drill_votes_drill_id_drills_id_fk" FOREIGN KEY ("drill_id") REFERENCES "public"."drills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drill_votes" ADD CONSTRAINT "drill_votes_answer_id_drill_answers_id_fk" FOREIGN KEY ("answer_id") REFERENCES "public"."drill_answers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drills" ADD CONSTRAINT "drills_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drills" ADD CONSTRAINT "drills_rebuttal_id_rebuttals_id_fk" FOREIGN KEY ("rebuttal_id") REFERENCES "public"."rebuttals"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_adjustments" ADD CONSTRAINT "score_adjustments_drill_id_drills_id_fk" FOREIGN KEY ("drill_id") REFERENCES "public"."drills"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_cards" ADD CONSTRAINT "practice_cards_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_reviews" ADD CONSTRAINT "practice_reviews_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "claim_refs_ref_idx" ON "claim_refs" USING btree ("reference_id");--> statement-breakpoint
CREATE INDEX "claim_topics_topic_idx" ON "claim_topics" USING btree ("topic_id");--> statement-breakpoint
CREATE UNIQUE INDEX "claims_pack_slug_uq" ON "claims" USING btree ("pack_id","slug");--> statement-breakpoint
CREATE INDEX "claims_search_gin" ON "claims" USING gin ("search");--> statement-breakpoint
CREATE INDEX "claims_text_trgm" ON "claims" USING gin ("text" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "key_points_rebuttal_pos_uq" ON "key_points" USING btree ("rebuttal_id","position");--> statement-breakpoint
CREATE INDEX "quote_refs_ref_idx" ON "quote_refs" USING btree ("reference_id");--> statement-breakpoint
CREATE INDEX "quote_topics_topic_idx" ON "quote_topics" USING btree ("topic_id");--> statement-breakpoint
CREATE UNIQUE INDEX "quotes_pack_slug_uq" ON "quotes" USING btree ("pack_id","slug");--> statement-breakpoint
CREATE INDEX "quotes_search_gin" ON "quotes" USING gin ("search");--> statement-breakpoint
CREATE INDEX "quotes_text_trgm" ON "quotes" USING gin ("text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "quotes_speaker_trgm" ON "quotes" USING gin ("speaker" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "quotes_pack_speaker_idx" ON "quotes" USING btree ("pack_id","speaker");--> statement-breakpoint
CREATE INDEX "rebuttal_refs_ref_idx" ON "rebuttal_refs" USING btree ("reference_id");--> statement-breakpoint
CREATE UNIQUE INDEX "rebuttals_pack_slug_uq" ON "rebuttals" USING btree ("pack_id","slug");--> statement-breakpoint
CREATE INDEX "rebuttals_claim_idx" ON "rebuttals" USING btree ("claim_id");--> statement-breakpoint
CREATE INDEX "rebuttals_parent_idx" ON "rebuttals" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "rebuttals_search_gin" ON "rebuttals" USING gin ("search");--> statement-breakpoint
CREATE UNIQUE INDEX "references_pack_code_uq" ON "references" USING btree ("pack_id","code_norm");--> statement-breakpoint
CREATE INDEX "references_code_trgm" ON "references" USING gin ("code_norm" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "references_title_trgm" ON "references" USING gin ("title" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "topics_pack_slug_uq" ON "topics" USING btree ("pack_id","slug");--> statement-breakpoint
CREATE INDEX "topics_name_trgm" ON "topics" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "daily_posts_guild_cycle_idx" ON "daily_posts" USING btree ("guild_id","cycle");--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_kind_key_uq" ON "jobs" USING btree ("kind","key");--> statement-breakpoint
CREATE INDEX "jobs_due_idx" ON "jobs" USING btree ("run_at") WHERE "jobs"."paused_reason" is null;--> statement-breakpoint
CREATE INDEX "jobs_guild_idx" ON "jobs" USING btree ("guild_id");--> statement-breakpoint
CREATE UNIQUE INDEX "drill_answers_drill_user_uq" ON "drill_answers" USING btree ("drill_id","user_id");--> statement-breakpoint
CREATE INDEX "drill_answers_guild_user_idx" ON "drill_answers" USING btree ("guild_id","user_id");--> statement-breakpoint
CREATE INDEX "drill_votes_answer_idx" ON "drill_votes" USING btree ("answer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "drills_one_open_per_channel_uq" ON "drills" USING btree ("guild_id","channel_id") WHERE "drills"."status" <> 'closed';--> statement-breakpoint
CREATE INDEX "drills_guild_idx" ON "drills" USING btree ("guild_id","closed_at");--> statement-breakpoint
CREATE INDEX "member_stats_points_idx" ON "member_stats" USING btree ("guild_id","points");--> statement-breakpoint
CREATE INDEX "score_adjustments_guild_user_idx" ON "score_adjustments" USING btree ("guild_id","user_id");--> statement-breakpoint
CREATE INDEX "practice_cards_due_idx" ON "practice_cards" USING btree ("guild_id","user_id","due");--> statement-breakpoint
CREATE INDEX "practice_reviews_member_idx" ON "practice_reviews" USING btree ("guild_id","user_id","reviewed_at");