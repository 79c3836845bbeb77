ALTER TABLE "unanswered_questions" ADD COLUMN "kind" varchar(16) DEFAULT 'unanswered' NOT NULL;--> statement-breakpoint
ALTER TABLE "unanswered_questions" ADD COLUMN "answered" text;