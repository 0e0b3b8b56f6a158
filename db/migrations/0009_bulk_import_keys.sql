-- Bulk imports: identifiers the seed does not declare as foreign keys stop being checked per row
-- (trade_fills.import_batch_id, campaign_fills.group_id), and the corrections index holds
-- only corrections.
ALTER TABLE "journal"."trade_fills" DROP CONSTRAINT "trade_fills_import_batch_id_import_batches_id_fk";
--> statement-breakpoint
ALTER TABLE "journal"."campaign_fills" DROP CONSTRAINT "campaign_fills_group_id_trade_fills_id_fk";
--> statement-breakpoint
DROP INDEX "journal"."ix_trade_fills_corrects_fill_id";--> statement-breakpoint
CREATE INDEX "ix_trade_fills_corrects_fill_id" ON "journal"."trade_fills" USING btree ("corrects_fill_id") WHERE "journal"."trade_fills"."corrects_fill_id" IS NOT NULL;