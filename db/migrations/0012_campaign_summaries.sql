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
-- A journal that already holds fills gets its summaries on the first campaigns read after this
-- migration: every series is marked for a full regroup.
INSERT INTO "journal"."campaign_stale_series" ("account", "symbol", "is_full")
SELECT DISTINCT "account", "symbol", true FROM "journal"."trade_fills";
--> statement-breakpoint
-- A counter every write to what the journal's statistics read moves, so the core can keep those
-- rows decoded in memory and know, with one small query, when they went stale. Statement-level
-- triggers, enabled ALWAYS: they fire in bulk loads and while sync applies pulled rows too.
CREATE SEQUENCE "journal"."campaign_reads_version";
--> statement-breakpoint
CREATE FUNCTION "journal"."bump_campaign_reads_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nextval('journal.campaign_reads_version');
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "trg_campaign_summaries_reads_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "journal"."campaign_summaries" FOR EACH STATEMENT EXECUTE FUNCTION "journal"."bump_campaign_reads_version"();
--> statement-breakpoint
ALTER TABLE "journal"."campaign_summaries" ENABLE ALWAYS TRIGGER "trg_campaign_summaries_reads_version";
--> statement-breakpoint
CREATE TRIGGER "trg_campaign_fills_reads_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "journal"."campaign_fills" FOR EACH STATEMENT EXECUTE FUNCTION "journal"."bump_campaign_reads_version"();
--> statement-breakpoint
ALTER TABLE "journal"."campaign_fills" ENABLE ALWAYS TRIGGER "trg_campaign_fills_reads_version";
--> statement-breakpoint
CREATE TRIGGER "trg_decision_contexts_reads_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "journal"."decision_contexts" FOR EACH STATEMENT EXECUTE FUNCTION "journal"."bump_campaign_reads_version"();
--> statement-breakpoint
ALTER TABLE "journal"."decision_contexts" ENABLE ALWAYS TRIGGER "trg_decision_contexts_reads_version";
--> statement-breakpoint
CREATE TRIGGER "trg_journal_entries_reads_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "journal"."journal_entries" FOR EACH STATEMENT EXECUTE FUNCTION "journal"."bump_campaign_reads_version"();
--> statement-breakpoint
ALTER TABLE "journal"."journal_entries" ENABLE ALWAYS TRIGGER "trg_journal_entries_reads_version";
--> statement-breakpoint
CREATE TRIGGER "trg_strategies_reads_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "strategy"."strategies" FOR EACH STATEMENT EXECUTE FUNCTION "journal"."bump_campaign_reads_version"();
--> statement-breakpoint
ALTER TABLE "strategy"."strategies" ENABLE ALWAYS TRIGGER "trg_strategies_reads_version";
