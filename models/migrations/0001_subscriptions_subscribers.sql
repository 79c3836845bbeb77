CREATE TABLE "subscribers" (
	"id" serial PRIMARY KEY NOT NULL,
	"channel" varchar(16) NOT NULL,
	"user_id" text NOT NULL,
	"status" varchar(16) DEFAULT 'active' NOT NULL,
	"source" varchar(16) NOT NULL,
	"reason" varchar(16),
	"subscribed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"unsubscribed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "subscribers_channel_user" ON "subscribers" USING btree ("channel","user_id");--> statement-breakpoint
CREATE INDEX "subscribers_status" ON "subscribers" USING btree ("status","id");