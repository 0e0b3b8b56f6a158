-- Seed 003 integration view: every AI signal with its model, its latest evaluation and the
-- last daily close at or before the signal (market context from market.ohlcv_bars).
CREATE VIEW ai_trading.enriched_ai_signals AS
SELECT
  s.signal_id,
  s.model_id,
  m.model_name,
  m.model_type,
  m.model_subtype,
  m.version AS model_version,
  s.symbol,
  s.signal_type,
  s.confidence,
  s.price_target,
  s.stop_loss,
  s.take_profit,
  s.signal_timestamp,
  s.market_data_timestamp,
  s.timeframe,
  s.metadata,
  p.evaluation_timestamp,
  p.actual_price,
  p.price_change_pct,
  p.target_hit,
  p.stop_loss_hit,
  p.holding_period_hours,
  p.pnl_if_executed,
  bar.close AS market_close_at_signal,
  bar.bar_timestamp AS market_bar_timestamp
FROM ai_trading.ai_signals s
LEFT JOIN ai_trading.ai_models m ON m.model_id = s.model_id
LEFT JOIN LATERAL (
  SELECT sp.evaluation_timestamp, sp.actual_price, sp.price_change_pct, sp.target_hit,
         sp.stop_loss_hit, sp.holding_period_hours, sp.pnl_if_executed
  FROM ai_trading.signal_performance sp
  WHERE sp.signal_id = s.signal_id
  ORDER BY sp.evaluation_timestamp DESC
  LIMIT 1
) p ON true
LEFT JOIN LATERAL (
  SELECT b.close, b."timestamp" AS bar_timestamp
  FROM market.ohlcv_bars b
  WHERE b.symbol = s.symbol AND b.timeframe = '1Day' AND b."timestamp" <= s.signal_timestamp
  ORDER BY b."timestamp" DESC
  LIMIT 1
) bar ON true;
--> statement-breakpoint
-- Seed 003 integration view: the most recent performance row of each active model.
CREATE VIEW ai_trading.latest_model_performance AS
SELECT DISTINCT ON (mp.model_id)
  mp.model_id,
  m.model_name,
  m.model_type,
  m.model_subtype,
  m.version AS model_version,
  mp.performance_id,
  mp.evaluation_period,
  mp.total_signals,
  mp.successful_signals,
  mp.signal_accuracy,
  mp.avg_confidence,
  mp.sharpe_ratio,
  mp.max_drawdown,
  mp.total_return,
  mp.volatility,
  mp.win_rate,
  mp.avg_holding_period_hours,
  mp.created_at
FROM ai_trading.model_performance mp
JOIN ai_trading.ai_models m ON m.model_id = mp.model_id
WHERE m.is_active
ORDER BY mp.model_id, upper(mp.evaluation_period) DESC NULLS LAST, mp.created_at DESC;
--> statement-breakpoint
-- Seed 003 maintenance: drops feature rows older than the retention window (default 90 days)
-- and returns how many were removed.
CREATE OR REPLACE FUNCTION ai_trading.cleanup_old_feature_data(retention_days integer DEFAULT 90)
RETURNS integer AS $$
DECLARE
  removed integer;
BEGIN
  IF retention_days IS NULL OR retention_days < 0 THEN
    RAISE EXCEPTION 'retention_days must be a non-negative number of days, got %', retention_days;
  END IF;
  DELETE FROM ai_trading.feature_data
  WHERE "timestamp" < now() - make_interval(days => retention_days);
  GET DIAGNOSTICS removed = ROW_COUNT;
  RETURN removed;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- Seed 003 maintenance: computes a model's performance over a date range from its signals and
-- their latest evaluations, stores it in model_performance and returns the new row's id.
-- A signal succeeds when its target was hit, or, without a target verdict, when it would have
-- made money. Returns are the evaluated price changes in percent, summed; max drawdown is the
-- deepest fall of their running sum, in signal order; volatility is their sample standard
-- deviation; Sharpe is mean over standard deviation (not annualised).
CREATE OR REPLACE FUNCTION ai_trading.update_model_performance(p_model_id uuid, p_period daterange)
RETURNS uuid AS $$
DECLARE
  new_id uuid;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM ai_trading.ai_models WHERE model_id = p_model_id) THEN
    RAISE EXCEPTION 'unknown model %', p_model_id USING ERRCODE = 'foreign_key_violation';
  END IF;
  WITH sig AS (
    SELECT s.signal_id, s.signal_timestamp, s.confidence, p.price_change_pct, p.target_hit, p.pnl_if_executed,
           p.holding_period_hours
    FROM ai_trading.ai_signals s
    LEFT JOIN LATERAL (
      SELECT sp.price_change_pct, sp.target_hit, sp.pnl_if_executed, sp.holding_period_hours
      FROM ai_trading.signal_performance sp
      WHERE sp.signal_id = s.signal_id
      ORDER BY sp.evaluation_timestamp DESC
      LIMIT 1
    ) p ON true
    WHERE s.model_id = p_model_id AND p_period @> (s.signal_timestamp AT TIME ZONE 'UTC')::date
  ), curve AS (
    SELECT signal_timestamp, signal_id,
           sum(coalesce(price_change_pct, 0)) OVER (
             ORDER BY signal_timestamp, signal_id ROWS UNBOUNDED PRECEDING) AS cum
    FROM sig
  ), dd AS (
    SELECT max(greatest(peak, 0) - cum) AS max_dd
    FROM (SELECT cum, max(cum) OVER (
            ORDER BY signal_timestamp, signal_id ROWS UNBOUNDED PRECEDING) AS peak FROM curve) c
  ), agg AS (
    SELECT
      count(*)::integer AS total,
      count(*) FILTER (
        WHERE coalesce(target_hit, pnl_if_executed > 0, false)
      )::integer AS successful,
      count(pnl_if_executed)::integer AS executed,
      count(*) FILTER (WHERE pnl_if_executed > 0)::integer AS winners,
      avg(confidence) AS avg_confidence,
      sum(price_change_pct) AS total_return,
      stddev_samp(price_change_pct) AS volatility,
      avg(price_change_pct) AS mean_return,
      avg(holding_period_hours) AS avg_hours
    FROM sig
  )
  INSERT INTO ai_trading.model_performance (
    model_id, evaluation_period, total_signals, successful_signals, signal_accuracy,
    avg_confidence, sharpe_ratio, max_drawdown, total_return, volatility, win_rate,
    avg_holding_period_hours
  )
  SELECT
    p_model_id,
    p_period,
    total,
    successful,
    CASE WHEN total > 0 THEN round(successful::numeric / total, 4) END,
    round(avg_confidence, 4),
    CASE WHEN volatility > 0 THEN round(mean_return / volatility, 4) END,
    round((SELECT max_dd FROM dd), 4),
    round(total_return, 4),
    round(volatility, 4),
    CASE WHEN executed > 0 THEN round(winners::numeric / executed, 4) END,
    round(avg_hours, 2)
  FROM agg
  RETURNING performance_id INTO new_id;
  RETURN new_id;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER update_ai_models_updated_at BEFORE UPDATE ON ai_trading.ai_models
  FOR EACH ROW EXECUTE FUNCTION core.update_updated_at_column();
--> statement-breakpoint
CREATE TRIGGER update_sucker_statistics_updated_at BEFORE UPDATE ON backtest.sucker_statistics
  FOR EACH ROW EXECUTE FUNCTION core.update_updated_at_column();
--> statement-breakpoint
CREATE TRIGGER update_autonomous_config_updated_at BEFORE UPDATE ON execution.autonomous_config
  FOR EACH ROW EXECUTE FUNCTION core.update_updated_at_column();
--> statement-breakpoint
CREATE TRIGGER update_alerts_updated_at BEFORE UPDATE ON journal.alerts
  FOR EACH ROW EXECUTE FUNCTION core.update_updated_at_column();
--> statement-breakpoint
CREATE TRIGGER update_trade_setups_updated_at BEFORE UPDATE ON journal.trade_setups
  FOR EACH ROW EXECUTE FUNCTION core.update_updated_at_column();
--> statement-breakpoint
CREATE TRIGGER update_wheel_cycles_updated_at BEFORE UPDATE ON journal.wheel_cycles
  FOR EACH ROW EXECUTE FUNCTION core.update_updated_at_column();
--> statement-breakpoint
CREATE TRIGGER update_wheel_legs_updated_at BEFORE UPDATE ON journal.wheel_legs
  FOR EACH ROW EXECUTE FUNCTION core.update_updated_at_column();
--> statement-breakpoint
CREATE TRIGGER update_feature_metadata_updated_at BEFORE UPDATE ON market.feature_metadata
  FOR EACH ROW EXECUTE FUNCTION core.update_updated_at_column();
--> statement-breakpoint
CREATE TRIGGER update_push_subscriptions_updated_at BEFORE UPDATE ON ops.push_subscriptions
  FOR EACH ROW EXECUTE FUNCTION core.update_updated_at_column();
--> statement-breakpoint
CREATE TRIGGER update_scheduler_state_updated_at BEFORE UPDATE ON ops.scheduler_state
  FOR EACH ROW EXECUTE FUNCTION core.update_updated_at_column();
