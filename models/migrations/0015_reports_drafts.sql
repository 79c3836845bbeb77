CREATE TABLE "report_drafts" (
	"id" serial PRIMARY KEY NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"kind" varchar(16) NOT NULL,
	"label" text NOT NULL,
	"texts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"figures" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"approved_figures" jsonb,
	"state" varchar(16) DEFAULT 'draft' NOT NULL,
	"carried_from" text,
	"updated_by" text,
	"approved_by" text,
	"approved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "report_drafts_period" ON "report_drafts" USING btree ("period_from","period_to");--> statement-breakpoint
CREATE INDEX "report_drafts_kind" ON "report_drafts" USING btree ("kind","period_to");