CREATE TABLE "publication_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"publication_id" integer NOT NULL,
	"subscriber_id" integer NOT NULL,
	"channel" varchar(16) NOT NULL,
	"user_id" text NOT NULL,
	"state" varchar(16) DEFAULT 'pending' NOT NULL,
	"attempt_key" varchar(40),
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"last_error" text,
	"platform_message_id" text,
	"paid" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "publication_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"publication_id" integer NOT NULL,
	"from_state" varchar(16),
	"to_state" varchar(16) NOT NULL,
	"actor" text NOT NULL,
	"note" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "publications" (
	"id" serial PRIMARY KEY NOT NULL,
	"week" varchar(8) NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"state" varchar(16) DEFAULT 'draft' NOT NULL,
	"content" jsonb NOT NULL,
	"texts" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"approved_by" text,
	"approved_at" timestamp with time zone,
	"scheduled_for" timestamp with time zone,
	"sending_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "publication_deliveries_unique" ON "publication_deliveries" USING btree ("publication_id","subscriber_id");--> statement-breakpoint
CREATE INDEX "publication_deliveries_due" ON "publication_deliveries" USING btree ("state","channel","next_attempt_at");--> statement-breakpoint
CREATE INDEX "publication_deliveries_pub_state" ON "publication_deliveries" USING btree ("publication_id","state");--> statement-breakpoint
CREATE INDEX "publication_deliveries_user" ON "publication_deliveries" USING btree ("channel","user_id","state");--> statement-breakpoint
CREATE INDEX "publication_events_pub" ON "publication_events" USING btree ("publication_id","at");--> statement-breakpoint
CREATE INDEX "publications_state" ON "publications" USING btree ("state");--> statement-breakpoint
CREATE INDEX "publications_week" ON "publications" USING btree ("week");