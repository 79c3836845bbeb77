CREATE TABLE "ops_state" (
	"key" varchar(32) PRIMARY KEY NOT NULL,
	"value" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
