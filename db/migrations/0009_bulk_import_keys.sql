-- Bulk imports: identifiers the seed does not declare as foreign keys stop being checked per row
-- (trade_fills.import_batch_id, campaign_fills.group_id); the corrections index holds only
-- corrections; the batch index is a block-range index; campaign membership's uniqueness is a
-- unique index a bulk load can rebuild, which also serves lookups by group_id.
ALTER TABLE "journal"."campaign_fills" DROP CONSTRAINT "uq_campaign_fills_group_fill";--> statement-breakpoint
ALTER TABLE "journal"."trade_fills" DROP CONSTRAINT "trade_fills_import_batch_id_import_batches_id_fk";
--> statement-breakpoint
ALTER TABLE "journal"."campaign_fills" DROP CONSTRAINT "campaign_fills_group_id_trade_fills_id_fk";
--> statement-breakpoint
DROP INDEX "journal"."ix_campaign_fills_group_id";--> statement-breakpoint
DROP INDEX "journal"."ix_trade_fills_import_batch_id";--> statement-breakpoint
DROP INDEX "journal"."ix_trade_fills_corrects_fill_id";--> statement-breakpoint
CREATE UNIQUE INDEX "uq_campaign_fills_group_fill" ON "journal"."campaign_fills" USING btree ("group_id","fill_id");--> statement-breakpoint
CREATE INDEX "ix_trade_fills_import_batch_id" ON "journal"."trade_fills" USING brin ("import_batch_id");--> statement-breakpoint
CREATE INDEX "ix_trade_fills_corrects_fill_id" ON "journal"."trade_fills" USING btree ("corrects_fill_id") WHERE "journal"."trade_fills"."corrects_fill_id" IS NOT NULL;