CREATE TABLE "rating_invitations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dossier_code" varchar(64) NOT NULL,
	"channel" varchar(16) NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "rating_invitations_unique" ON "rating_invitations" USING btree ("dossier_code","channel","user_id");