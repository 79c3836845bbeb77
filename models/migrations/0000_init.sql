CREATE TABLE "inbound_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel" varchar(16) NOT NULL,
	"event_id" text NOT NULL,
	"user_id" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel" varchar(16) NOT NULL,
	"user_id" text NOT NULL,
	"direction" varchar(3) NOT NULL,
	"text" text NOT NULL,
	"intent" varchar(32),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbound_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel" varchar(16) NOT NULL,
	"user_id" text NOT NULL,
	"kind" varchar(16) NOT NULL,
	"replies" jsonb NOT NULL,
	"status" varchar(16) DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"platform_message_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" serial PRIMARY KEY NOT NULL,
	"channel" varchar(16) NOT NULL,
	"user_id" text NOT NULL,
	"lang" varchar(5) DEFAULT 'vi' NOT NULL,
	"dialog" jsonb,
	"memory" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"options" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"last_inbound_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unanswered_questions" (
	"id" serial PRIMARY KEY NOT NULL,
	"normalized" text NOT NULL,
	"text" text NOT NULL,
	"count" integer DEFAULT 1 NOT NULL,
	"status" varchar(16) DEFAULT 'open' NOT NULL,
	"procedure_code" varchar(32),
	"first_asked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_asked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dossier_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dossier_code" varchar(64) NOT NULL,
	"status" smallint NOT NULL,
	"changes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"source" varchar(16) NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dossier_lookups" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel" varchar(16) NOT NULL,
	"user_id" text NOT NULL,
	"dossier_code" varchar(64) NOT NULL,
	"success" boolean NOT NULL,
	"attempted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dossier_watches" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dossier_code" varchar(64) NOT NULL,
	"channel" varchar(16) NOT NULL,
	"user_id" text NOT NULL,
	"notified_status" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dossiers" (
	"code" varchar(64) PRIMARY KEY NOT NULL,
	"procedure_code" varchar(40),
	"procedure_name" text,
	"field" text,
	"channel" varchar(16),
	"online_level" varchar(16),
	"source" varchar(24) DEFAULT 'mot_cua' NOT NULL,
	"received_date" date,
	"due_date" date,
	"end_date" date,
	"returned_date" date,
	"status" smallint NOT NULL,
	"applicant_name" text,
	"applicant_phone" varchar(32),
	"apology_date" date,
	"new_due_date" date,
	"content_hash" varchar(64) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_events_channel_event" ON "inbound_events" USING btree ("channel","event_id");--> statement-breakpoint
CREATE INDEX "messages_user" ON "messages" USING btree ("channel","user_id","created_at");--> statement-breakpoint
CREATE INDEX "messages_created" ON "messages" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "outbound_due" ON "outbound_messages" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "outbound_user" ON "outbound_messages" USING btree ("channel","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_channel_user" ON "sessions" USING btree ("channel","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "unanswered_normalized" ON "unanswered_questions" USING btree ("normalized");--> statement-breakpoint
CREATE INDEX "dossier_history_code" ON "dossier_history" USING btree ("dossier_code","recorded_at");--> statement-breakpoint
CREATE INDEX "dossier_lookups_user" ON "dossier_lookups" USING btree ("channel","user_id","attempted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "dossier_watches_unique" ON "dossier_watches" USING btree ("dossier_code","channel","user_id");--> statement-breakpoint
CREATE INDEX "dossiers_received" ON "dossiers" USING btree ("received_date");--> statement-breakpoint
CREATE INDEX "dossiers_end" ON "dossiers" USING btree ("end_date");--> statement-breakpoint
CREATE INDEX "dossiers_status" ON "dossiers" USING btree ("status");