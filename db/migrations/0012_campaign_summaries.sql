CREATE TABLE "journal"."campaign_summaries" (
	"group_id" uuid PRIMARY KEY NOT NULL,
	"account" text NOT NULL,
	"symbol" varchar(20) NOT NULL,
	"currency" varchar(10) NOT NULL,
	"status" varchar(20) NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"gross_cents" bigint,
	"fees_cents" bigint NOT NULL,
	"net_cents" bigint,
	"strategy" text,
	"dto" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "journal"."campaign_summaries" ADD CONSTRAINT "campaign_summaries_group_id_trade_fills_id_fk" FOREIGN KEY ("group_id") REFERENCES "journal"."trade_fills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ix_campaign_summaries_opened_at" ON "journal"."campaign_summaries" USING btree ("opened_at","group_id");--> statement-breakpoint
CREATE INDEX "ix_campaign_summaries_account_symbol" ON "journal"."campaign_summaries" USING btree ("account","symbol");--> statement-breakpoint
CREATE INDEX "ix_trade_fills_symbol_executed_at" ON "journal"."trade_fills" USING btree ("symbol","executed_at");