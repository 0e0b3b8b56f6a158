CREATE TABLE "journal"."campaign_stale_series" (
	"account" text NOT NULL,
	"symbol" text NOT NULL,
	"is_full" boolean DEFAULT false NOT NULL,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_stale_series_account_symbol_pk" PRIMARY KEY("account","symbol")
);
--> statement-breakpoint
CREATE TABLE "journal"."campaign_summaries" (
	"group_id" uuid PRIMARY KEY NOT NULL,
	"account" text NOT NULL,
	"symbol" text NOT NULL,
	"currency" text NOT NULL,
	"side" text NOT NULL,
	"status" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"max_position" double precision NOT NULL,
	"qty" double precision NOT NULL,
	"closed_qty" double precision NOT NULL,
	"open_qty" double precision NOT NULL,
	"avg_entry_price" double precision,
	"avg_exit_price" double precision,
	"gross_cents" bigint,
	"fees_cents" bigint NOT NULL,
	"net_cents" bigint,
	"fill_count" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "ix_campaign_summaries_series" ON "journal"."campaign_summaries" USING btree ("account","symbol");--> statement-breakpoint
CREATE INDEX "ix_campaign_summaries_opened_at" ON "journal"."campaign_summaries" USING btree ("opened_at");--> statement-breakpoint
-- A journal that already holds fills gets its summaries on the first campaigns read after this
-- migration: every series is marked for a full regroup.
INSERT INTO "journal"."campaign_stale_series" ("account", "symbol", "is_full")
SELECT DISTINCT "account", "symbol", true FROM "journal"."trade_fills";
