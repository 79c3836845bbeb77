CREATE TABLE "procedures" (
	"code" varchar(32) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"field" text NOT NULL,
	"level" varchar(16) DEFAULT 'xa' NOT NULL,
	"level_note" text,
	"agency" text,
	"time_text" text,
	"time_days" integer,
	"documents" jsonb,
	"steps" jsonb,
	"submit_where" text,
	"submit_how" text,
	"online_level" varchar(16),
	"online_url" text,
	"legal_basis" text,
	"fees" jsonb,
	"fee_note" text,
	"aliases" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"faq" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reviewed_at" date,
	"source" text,
	"active" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "procedures_updated" ON "procedures" USING btree ("updated_at");