CREATE TABLE "inbound_queue" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel" varchar(16) NOT NULL,
	"event_id" text NOT NULL,
	"user_id" text NOT NULL,
	"event" jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"claimed_until" timestamp with time zone,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"done_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "inbound_events" ADD COLUMN "finished_at" timestamp with time zone;--> statement-breakpoint
UPDATE "inbound_events" SET "finished_at" = "received_at";--> statement-breakpoint
ALTER TABLE "outbound_messages" ADD COLUMN "claimed_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_queue_channel_event" ON "inbound_queue" USING btree ("channel","event_id");--> statement-breakpoint
CREATE INDEX "inbound_queue_open" ON "inbound_queue" USING btree ("done_at","id");