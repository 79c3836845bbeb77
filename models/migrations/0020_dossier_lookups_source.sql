ALTER TABLE "dossier_lookups" ADD COLUMN "source" varchar(80);--> statement-breakpoint
CREATE INDEX "dossier_lookups_source" ON "dossier_lookups" USING btree ("source","attempted_at");