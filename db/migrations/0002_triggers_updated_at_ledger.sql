-- Keeps updated_at current on every table that has one (seed 004 update_updated_at_column).
-- A session may set edgebook.preserve_updated_at = 'on' (SET LOCAL) to write a row with the
-- updated_at it already carries, e.g. when applying a change pulled from another device.
CREATE OR REPLACE FUNCTION core.update_updated_at_column()
RETURNS TRIGGER AS $$
BEGIN
  IF coalesce(current_setting('edgebook.preserve_updated_at', true), '') = 'on' THEN
    RETURN NEW;
  END IF;
  NEW.updated_at = CURRENT_TIMESTAMP;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- journal.trade_fills is an insert-only ledger: corrections are new rows (corrects_fill_id).
-- The one sanctioned exception is discarding an import batch that never left this device,
-- which runs with SET LOCAL edgebook.ledger_bypass = 'on' inside its own transaction.
CREATE OR REPLACE FUNCTION journal.reject_ledger_mutation()
RETURNS TRIGGER AS $$
BEGIN
  IF TG_OP = 'DELETE' AND coalesce(current_setting('edgebook.ledger_bypass', true), '') = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '%.% is an insert-only ledger: % is not allowed', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER trade_fills_ledger_guard BEFORE UPDATE OR DELETE ON journal.trade_fills
  FOR EACH ROW EXECUTE FUNCTION journal.reject_ledger_mutation();
--> statement-breakpoint
CREATE TRIGGER update_batch_jobs_updated_at BEFORE UPDATE ON backtest.batch_jobs
  FOR EACH ROW EXECUTE FUNCTION core.update_updated_at_column();
--> statement-breakpoint
CREATE TRIGGER update_app_settings_updated_at BEFORE UPDATE ON core.app_settings
  FOR EACH ROW EXECUTE FUNCTION core.update_updated_at_column();
--> statement-breakpoint
CREATE TRIGGER update_user_accounts_updated_at BEFORE UPDATE ON core.user_accounts
  FOR EACH ROW EXECUTE FUNCTION core.update_updated_at_column();
--> statement-breakpoint
CREATE TRIGGER update_user_profiles_updated_at BEFORE UPDATE ON core.user_profiles
  FOR EACH ROW EXECUTE FUNCTION core.update_updated_at_column();
--> statement-breakpoint
CREATE TRIGGER update_user_rules_updated_at BEFORE UPDATE ON core.user_rules
  FOR EACH ROW EXECUTE FUNCTION core.update_updated_at_column();
--> statement-breakpoint
CREATE TRIGGER update_waitlist_updated_at BEFORE UPDATE ON core.waitlist
  FOR EACH ROW EXECUTE FUNCTION core.update_updated_at_column();
--> statement-breakpoint
CREATE TRIGGER update_orders_updated_at BEFORE UPDATE ON execution.orders
  FOR EACH ROW EXECUTE FUNCTION core.update_updated_at_column();
--> statement-breakpoint
CREATE TRIGGER update_broker_connections_updated_at BEFORE UPDATE ON journal.broker_connections
  FOR EACH ROW EXECUTE FUNCTION core.update_updated_at_column();
--> statement-breakpoint
CREATE TRIGGER update_campaign_checks_updated_at BEFORE UPDATE ON journal.campaign_checks
  FOR EACH ROW EXECUTE FUNCTION core.update_updated_at_column();
--> statement-breakpoint
CREATE TRIGGER update_decision_contexts_updated_at BEFORE UPDATE ON journal.decision_contexts
  FOR EACH ROW EXECUTE FUNCTION core.update_updated_at_column();
--> statement-breakpoint
CREATE TRIGGER update_import_batches_updated_at BEFORE UPDATE ON journal.import_batches
  FOR EACH ROW EXECUTE FUNCTION core.update_updated_at_column();
--> statement-breakpoint
CREATE TRIGGER update_journal_entries_updated_at BEFORE UPDATE ON journal.journal_entries
  FOR EACH ROW EXECUTE FUNCTION core.update_updated_at_column();
--> statement-breakpoint
CREATE TRIGGER update_snaptrade_users_updated_at BEFORE UPDATE ON journal.snaptrade_users
  FOR EACH ROW EXECUTE FUNCTION core.update_updated_at_column();
--> statement-breakpoint
CREATE TRIGGER update_tickers_updated_at BEFORE UPDATE ON market.tickers
  FOR EACH ROW EXECUTE FUNCTION core.update_updated_at_column();
--> statement-breakpoint
CREATE TRIGGER update_probe_strategies_updated_at BEFORE UPDATE ON strategy.probe_strategies
  FOR EACH ROW EXECUTE FUNCTION core.update_updated_at_column();
--> statement-breakpoint
CREATE TRIGGER update_strategies_updated_at BEFORE UPDATE ON strategy.strategies
  FOR EACH ROW EXECUTE FUNCTION core.update_updated_at_column();
--> statement-breakpoint
CREATE TRIGGER update_variable_lists_updated_at BEFORE UPDATE ON strategy.variable_lists
  FOR EACH ROW EXECUTE FUNCTION core.update_updated_at_column();
