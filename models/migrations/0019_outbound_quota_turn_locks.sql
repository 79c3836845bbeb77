CREATE TABLE "outbound_quota" (
	"key" varchar(32) NOT NULL,
	"period" varchar(10) NOT NULL,
	"used" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "outbound_quota_key_period_pk" PRIMARY KEY("key","period")
);
--> statement-breakpoint
CREATE TABLE "turn_locks" (
	"channel" varchar(16) NOT NULL,
	"user_id" text NOT NULL,
	"owner" text NOT NULL,
	"until" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "turn_locks_user" ON "turn_locks" USING btree ("channel","user_id");