CREATE SCHEMA "core";
--> statement-breakpoint
CREATE TABLE "core"."app_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
