ALTER TABLE "feedback" ADD COLUMN "form_key" varchar(24);--> statement-breakpoint
CREATE UNIQUE INDEX "feedback_form_key" ON "feedback" USING btree ("form_key");