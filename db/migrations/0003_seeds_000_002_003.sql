CREATE SCHEMA "ai_trading";
--> statement-breakpoint
CREATE TABLE "market"."crypto_aggs" (
	"timestamp" timestamp with time zone NOT NULL,
	"symbol" varchar(16) NOT NULL,
	"open" numeric(20, 8) NOT NULL,
	"high" numeric(20, 8) NOT NULL,
	"low" numeric(20, 8) NOT NULL,
	"close" numeric(20, 8) NOT NULL,
	"volume" numeric(24, 8) NOT NULL,
	"vwap" numeric(20, 8),
	"transactions" integer,
	"timeframe" varchar(8) NOT NULL,
	"source" varchar(32) DEFAULT 'polygon',
	"multiplier" integer DEFAULT 1,
	"timespan_unit" varchar(16) DEFAULT 'minute',
	"exchange" varchar(16),
	CONSTRAINT "crypto_aggs_pkey" PRIMARY KEY("symbol","timeframe","timestamp")
);
--> statement-breakpoint
CREATE TABLE "market"."options_aggs" (
	"timestamp" timestamp with time zone NOT NULL,
	"symbol" varchar(32) NOT NULL,
	"underlying" varchar(16) NOT NULL,
	"expiration" date NOT NULL,
	"strike" numeric(16, 6) NOT NULL,
	"option_type" char(1) NOT NULL,
	"open" numeric(16, 6),
	"high" numeric(16, 6),
	"low" numeric(16, 6),
	"close" numeric(16, 6),
	"volume" integer,
	"open_interest" integer,
	"timeframe" varchar(8) NOT NULL,
	"multiplier" integer DEFAULT 1,
	"timespan_unit" varchar(16) DEFAULT 'minute',
	"source" varchar(32) DEFAULT 'polygon',
	CONSTRAINT "options_aggs_pkey" PRIMARY KEY("symbol","timeframe","timestamp")
);
--> statement-breakpoint
CREATE TABLE "market"."quotes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"symbol" varchar(16) NOT NULL,
	"bid_price" numeric(16, 6) NOT NULL,
	"ask_price" numeric(16, 6) NOT NULL,
	"bid_size" integer NOT NULL,
	"ask_size" integer NOT NULL,
	"exchange" varchar(8),
	"conditions" varchar[],
	"sequence_number" bigint,
	"tape" char(1),
	"source" varchar(32) DEFAULT 'polygon'
);
--> statement-breakpoint
CREATE TABLE "market"."trade_ticks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"symbol" varchar(16) NOT NULL,
	"price" numeric(16, 6) NOT NULL,
	"size" integer NOT NULL,
	"exchange" varchar(8) NOT NULL,
	"conditions" varchar[],
	"tape" char(1),
	"sequence_number" bigint,
	"trade_id" varchar(32),
	"source" varchar(32) DEFAULT 'polygon'
);
--> statement-breakpoint
CREATE TABLE "market"."unusual_whales_options" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"symbol" varchar(32) NOT NULL,
	"underlying" varchar(16) NOT NULL,
	"underlying_price" numeric(16, 6),
	"expiration" date NOT NULL,
	"strike" numeric(16, 6) NOT NULL,
	"option_type" char(1) NOT NULL,
	"premium" numeric(16, 6) NOT NULL,
	"premium_type" varchar(8) NOT NULL,
	"sentiment" varchar(8) NOT NULL,
	"unusual_score" integer,
	"volume" integer NOT NULL,
	"open_interest" integer,
	"volume_oi_ratio" numeric(10, 6),
	"implied_volatility" numeric(10, 6),
	"days_to_expiration" integer NOT NULL,
	"trade_type" varchar(16),
	"size_notation" varchar(16),
	"alert_id" varchar(64),
	"sector" varchar(32),
	"is_historical" boolean DEFAULT false NOT NULL,
	"source" varchar(32) DEFAULT 'unusual_whales'
);
--> statement-breakpoint
CREATE TABLE "market"."feature_metadata" (
	"feature_name" varchar(64) PRIMARY KEY NOT NULL,
	"description" text NOT NULL,
	"formula" text,
	"parameters" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" varchar(16) NOT NULL,
	"is_active" boolean DEFAULT true
);
--> statement-breakpoint
CREATE TABLE "market"."market_holidays" (
	"date" date NOT NULL,
	"name" varchar(64) NOT NULL,
	"market" varchar(32) NOT NULL,
	"status" varchar(16) NOT NULL,
	"open_time" time,
	"close_time" time,
	"year" integer NOT NULL,
	CONSTRAINT "market_holidays_pkey" PRIMARY KEY("date","market")
);
--> statement-breakpoint
CREATE TABLE "market"."market_status" (
	"timestamp" timestamp with time zone NOT NULL,
	"market" varchar(32) NOT NULL,
	"status" varchar(16) NOT NULL,
	"next_open" timestamp with time zone,
	"next_close" timestamp with time zone,
	"early_close" boolean DEFAULT false,
	"late_open" boolean DEFAULT false,
	CONSTRAINT "market_status_pkey" PRIMARY KEY("timestamp","market")
);
--> statement-breakpoint
CREATE TABLE "market"."news_articles" (
	"article_id" varchar(64) PRIMARY KEY NOT NULL,
	"published_utc" timestamp with time zone NOT NULL,
	"title" varchar(512) NOT NULL,
	"author" varchar(128),
	"article_url" varchar(512) NOT NULL,
	"tickers" varchar[],
	"image_url" varchar(512),
	"description" text,
	"keywords" varchar[],
	"source" varchar(64) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "market"."features" (
	"timestamp" timestamp with time zone NOT NULL,
	"symbol" varchar(16) NOT NULL,
	"feature_name" varchar(64) NOT NULL,
	"feature_value" numeric(20, 8) NOT NULL,
	"timeframe" varchar(8) NOT NULL,
	"feature_group" varchar(32) NOT NULL,
	CONSTRAINT "features_pkey" PRIMARY KEY("symbol","feature_name","timestamp","timeframe")
);
--> statement-breakpoint
CREATE TABLE "market"."gamma_correlation" (
	"id" serial PRIMARY KEY NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"symbols" varchar(20)[] NOT NULL,
	"window_days" integer NOT NULL,
	"correlation_matrix" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "market"."gamma_daily_summary" (
	"symbol" varchar(20) NOT NULL,
	"date" date NOT NULL,
	"open_gex" double precision,
	"close_gex" double precision,
	"high_gex" double precision,
	"low_gex" double precision,
	"gex_change_pct" double precision,
	"open_flip" double precision,
	"close_flip" double precision,
	"open_price" double precision,
	"close_price" double precision,
	"price_change_pct" double precision,
	"avg_iv" double precision,
	"snapshots_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gamma_daily_summary_pkey" PRIMARY KEY("symbol","date")
);
--> statement-breakpoint
CREATE TABLE "market"."gamma_history" (
	"symbol" varchar(20) NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"spot_price" double precision,
	"net_gex" double precision,
	"flip_point" double precision,
	"call_wall" double precision,
	"put_wall" double precision,
	"implied_volatility" double precision,
	"put_call_ratio" double precision,
	"distance_to_flip_pct" double precision,
	"regime" varchar(50),
	"details" jsonb,
	CONSTRAINT "gamma_history_pkey" PRIMARY KEY("symbol","timestamp")
);
--> statement-breakpoint
CREATE TABLE "market"."gamma_strike_history" (
	"symbol" varchar(20) NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"strike" double precision NOT NULL,
	"call_gamma" double precision,
	"put_gamma" double precision,
	"total_gamma" double precision,
	"call_oi" integer,
	"put_oi" integer,
	CONSTRAINT "gamma_strike_history_pkey" PRIMARY KEY("symbol","timestamp","strike")
);
--> statement-breakpoint
CREATE TABLE "market"."gex_history" (
	"symbol" varchar(20) NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"net_gex" double precision,
	"flip_point" double precision,
	"call_wall" double precision,
	"put_wall" double precision,
	"spot_price" double precision,
	"mm_state" varchar(50),
	"regime" varchar(50),
	"data_source" varchar(50),
	"details" jsonb,
	CONSTRAINT "gex_history_pkey" PRIMARY KEY("symbol","timestamp")
);
--> statement-breakpoint
CREATE TABLE "market"."gex_levels" (
	"symbol" varchar(20) NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"flip_point" double precision,
	"call_wall" double precision,
	"put_wall" double precision,
	"levels" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "gex_levels_pkey" PRIMARY KEY("symbol","timestamp")
);
--> statement-breakpoint
CREATE TABLE "market"."gex_snapshots_detailed" (
	"id" serial PRIMARY KEY NOT NULL,
	"symbol" varchar(20) NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"spot_price" double precision,
	"net_gex" double precision,
	"strike_data" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "market"."greeks_snapshots" (
	"id" serial PRIMARY KEY NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"symbol" varchar(20) NOT NULL,
	"option_symbol" varchar(32),
	"strike" double precision,
	"expiration" date,
	"option_type" varchar(4),
	"delta" double precision,
	"gamma" double precision,
	"theta" double precision,
	"vega" double precision,
	"implied_volatility" double precision
);
--> statement-breakpoint
CREATE TABLE "market"."historical_open_interest" (
	"symbol" varchar(20) NOT NULL,
	"date" date NOT NULL,
	"expiration" date NOT NULL,
	"strike" double precision NOT NULL,
	"call_oi" integer,
	"put_oi" integer,
	"call_volume" integer,
	"put_volume" integer,
	CONSTRAINT "historical_open_interest_pkey" PRIMARY KEY("symbol","date","expiration","strike")
);
--> statement-breakpoint
CREATE TABLE "market"."market_data" (
	"symbol" varchar(20) NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"spot_price" double precision,
	"vix" double precision,
	"volume" double precision,
	"data_source" varchar(50),
	"details" jsonb,
	CONSTRAINT "market_data_pkey" PRIMARY KEY("symbol","timestamp")
);
--> statement-breakpoint
CREATE TABLE "market"."market_snapshots" (
	"symbol" varchar(20) NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"spot_price" double precision,
	"vix" double precision,
	"net_gex" double precision,
	"regime" varchar(50),
	"snapshot" jsonb,
	CONSTRAINT "market_snapshots_pkey" PRIMARY KEY("symbol","timestamp")
);
--> statement-breakpoint
CREATE TABLE "market"."options_flow" (
	"id" serial PRIMARY KEY NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"symbol" varchar(20) NOT NULL,
	"total_call_volume" integer,
	"total_put_volume" integer,
	"put_call_ratio" double precision,
	"net_premium" double precision,
	"unusual_strikes" jsonb,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "market"."regime_classifications" (
	"id" serial PRIMARY KEY NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"symbol" varchar(20) NOT NULL,
	"regime" varchar(50) NOT NULL,
	"confidence" double precision,
	"vix" double precision,
	"net_gex" double precision,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "market"."regime_signals" (
	"id" serial PRIMARY KEY NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"symbol" varchar(20) DEFAULT 'SPY' NOT NULL,
	"primary_regime_type" varchar(50),
	"confidence_score" double precision,
	"trade_direction" varchar(20),
	"risk_level" varchar(20),
	"description" varchar(1000),
	"details" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "market"."spy_correlation" (
	"date" date PRIMARY KEY NOT NULL,
	"spy_close" double precision,
	"spy_change_pct" double precision,
	"net_gex" double precision,
	"gex_change_pct" double precision,
	"correlation_20d" double precision,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "market"."vix_term_structure" (
	"timestamp" timestamp with time zone PRIMARY KEY NOT NULL,
	"vix_spot" double precision,
	"vix9d" double precision,
	"vix3m" double precision,
	"vix6m" double precision,
	"front_month" double precision,
	"second_month" double precision,
	"contango_pct" double precision,
	"structure" varchar(20)
);
--> statement-breakpoint
CREATE TABLE "journal"."alert_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"alert_id" uuid NOT NULL,
	"triggered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"trigger_value" double precision,
	"message" text
);
--> statement-breakpoint
CREATE TABLE "journal"."alerts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"symbol" varchar(20) NOT NULL,
	"alert_type" varchar(30) NOT NULL,
	"condition" varchar(20) NOT NULL,
	"threshold" double precision NOT NULL,
	"message" text,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "journal"."trade_setups" (
	"id" uuid PRIMARY KEY NOT NULL,
	"timestamp" timestamp with time zone DEFAULT now() NOT NULL,
	"symbol" varchar(20) NOT NULL,
	"setup_type" varchar(50) NOT NULL,
	"direction" varchar(10),
	"entry_price" double precision,
	"target_price" double precision,
	"stop_price" double precision,
	"risk_reward" double precision,
	"status" varchar(20) DEFAULT 'open' NOT NULL,
	"notes" text,
	"details" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "journal"."wheel_activity_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"timestamp" timestamp with time zone DEFAULT now() NOT NULL,
	"cycle_id" uuid,
	"action" varchar(50) NOT NULL,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "journal"."wheel_cycles" (
	"id" uuid PRIMARY KEY NOT NULL,
	"symbol" varchar(20) NOT NULL,
	"status" varchar(20) DEFAULT 'open' NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"shares_owned" integer DEFAULT 0 NOT NULL,
	"cost_basis" double precision,
	"total_premium_collected" double precision DEFAULT 0 NOT NULL,
	"realized_pnl" double precision,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "journal"."wheel_legs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"cycle_id" uuid NOT NULL,
	"leg_type" varchar(20) NOT NULL,
	"strike" double precision NOT NULL,
	"expiration_date" date NOT NULL,
	"contracts" integer NOT NULL,
	"premium" double precision NOT NULL,
	"open_date" date NOT NULL,
	"close_date" date,
	"close_price" double precision,
	"status" varchar(20) DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "backtest"."backtest_summary" (
	"id" serial PRIMARY KEY NOT NULL,
	"timestamp" timestamp with time zone DEFAULT now() NOT NULL,
	"run_id" varchar(100) NOT NULL,
	"strategy_name" varchar(100) NOT NULL,
	"symbol" varchar(20),
	"start_date" date,
	"end_date" date,
	"total_trades" integer DEFAULT 0 NOT NULL,
	"win_rate" double precision,
	"total_return" double precision,
	"max_drawdown" double precision,
	"sharpe_ratio" double precision,
	"parameters" jsonb,
	CONSTRAINT "backtest_summary_run_id_unique" UNIQUE("run_id")
);
--> statement-breakpoint
CREATE TABLE "backtest"."backtest_trades" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"backtest_result_id" integer,
	"trade_index" integer NOT NULL,
	"symbol" varchar(20) NOT NULL,
	"side" varchar(10) NOT NULL,
	"quantity" double precision NOT NULL,
	"entry_time" timestamp with time zone,
	"exit_time" timestamp with time zone,
	"entry_price" double precision,
	"exit_price" double precision,
	"pnl" double precision,
	"return_pct" double precision,
	"commission" double precision DEFAULT 0 NOT NULL,
	"exit_reason" varchar(50),
	"timestamp" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "uq_backtest_trades_result_index" UNIQUE("backtest_result_id","trade_index")
);
--> statement-breakpoint
CREATE TABLE "backtest"."psychology_analysis" (
	"id" serial PRIMARY KEY NOT NULL,
	"timestamp" timestamp with time zone DEFAULT now() NOT NULL,
	"symbol" varchar(20) DEFAULT 'SPY' NOT NULL,
	"regime_type" varchar(50),
	"confidence" double precision,
	"psychology_trap" varchar(100),
	"analysis" jsonb
);
--> statement-breakpoint
CREATE TABLE "backtest"."spx_wheel_backtest_equity" (
	"id" serial PRIMARY KEY NOT NULL,
	"run_id" varchar(100) NOT NULL,
	"backtest_date" date NOT NULL,
	"equity" double precision NOT NULL,
	"cash" double precision,
	"open_positions" integer,
	"daily_pnl" double precision,
	CONSTRAINT "uq_spx_wheel_backtest_equity_run_date" UNIQUE("run_id","backtest_date")
);
--> statement-breakpoint
CREATE TABLE "backtest"."spx_wheel_backtest_runs" (
	"run_id" varchar(100) PRIMARY KEY NOT NULL,
	"parameters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"start_date" date,
	"end_date" date,
	"initial_capital" double precision,
	"final_equity" double precision,
	"total_return_pct" double precision,
	"max_drawdown_pct" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "backtest"."spx_wheel_backtest_trades" (
	"id" serial PRIMARY KEY NOT NULL,
	"run_id" varchar(100) NOT NULL,
	"backtest_date" date NOT NULL,
	"trade_type" varchar(30) NOT NULL,
	"strike" double precision,
	"expiration" date,
	"premium" double precision,
	"contracts" integer,
	"pnl" double precision,
	"price_source" varchar(30),
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "backtest"."sucker_statistics" (
	"scenario_type" varchar(100) PRIMARY KEY NOT NULL,
	"total_occurrences" integer DEFAULT 0 NOT NULL,
	"fade_failed" integer DEFAULT 0 NOT NULL,
	"fade_succeeded" integer DEFAULT 0 NOT NULL,
	"failure_rate" double precision,
	"avg_price_change_when_failed" double precision,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "execution"."autonomous_closed_trades" (
	"id" serial PRIMARY KEY NOT NULL,
	"symbol" varchar(20) NOT NULL,
	"strategy" varchar(100),
	"strike" double precision,
	"option_type" varchar(4),
	"expiration_date" date,
	"contracts" integer DEFAULT 0 NOT NULL,
	"entry_date" date,
	"entry_price" double precision,
	"exit_date" date,
	"exit_price" double precision,
	"realized_pnl" double precision,
	"exit_reason" varchar(100),
	"details" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "execution"."autonomous_config" (
	"key" varchar(100) PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "execution"."autonomous_equity_snapshots" (
	"id" serial PRIMARY KEY NOT NULL,
	"timestamp" timestamp with time zone DEFAULT now() NOT NULL,
	"equity" double precision NOT NULL,
	"cash" double precision,
	"positions_value" double precision,
	"daily_pnl" double precision,
	"total_pnl" double precision
);
--> statement-breakpoint
CREATE TABLE "execution"."autonomous_live_status" (
	"id" serial PRIMARY KEY NOT NULL,
	"timestamp" timestamp with time zone DEFAULT now() NOT NULL,
	"status" varchar(50) NOT NULL,
	"current_action" text,
	"market_analysis" text,
	"next_check_time" timestamp with time zone,
	"is_working" boolean DEFAULT true NOT NULL,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "execution"."autonomous_open_positions" (
	"id" serial PRIMARY KEY NOT NULL,
	"symbol" varchar(20) NOT NULL,
	"strategy" varchar(100),
	"action" varchar(20),
	"strike" double precision,
	"option_type" varchar(4),
	"expiration_date" date,
	"contracts" integer DEFAULT 0 NOT NULL,
	"entry_price" double precision,
	"current_price" double precision,
	"unrealized_pnl" double precision,
	"confidence" double precision,
	"entry_reason" text,
	"details" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_updated" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "execution"."autonomous_trade_activity" (
	"id" serial PRIMARY KEY NOT NULL,
	"timestamp" timestamp with time zone DEFAULT now() NOT NULL,
	"action_type" varchar(50) NOT NULL,
	"symbol" varchar(20),
	"details" text,
	"success" boolean DEFAULT true NOT NULL,
	"error_message" text
);
--> statement-breakpoint
CREATE TABLE "execution"."autonomous_trade_log" (
	"id" serial PRIMARY KEY NOT NULL,
	"date" text NOT NULL,
	"time" text NOT NULL,
	"action" varchar(50) NOT NULL,
	"details" text,
	"position_id" integer,
	"success" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "execution"."trading_decisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"timestamp" timestamp with time zone DEFAULT now() NOT NULL,
	"decision_id" varchar(100) NOT NULL,
	"symbol" varchar(20),
	"decision_type" varchar(50) NOT NULL,
	"action" varchar(50),
	"reasoning" text,
	"inputs" jsonb,
	"outcome" jsonb,
	CONSTRAINT "trading_decisions_decision_id_unique" UNIQUE("decision_id")
);
--> statement-breakpoint
CREATE TABLE "execution"."position_sizing_history" (
	"id" serial PRIMARY KEY NOT NULL,
	"timestamp" timestamp with time zone DEFAULT now() NOT NULL,
	"symbol" varchar(20) NOT NULL,
	"method" varchar(50) NOT NULL,
	"account_value" double precision,
	"position_size" double precision,
	"risk_pct" double precision,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "execution"."positions" (
	"position_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"symbol" varchar(16) NOT NULL,
	"quantity" numeric(16, 6) NOT NULL,
	"entry_price" numeric(16, 6) NOT NULL,
	"current_price" numeric(16, 6) NOT NULL,
	"entry_time" timestamp with time zone NOT NULL,
	"last_update" timestamp with time zone DEFAULT now() NOT NULL,
	"strategy_id" uuid,
	"status" varchar(16) NOT NULL,
	"pnl" numeric(16, 6) DEFAULT '0' NOT NULL,
	"pnl_percentage" numeric(10, 6) DEFAULT '0' NOT NULL,
	"metadata" jsonb,
	"timestamp" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "execution"."trades" (
	"id" serial PRIMARY KEY NOT NULL,
	"timestamp" timestamp with time zone DEFAULT now() NOT NULL,
	"symbol" varchar(20) NOT NULL,
	"side" varchar(10) NOT NULL,
	"quantity" double precision NOT NULL,
	"price" double precision NOT NULL,
	"pnl" double precision,
	"strategy" varchar(100),
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "execution"."unified_positions" (
	"id" serial PRIMARY KEY NOT NULL,
	"symbol" varchar(20) NOT NULL,
	"strategy" varchar(100),
	"direction" varchar(10),
	"quantity" double precision NOT NULL,
	"entry_price" double precision,
	"entry_date" date NOT NULL,
	"current_price" double precision,
	"status" varchar(20) DEFAULT 'open' NOT NULL,
	"details" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "execution"."unified_trades" (
	"id" serial PRIMARY KEY NOT NULL,
	"symbol" varchar(20) NOT NULL,
	"strategy" varchar(100),
	"direction" varchar(10),
	"quantity" double precision NOT NULL,
	"entry_price" double precision,
	"exit_price" double precision,
	"entry_date" date NOT NULL,
	"exit_date" date,
	"pnl" double precision,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "execution"."performance" (
	"date" date PRIMARY KEY NOT NULL,
	"starting_equity" double precision,
	"ending_equity" double precision,
	"daily_pnl" double precision,
	"trades" integer DEFAULT 0 NOT NULL,
	"wins" integer DEFAULT 0 NOT NULL,
	"losses" integer DEFAULT 0 NOT NULL,
	"details" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "execution"."emergency_events" (
	"event_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"timestamp" timestamp with time zone DEFAULT now() NOT NULL,
	"trigger_type" varchar(32) NOT NULL,
	"severity" varchar(16) NOT NULL,
	"description" text NOT NULL,
	"action_taken" varchar(32) NOT NULL,
	"positions_closed" integer,
	"total_value" numeric(20, 8),
	"resolution_time" timestamp with time zone,
	"triggered_by" varchar(64) NOT NULL,
	"metadata" jsonb
);
--> statement-breakpoint
CREATE TABLE "execution"."paper_outcomes" (
	"id" serial PRIMARY KEY NOT NULL,
	"timestamp" timestamp with time zone DEFAULT now() NOT NULL,
	"signal_id" integer NOT NULL,
	"outcome" varchar(20) NOT NULL,
	"exit_price" double precision,
	"pnl" double precision,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "execution"."paper_signals" (
	"id" serial PRIMARY KEY NOT NULL,
	"timestamp" timestamp with time zone DEFAULT now() NOT NULL,
	"symbol" varchar(20) NOT NULL,
	"signal_type" varchar(50) NOT NULL,
	"direction" varchar(10),
	"confidence" double precision,
	"entry_price" double precision,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "execution"."strategy_competition" (
	"id" serial PRIMARY KEY NOT NULL,
	"timestamp" timestamp with time zone DEFAULT now() NOT NULL,
	"strategy_name" varchar(100) NOT NULL,
	"score" double precision,
	"rank" integer,
	"trades" integer DEFAULT 0 NOT NULL,
	"win_rate" double precision,
	"total_pnl" double precision,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "execution"."vix_hedge_positions" (
	"id" serial PRIMARY KEY NOT NULL,
	"entry_date" date NOT NULL,
	"exit_date" date,
	"instrument" varchar(50) NOT NULL,
	"contracts" integer NOT NULL,
	"entry_price" double precision,
	"exit_price" double precision,
	"status" varchar(20) DEFAULT 'open' NOT NULL,
	"pnl" double precision,
	"is_active" boolean DEFAULT true NOT NULL,
	"details" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "execution"."vix_hedge_signals" (
	"id" serial PRIMARY KEY NOT NULL,
	"signal_date" date NOT NULL,
	"signal_type" varchar(50) NOT NULL,
	"vix_level" double precision,
	"recommended_action" text,
	"details" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ai_trading"."ai_models" (
	"model_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_name" varchar(100) NOT NULL,
	"model_type" varchar(50) NOT NULL,
	"model_subtype" varchar(50),
	"version" varchar(20) DEFAULT '1' NOT NULL,
	"description" text,
	"configuration" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"performance_metrics" jsonb,
	"is_active" boolean DEFAULT true NOT NULL,
	"target" varchar(64),
	"features" varchar[],
	"parameters" jsonb,
	"metrics" jsonb,
	"trained_at" timestamp with time zone,
	"status" varchar(16),
	"file_path" varchar(256),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ai_trading"."model_performance" (
	"performance_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" uuid NOT NULL,
	"evaluation_period" daterange NOT NULL,
	"total_signals" integer DEFAULT 0 NOT NULL,
	"successful_signals" integer DEFAULT 0 NOT NULL,
	"signal_accuracy" numeric(5, 4),
	"avg_confidence" numeric(5, 4),
	"sharpe_ratio" numeric(8, 4),
	"max_drawdown" numeric(8, 4),
	"total_return" numeric(8, 4),
	"volatility" numeric(8, 4),
	"win_rate" numeric(5, 4),
	"avg_holding_period_hours" numeric(8, 2),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ck_model_performance_counts" CHECK ("ai_trading"."model_performance"."successful_signals" >= 0 AND "ai_trading"."model_performance"."successful_signals" <= "ai_trading"."model_performance"."total_signals")
);
--> statement-breakpoint
CREATE TABLE "ai_trading"."rl_episodes" (
	"episode_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"episode_number" integer NOT NULL,
	"total_reward" numeric(15, 6),
	"episode_length" integer,
	"final_portfolio_value" numeric(15, 6),
	"max_drawdown" numeric(8, 4),
	"actions_taken" jsonb,
	"rewards" jsonb,
	"episode_end_reason" varchar(50),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ai_trading"."training_sessions" (
	"session_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" uuid NOT NULL,
	"session_name" varchar(100),
	"start_time" timestamp with time zone DEFAULT now() NOT NULL,
	"end_time" timestamp with time zone,
	"status" varchar(20) DEFAULT 'running' NOT NULL,
	"training_data_period" daterange,
	"validation_data_period" daterange,
	"hyperparameters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"training_metrics" jsonb,
	"final_performance" jsonb,
	"model_artifacts_path" text,
	"error_message" text,
	"logs" text,
	CONSTRAINT "ck_training_sessions_status" CHECK ("ai_trading"."training_sessions"."status" IN ('running', 'completed', 'failed', 'stopped'))
);
--> statement-breakpoint
CREATE TABLE "ai_trading"."ai_signals" (
	"signal_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" uuid,
	"symbol" varchar(20) NOT NULL,
	"signal_type" varchar(10) NOT NULL,
	"confidence" numeric(5, 4) NOT NULL,
	"price_target" numeric(15, 6),
	"stop_loss" numeric(15, 6),
	"take_profit" numeric(15, 6),
	"signal_timestamp" timestamp with time zone DEFAULT now() NOT NULL,
	"market_data_timestamp" timestamp with time zone,
	"timeframe" varchar(8),
	"parameters" jsonb,
	"features_snapshot" jsonb,
	"metadata" jsonb,
	CONSTRAINT "ck_ai_signals_signal_type" CHECK (upper("ai_trading"."ai_signals"."signal_type") IN ('BUY', 'SELL', 'HOLD')),
	CONSTRAINT "ck_ai_signals_confidence" CHECK ("ai_trading"."ai_signals"."confidence" >= 0 AND "ai_trading"."ai_signals"."confidence" <= 1)
);
--> statement-breakpoint
CREATE TABLE "ai_trading"."anomaly_detections" (
	"anomaly_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" uuid,
	"symbol" varchar(20) NOT NULL,
	"detection_timestamp" timestamp with time zone DEFAULT now() NOT NULL,
	"anomaly_type" varchar(50) NOT NULL,
	"severity_score" numeric(8, 4),
	"confidence" numeric(5, 4),
	"market_data_context" jsonb,
	"anomaly_details" jsonb,
	"resolved" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ai_trading"."signal_performance" (
	"performance_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"signal_id" uuid NOT NULL,
	"evaluation_timestamp" timestamp with time zone DEFAULT now() NOT NULL,
	"actual_price" numeric(15, 6),
	"price_change_pct" numeric(8, 4),
	"target_hit" boolean,
	"stop_loss_hit" boolean,
	"holding_period_hours" integer,
	"pnl_if_executed" numeric(15, 6)
);
--> statement-breakpoint
CREATE TABLE "ai_trading"."spectrum_analysis" (
	"analysis_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" uuid,
	"symbol" varchar(20) NOT NULL,
	"analysis_timestamp" timestamp with time zone DEFAULT now() NOT NULL,
	"analysis_type" varchar(50) NOT NULL,
	"frequency_components" jsonb,
	"spectral_features" jsonb,
	"pattern_detected" varchar(100),
	"pattern_confidence" numeric(5, 4),
	"reconstruction_error" numeric(15, 10)
);
--> statement-breakpoint
CREATE TABLE "ai_trading"."feature_data" (
	"feature_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"symbol" varchar(20) NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"feature_set_name" varchar(50) NOT NULL,
	"features" jsonb NOT NULL,
	"raw_data_hash" varchar(64),
	"extraction_method" varchar(50)
);
--> statement-breakpoint
CREATE TABLE "ai_trading"."optimization_individuals" (
	"individual_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"generation" integer NOT NULL,
	"individual_rank" integer,
	"genes" jsonb NOT NULL,
	"fitness_score" numeric(15, 6),
	"objectives" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ai_trading"."optimization_runs" (
	"run_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_id" uuid,
	"optimization_type" varchar(50) NOT NULL,
	"objective_function" varchar(50) NOT NULL,
	"population_size" integer,
	"generations" integer,
	"parameter_ranges" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"best_individual" jsonb,
	"best_fitness" numeric(15, 6),
	"convergence_data" jsonb,
	"final_population" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ai_trading"."ai_analysis_history" (
	"id" serial PRIMARY KEY NOT NULL,
	"timestamp" timestamp with time zone DEFAULT now() NOT NULL,
	"symbol" varchar(20),
	"analysis_type" varchar(50) NOT NULL,
	"input_summary" jsonb,
	"analysis" text NOT NULL,
	"confidence" double precision,
	"model" varchar(100)
);
--> statement-breakpoint
CREATE TABLE "ai_trading"."ai_performance" (
	"id" serial PRIMARY KEY NOT NULL,
	"date" date NOT NULL,
	"model_name" varchar(100) NOT NULL,
	"total_predictions" integer DEFAULT 0 NOT NULL,
	"correct_predictions" integer DEFAULT 0 NOT NULL,
	"accuracy" double precision,
	"details" jsonb,
	CONSTRAINT "uq_ai_performance_date_model" UNIQUE("date","model_name")
);
--> statement-breakpoint
CREATE TABLE "ai_trading"."ai_predictions" (
	"id" serial PRIMARY KEY NOT NULL,
	"timestamp" timestamp with time zone DEFAULT now() NOT NULL,
	"prediction_date" date NOT NULL,
	"symbol" varchar(20) NOT NULL,
	"prediction_type" varchar(50) NOT NULL,
	"predicted_outcome" varchar(100),
	"confidence" double precision,
	"actual_outcome" varchar(100),
	"is_correct" boolean,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "ai_trading"."ai_recommendations" (
	"id" serial PRIMARY KEY NOT NULL,
	"timestamp" timestamp with time zone DEFAULT now() NOT NULL,
	"symbol" varchar(20) NOT NULL,
	"strategy" varchar(100),
	"recommendation" text NOT NULL,
	"confidence" double precision,
	"reasoning" text,
	"outcome" varchar(50),
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "ai_trading"."conversations" (
	"id" serial PRIMARY KEY NOT NULL,
	"timestamp" timestamp with time zone DEFAULT now() NOT NULL,
	"session_id" varchar(100) NOT NULL,
	"role" varchar(20) NOT NULL,
	"message" text NOT NULL,
	"context" jsonb
);
--> statement-breakpoint
CREATE TABLE "ai_trading"."ml_predictions" (
	"id" serial PRIMARY KEY NOT NULL,
	"timestamp" timestamp with time zone DEFAULT now() NOT NULL,
	"model_name" varchar(100) NOT NULL,
	"symbol" varchar(20) NOT NULL,
	"prediction" jsonb NOT NULL,
	"confidence" double precision,
	"features" jsonb
);
--> statement-breakpoint
CREATE TABLE "ai_trading"."pattern_learning" (
	"id" serial PRIMARY KEY NOT NULL,
	"pattern_signature" varchar(255) NOT NULL,
	"occurrences" integer DEFAULT 0 NOT NULL,
	"wins" integer DEFAULT 0 NOT NULL,
	"losses" integer DEFAULT 0 NOT NULL,
	"win_rate" double precision,
	"avg_pnl" double precision,
	"details" jsonb,
	"last_seen" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pattern_learning_pattern_signature_unique" UNIQUE("pattern_signature")
);
--> statement-breakpoint
CREATE TABLE "ai_trading"."probability_predictions" (
	"id" serial PRIMARY KEY NOT NULL,
	"timestamp" timestamp with time zone DEFAULT now() NOT NULL,
	"symbol" varchar(20) NOT NULL,
	"prediction_type" varchar(50) NOT NULL,
	"target_date" date,
	"probability" double precision NOT NULL,
	"outcome" varchar(50),
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "ai_trading"."recommendations" (
	"id" serial PRIMARY KEY NOT NULL,
	"timestamp" timestamp with time zone DEFAULT now() NOT NULL,
	"symbol" varchar(20) NOT NULL,
	"strategy" varchar(100),
	"action" varchar(20) NOT NULL,
	"entry_price" double precision,
	"target_price" double precision,
	"stop_price" double precision,
	"confidence" double precision,
	"reasoning" text,
	"status" varchar(20),
	"outcome" varchar(50)
);
--> statement-breakpoint
CREATE TABLE "ops"."background_jobs" (
	"job_id" varchar(100) PRIMARY KEY NOT NULL,
	"job_type" varchar(50) NOT NULL,
	"status" varchar(20) DEFAULT 'pending' NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"message" text,
	"result" jsonb,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "ops"."data_collection_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"timestamp" timestamp with time zone DEFAULT now() NOT NULL,
	"collection_type" varchar(50) NOT NULL,
	"source" varchar(50),
	"symbol" varchar(20),
	"records_collected" integer DEFAULT 0 NOT NULL,
	"success" boolean DEFAULT true NOT NULL,
	"error_message" text,
	"duration_ms" integer
);
--> statement-breakpoint
CREATE TABLE "ops"."scheduler_state" (
	"scheduler_name" varchar(100) PRIMARY KEY NOT NULL,
	"is_running" boolean DEFAULT false NOT NULL,
	"last_run_at" timestamp with time zone,
	"next_run_at" timestamp with time zone,
	"state" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ops"."push_subscriptions" (
	"id" serial PRIMARY KEY NOT NULL,
	"endpoint" text NOT NULL,
	"keys_ref" text,
	"preferences" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "push_subscriptions_endpoint_unique" UNIQUE("endpoint")
);
--> statement-breakpoint
CREATE TABLE "ops"."alerts" (
	"alert_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"timestamp" timestamp with time zone DEFAULT now() NOT NULL,
	"alert_type" varchar(32) NOT NULL,
	"severity" varchar(16) NOT NULL,
	"message" text NOT NULL,
	"component" varchar(32) NOT NULL,
	"status" varchar(16) NOT NULL,
	"resolved_at" timestamp with time zone,
	"metadata" jsonb
);
--> statement-breakpoint
CREATE TABLE "ops"."system_metrics" (
	"timestamp" timestamp with time zone NOT NULL,
	"metric_name" varchar(64) NOT NULL,
	"metric_value" numeric(20, 8) NOT NULL,
	"component" varchar(32) NOT NULL,
	"host" varchar(64) NOT NULL,
	"tags" jsonb,
	CONSTRAINT "system_metrics_pkey" PRIMARY KEY("metric_name","component","host","timestamp")
);
--> statement-breakpoint
CREATE TABLE "ops"."trading_metrics" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"metric_name" varchar(64) NOT NULL,
	"metric_value" numeric(20, 8) NOT NULL,
	"symbol" varchar(16),
	"strategy_id" uuid,
	"timeframe" varchar(8),
	"tags" jsonb
);
--> statement-breakpoint
ALTER TABLE "journal"."alert_history" ADD CONSTRAINT "alert_history_alert_id_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "journal"."alerts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal"."wheel_activity_log" ADD CONSTRAINT "wheel_activity_log_cycle_id_wheel_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "journal"."wheel_cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal"."wheel_legs" ADD CONSTRAINT "wheel_legs_cycle_id_wheel_cycles_id_fk" FOREIGN KEY ("cycle_id") REFERENCES "journal"."wheel_cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backtest"."backtest_trades" ADD CONSTRAINT "backtest_trades_backtest_result_id_backtest_results_id_fk" FOREIGN KEY ("backtest_result_id") REFERENCES "backtest"."backtest_results"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backtest"."spx_wheel_backtest_equity" ADD CONSTRAINT "spx_wheel_backtest_equity_run_id_spx_wheel_backtest_runs_run_id_fk" FOREIGN KEY ("run_id") REFERENCES "backtest"."spx_wheel_backtest_runs"("run_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backtest"."spx_wheel_backtest_trades" ADD CONSTRAINT "spx_wheel_backtest_trades_run_id_spx_wheel_backtest_runs_run_id_fk" FOREIGN KEY ("run_id") REFERENCES "backtest"."spx_wheel_backtest_runs"("run_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "execution"."positions" ADD CONSTRAINT "positions_strategy_id_strategies_id_fk" FOREIGN KEY ("strategy_id") REFERENCES "strategy"."strategies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "execution"."paper_outcomes" ADD CONSTRAINT "paper_outcomes_signal_id_paper_signals_id_fk" FOREIGN KEY ("signal_id") REFERENCES "execution"."paper_signals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_trading"."model_performance" ADD CONSTRAINT "model_performance_model_id_ai_models_model_id_fk" FOREIGN KEY ("model_id") REFERENCES "ai_trading"."ai_models"("model_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_trading"."rl_episodes" ADD CONSTRAINT "rl_episodes_session_id_training_sessions_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "ai_trading"."training_sessions"("session_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_trading"."training_sessions" ADD CONSTRAINT "training_sessions_model_id_ai_models_model_id_fk" FOREIGN KEY ("model_id") REFERENCES "ai_trading"."ai_models"("model_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_trading"."ai_signals" ADD CONSTRAINT "ai_signals_model_id_ai_models_model_id_fk" FOREIGN KEY ("model_id") REFERENCES "ai_trading"."ai_models"("model_id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_trading"."anomaly_detections" ADD CONSTRAINT "anomaly_detections_model_id_ai_models_model_id_fk" FOREIGN KEY ("model_id") REFERENCES "ai_trading"."ai_models"("model_id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_trading"."signal_performance" ADD CONSTRAINT "signal_performance_signal_id_ai_signals_signal_id_fk" FOREIGN KEY ("signal_id") REFERENCES "ai_trading"."ai_signals"("signal_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_trading"."spectrum_analysis" ADD CONSTRAINT "spectrum_analysis_model_id_ai_models_model_id_fk" FOREIGN KEY ("model_id") REFERENCES "ai_trading"."ai_models"("model_id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_trading"."optimization_individuals" ADD CONSTRAINT "optimization_individuals_run_id_optimization_runs_run_id_fk" FOREIGN KEY ("run_id") REFERENCES "ai_trading"."optimization_runs"("run_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ai_trading"."optimization_runs" ADD CONSTRAINT "optimization_runs_model_id_ai_models_model_id_fk" FOREIGN KEY ("model_id") REFERENCES "ai_trading"."ai_models"("model_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ix_crypto_aggs_symbol_ts_timeframe" ON "market"."crypto_aggs" USING btree ("symbol","timestamp","timeframe");--> statement-breakpoint
CREATE INDEX "ix_crypto_aggs_exchange_symbol_ts" ON "market"."crypto_aggs" USING btree ("exchange","symbol","timestamp");--> statement-breakpoint
CREATE INDEX "ix_options_aggs_contract" ON "market"."options_aggs" USING btree ("underlying","expiration","strike","option_type");--> statement-breakpoint
CREATE INDEX "ix_options_aggs_symbol_ts" ON "market"."options_aggs" USING btree ("symbol","timestamp");--> statement-breakpoint
CREATE INDEX "ix_quotes_symbol_ts" ON "market"."quotes" USING btree ("symbol","timestamp");--> statement-breakpoint
CREATE INDEX "ix_trade_ticks_symbol_ts" ON "market"."trade_ticks" USING btree ("symbol","timestamp");--> statement-breakpoint
CREATE INDEX "ix_trade_ticks_exchange_ts" ON "market"."trade_ticks" USING btree ("exchange","timestamp");--> statement-breakpoint
CREATE UNIQUE INDEX "ux_unusual_whales_options_alert_id" ON "market"."unusual_whales_options" USING btree ("alert_id") WHERE "market"."unusual_whales_options"."alert_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "ix_unusual_whales_options_contract" ON "market"."unusual_whales_options" USING btree ("underlying","expiration","strike","option_type");--> statement-breakpoint
CREATE INDEX "ix_unusual_whales_options_symbol_ts" ON "market"."unusual_whales_options" USING btree ("symbol","timestamp");--> statement-breakpoint
CREATE INDEX "ix_unusual_whales_options_score" ON "market"."unusual_whales_options" USING btree ("unusual_score") WHERE "market"."unusual_whales_options"."unusual_score" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "ix_market_holidays_year_market" ON "market"."market_holidays" USING btree ("year","market");--> statement-breakpoint
CREATE INDEX "ix_market_status_market_status" ON "market"."market_status" USING btree ("market","status");--> statement-breakpoint
CREATE INDEX "ix_news_articles_published_utc" ON "market"."news_articles" USING btree ("published_utc");--> statement-breakpoint
CREATE INDEX "ix_news_articles_tickers" ON "market"."news_articles" USING gin ("tickers");--> statement-breakpoint
CREATE INDEX "ix_features_group_symbol_ts" ON "market"."features" USING btree ("feature_group","symbol","timestamp");--> statement-breakpoint
CREATE INDEX "ix_gamma_correlation_ts" ON "market"."gamma_correlation" USING btree ("timestamp");--> statement-breakpoint
CREATE INDEX "ix_gex_snapshots_detailed_symbol_ts" ON "market"."gex_snapshots_detailed" USING btree ("symbol","timestamp");--> statement-breakpoint
CREATE INDEX "ix_greeks_snapshots_symbol_ts" ON "market"."greeks_snapshots" USING btree ("symbol","timestamp");--> statement-breakpoint
CREATE INDEX "ix_options_flow_symbol_ts" ON "market"."options_flow" USING btree ("symbol","timestamp");--> statement-breakpoint
CREATE INDEX "ix_regime_classifications_symbol_ts" ON "market"."regime_classifications" USING btree ("symbol","timestamp");--> statement-breakpoint
CREATE INDEX "ix_regime_signals_symbol_ts" ON "market"."regime_signals" USING btree ("symbol","timestamp");--> statement-breakpoint
CREATE INDEX "ix_alert_history_alert_triggered" ON "journal"."alert_history" USING btree ("alert_id","triggered_at");--> statement-breakpoint
CREATE INDEX "ix_alerts_symbol_active" ON "journal"."alerts" USING btree ("symbol","is_active");--> statement-breakpoint
CREATE INDEX "ix_trade_setups_symbol_ts" ON "journal"."trade_setups" USING btree ("symbol","timestamp");--> statement-breakpoint
CREATE INDEX "ix_wheel_activity_log_cycle_ts" ON "journal"."wheel_activity_log" USING btree ("cycle_id","timestamp");--> statement-breakpoint
CREATE INDEX "ix_wheel_cycles_symbol_status" ON "journal"."wheel_cycles" USING btree ("symbol","status");--> statement-breakpoint
CREATE INDEX "ix_wheel_legs_cycle_id" ON "journal"."wheel_legs" USING btree ("cycle_id");--> statement-breakpoint
CREATE INDEX "ix_backtest_summary_ts" ON "backtest"."backtest_summary" USING btree ("timestamp");--> statement-breakpoint
CREATE INDEX "ix_backtest_trades_symbol_entry" ON "backtest"."backtest_trades" USING btree ("symbol","entry_time");--> statement-breakpoint
CREATE INDEX "ix_psychology_analysis_ts" ON "backtest"."psychology_analysis" USING btree ("timestamp");--> statement-breakpoint
CREATE INDEX "ix_spx_wheel_backtest_trades_run_date" ON "backtest"."spx_wheel_backtest_trades" USING btree ("run_id","backtest_date");--> statement-breakpoint
CREATE INDEX "ix_autonomous_closed_trades_exit_date" ON "execution"."autonomous_closed_trades" USING btree ("exit_date");--> statement-breakpoint
CREATE INDEX "ix_autonomous_equity_snapshots_ts" ON "execution"."autonomous_equity_snapshots" USING btree ("timestamp");--> statement-breakpoint
CREATE INDEX "ix_autonomous_live_status_ts" ON "execution"."autonomous_live_status" USING btree ("timestamp");--> statement-breakpoint
CREATE INDEX "ix_autonomous_open_positions_symbol" ON "execution"."autonomous_open_positions" USING btree ("symbol");--> statement-breakpoint
CREATE INDEX "ix_autonomous_trade_activity_ts" ON "execution"."autonomous_trade_activity" USING btree ("timestamp");--> statement-breakpoint
CREATE INDEX "ix_autonomous_trade_log_date_time" ON "execution"."autonomous_trade_log" USING btree ("date","time");--> statement-breakpoint
CREATE INDEX "ix_trading_decisions_ts" ON "execution"."trading_decisions" USING btree ("timestamp");--> statement-breakpoint
CREATE INDEX "ix_position_sizing_history_ts" ON "execution"."position_sizing_history" USING btree ("timestamp");--> statement-breakpoint
CREATE INDEX "ix_positions_symbol_status" ON "execution"."positions" USING btree ("symbol","status");--> statement-breakpoint
CREATE INDEX "ix_positions_strategy_status" ON "execution"."positions" USING btree ("strategy_id","status");--> statement-breakpoint
CREATE INDEX "ix_trades_symbol_ts" ON "execution"."trades" USING btree ("symbol","timestamp");--> statement-breakpoint
CREATE INDEX "ix_unified_positions_status" ON "execution"."unified_positions" USING btree ("status");--> statement-breakpoint
CREATE INDEX "ix_unified_trades_exit_date" ON "execution"."unified_trades" USING btree ("exit_date");--> statement-breakpoint
CREATE INDEX "ix_emergency_events_ts_severity" ON "execution"."emergency_events" USING btree ("timestamp","severity");--> statement-breakpoint
CREATE INDEX "ix_emergency_events_trigger_ts" ON "execution"."emergency_events" USING btree ("trigger_type","timestamp");--> statement-breakpoint
CREATE INDEX "ix_paper_outcomes_signal_id" ON "execution"."paper_outcomes" USING btree ("signal_id");--> statement-breakpoint
CREATE INDEX "ix_paper_signals_symbol_ts" ON "execution"."paper_signals" USING btree ("symbol","timestamp");--> statement-breakpoint
CREATE INDEX "ix_strategy_competition_ts" ON "execution"."strategy_competition" USING btree ("timestamp");--> statement-breakpoint
CREATE INDEX "idx_ai_models_name_version" ON "ai_trading"."ai_models" USING btree ("model_name","version");--> statement-breakpoint
CREATE INDEX "idx_ai_models_status_type" ON "ai_trading"."ai_models" USING btree ("status","model_type");--> statement-breakpoint
CREATE INDEX "idx_ai_models_active" ON "ai_trading"."ai_models" USING btree ("is_active") WHERE "ai_trading"."ai_models"."is_active";--> statement-breakpoint
CREATE INDEX "idx_model_performance_model_created" ON "ai_trading"."model_performance" USING btree ("model_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idx_rl_episodes_session_episode" ON "ai_trading"."rl_episodes" USING btree ("session_id","episode_number");--> statement-breakpoint
CREATE INDEX "idx_training_sessions_model_start" ON "ai_trading"."training_sessions" USING btree ("model_id","start_time");--> statement-breakpoint
CREATE INDEX "idx_training_sessions_status" ON "ai_trading"."training_sessions" USING btree ("status");--> statement-breakpoint
CREATE INDEX "idx_ai_signals_symbol_time" ON "ai_trading"."ai_signals" USING btree ("symbol","signal_timestamp" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idx_ai_signals_model_time" ON "ai_trading"."ai_signals" USING btree ("model_id","signal_timestamp" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idx_ai_signals_type_confidence" ON "ai_trading"."ai_signals" USING btree ("signal_type","confidence" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idx_ai_signals_symbol_time_type" ON "ai_trading"."ai_signals" USING btree ("symbol","signal_timestamp","signal_type");--> statement-breakpoint
CREATE INDEX "idx_anomaly_detections_symbol_time" ON "ai_trading"."anomaly_detections" USING btree ("symbol","detection_timestamp" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idx_anomaly_detections_unresolved" ON "ai_trading"."anomaly_detections" USING btree ("detection_timestamp") WHERE NOT "ai_trading"."anomaly_detections"."resolved";--> statement-breakpoint
CREATE INDEX "idx_signal_performance_signal" ON "ai_trading"."signal_performance" USING btree ("signal_id","evaluation_timestamp" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idx_spectrum_analysis_symbol_time" ON "ai_trading"."spectrum_analysis" USING btree ("symbol","analysis_timestamp" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idx_feature_data_symbol_time" ON "ai_trading"."feature_data" USING btree ("symbol","timestamp" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idx_feature_data_set_time" ON "ai_trading"."feature_data" USING btree ("feature_set_name","timestamp");--> statement-breakpoint
CREATE INDEX "idx_optimization_individuals_run_gen" ON "ai_trading"."optimization_individuals" USING btree ("run_id","generation","individual_rank");--> statement-breakpoint
CREATE INDEX "idx_optimization_runs_model" ON "ai_trading"."optimization_runs" USING btree ("model_id","created_at");--> statement-breakpoint
CREATE INDEX "ix_ai_analysis_history_ts" ON "ai_trading"."ai_analysis_history" USING btree ("timestamp");--> statement-breakpoint
CREATE INDEX "ix_ai_predictions_symbol_date" ON "ai_trading"."ai_predictions" USING btree ("symbol","prediction_date");--> statement-breakpoint
CREATE INDEX "ix_ai_recommendations_symbol_ts" ON "ai_trading"."ai_recommendations" USING btree ("symbol","timestamp");--> statement-breakpoint
CREATE INDEX "ix_conversations_session_ts" ON "ai_trading"."conversations" USING btree ("session_id","timestamp");--> statement-breakpoint
CREATE INDEX "ix_ml_predictions_symbol_ts" ON "ai_trading"."ml_predictions" USING btree ("symbol","timestamp");--> statement-breakpoint
CREATE INDEX "ix_probability_predictions_symbol_ts" ON "ai_trading"."probability_predictions" USING btree ("symbol","timestamp");--> statement-breakpoint
CREATE INDEX "ix_recommendations_symbol_ts" ON "ai_trading"."recommendations" USING btree ("symbol","timestamp");--> statement-breakpoint
CREATE INDEX "ix_background_jobs_status_started" ON "ops"."background_jobs" USING btree ("status","started_at");--> statement-breakpoint
CREATE INDEX "ix_data_collection_log_type_ts" ON "ops"."data_collection_log" USING btree ("collection_type","timestamp");--> statement-breakpoint
CREATE INDEX "ix_ops_alerts_ts_severity" ON "ops"."alerts" USING btree ("timestamp","severity");--> statement-breakpoint
CREATE INDEX "ix_ops_alerts_status_ts" ON "ops"."alerts" USING btree ("status","timestamp");--> statement-breakpoint
CREATE INDEX "ix_ops_alerts_component_ts" ON "ops"."alerts" USING btree ("component","timestamp");--> statement-breakpoint
CREATE INDEX "ix_system_metrics_name_component_ts" ON "ops"."system_metrics" USING btree ("metric_name","component","timestamp");--> statement-breakpoint
CREATE INDEX "ix_system_metrics_host_ts" ON "ops"."system_metrics" USING btree ("host","timestamp");--> statement-breakpoint
CREATE INDEX "ix_trading_metrics_name_ts" ON "ops"."trading_metrics" USING btree ("metric_name","timestamp");--> statement-breakpoint
CREATE INDEX "ix_trading_metrics_symbol_name_ts" ON "ops"."trading_metrics" USING btree ("symbol","metric_name","timestamp") WHERE "ops"."trading_metrics"."symbol" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "ix_trading_metrics_strategy_name_ts" ON "ops"."trading_metrics" USING btree ("strategy_id","metric_name","timestamp") WHERE "ops"."trading_metrics"."strategy_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "execution"."orders" ADD CONSTRAINT "orders_signal_id_ai_signals_signal_id_fk" FOREIGN KEY ("signal_id") REFERENCES "ai_trading"."ai_signals"("signal_id") ON DELETE set null ON UPDATE no action;