CREATE TABLE "feedback" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" varchar(20) NOT NULL,
	"kind" varchar(16) NOT NULL,
	"status" varchar(16) DEFAULT 'moi' NOT NULL,
	"channel" varchar(16) NOT NULL,
	"user_id" text NOT NULL,
	"lang" varchar(5) DEFAULT 'vi' NOT NULL,
	"content" text NOT NULL,
	"photos" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"name" text,
	"address" text,
	"phone" varchar(32),
	"is_public" boolean DEFAULT false NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"received_date" date NOT NULL,
	"due_date" date NOT NULL,
	"assigned_to" text,
	"answer" text,
	"answered_at" timestamp with time zone,
	"answered_by" text,
	"transferred_to" text,
	"last_citizen_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feedback_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "feedback_counters" (
	"prefix" varchar(4) NOT NULL,
	"day" date NOT NULL,
	"last" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "feedback_counters_prefix_day_pk" PRIMARY KEY("prefix","day")
);
--> statement-breakpoint
CREATE TABLE "feedback_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"feedback_id" integer NOT NULL,
	"actor" text NOT NULL,
	"action" varchar(24) NOT NULL,
	"from_status" varchar(16),
	"to_status" varchar(16),
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "feedback_events" ADD CONSTRAINT "feedback_events_feedback_id_feedback_id_fk" FOREIGN KEY ("feedback_id") REFERENCES "public"."feedback"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "feedback_received" ON "feedback" USING btree ("received_date");--> statement-breakpoint
CREATE INDEX "feedback_status" ON "feedback" USING btree ("status","due_date");--> statement-breakpoint
CREATE INDEX "feedback_user" ON "feedback" USING btree ("channel","user_id","received_at");--> statement-breakpoint
CREATE INDEX "feedback_events_item" ON "feedback_events" USING btree ("feedback_id","created_at");