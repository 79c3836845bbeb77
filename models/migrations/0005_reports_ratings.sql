CREATE TABLE "ratings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dossier_code" varchar(64) NOT NULL,
	"rated_on" date NOT NULL,
	"idx1" smallint,
	"idx2" smallint,
	"idx3" smallint,
	"idx4" smallint,
	"idx5" smallint,
	"idx6" smallint,
	"idx7" smallint,
	"idx8" smallint,
	"idx9" smallint,
	"level" varchar(16),
	"origin" varchar(8) NOT NULL,
	"channel" varchar(16),
	"user_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "ratings_dossier" ON "ratings" USING btree ("dossier_code");--> statement-breakpoint
CREATE INDEX "ratings_rated_on" ON "ratings" USING btree ("rated_on");