CREATE SCHEMA "market";
--> statement-breakpoint
CREATE SCHEMA "journal";
--> statement-breakpoint
CREATE SCHEMA "strategy";
--> statement-breakpoint
CREATE SCHEMA "backtest";
--> statement-breakpoint
CREATE SCHEMA "execution";
--> statement-breakpoint
CREATE SCHEMA "ops";
--> statement-breakpoint
CREATE TABLE "core"."user_accounts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"external_user_id" varchar(100),
	"name" varchar(255),
	"email" varchar(255),
	"google_id" varchar(255),
	"auth_provider" varchar(50),
	"profile_picture_url" varchar(1024),
	"phone" varchar(50),
	"address" text,
	"date_of_birth" date,
	"gender" varchar(20),
	"is_active" boolean DEFAULT true NOT NULL,
	"discord_id" varchar(255),
	"username" varchar(255),
	"discriminator" varchar(10),
	"avatar_url" text,
	"alpaca_api_key_ref" text,
	"alpaca_api_secret_ref" text,
	"preferences" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "user_accounts_external_user_id_unique" UNIQUE("external_user_id"),
	CONSTRAINT "user_accounts_email_unique" UNIQUE("email"),
	CONSTRAINT "user_accounts_google_id_unique" UNIQUE("google_id"),
	CONSTRAINT "user_accounts_discord_id_unique" UNIQUE("discord_id")
);
--> statement-breakpoint
CREATE TABLE "core"."user_profiles" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_account_id" uuid NOT NULL,
	"profile" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"risk_profile" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"site_prefs" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "user_profiles_user_account_id_unique" UNIQUE("user_account_id")
);
--> statement-breakpoint
CREATE TABLE "core"."user_rules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid,
	"rule_code" varchar(50) NOT NULL,
	"evaluator" varchar(100),
	"parameters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"is_enabled" boolean DEFAULT true NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "core"."waitlist" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" varchar(255),
	"email" varchar(255) NOT NULL,
	"status" varchar(20) DEFAULT 'waiting' NOT NULL,
	"referral_source" varchar(255),
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "waitlist_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "market"."tickers" (
	"symbol" varchar(20) PRIMARY KEY NOT NULL,
	"name" varchar(255),
	"exchange" varchar(50),
	"asset_type" varchar(20),
	"is_active" boolean DEFAULT true NOT NULL,
	"market" varchar(32),
	"locale" varchar(16),
	"type" varchar(16),
	"currency" varchar(8),
	"primary_exchange" varchar(32),
	"last_updated" timestamp with time zone,
	"description" text,
	"sic_code" varchar(8),
	"sic_description" varchar(256),
	"ticker_root" varchar(16),
	"homepage_url" varchar(256),
	"total_employees" integer,
	"list_date" date,
	"share_class_shares_outstanding" bigint,
	"weighted_shares_outstanding" bigint,
	"market_cap" bigint,
	"phone_number" varchar(32),
	"address" jsonb,
	"metadata" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "market"."ohlcv_bars" (
	"symbol" varchar(20) NOT NULL,
	"timeframe" varchar(10) NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"open" double precision NOT NULL,
	"high" double precision NOT NULL,
	"low" double precision NOT NULL,
	"close" double precision NOT NULL,
	"volume" double precision DEFAULT 0 NOT NULL,
	"trade_count" integer,
	"vwap" double precision,
	"source" varchar(32),
	"multiplier" integer DEFAULT 1,
	"timespan_unit" varchar(16),
	"adjusted" boolean DEFAULT false NOT NULL,
	"otc" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ohlcv_bars_pkey" PRIMARY KEY("symbol","timeframe","timestamp"),
	CONSTRAINT "ck_ohlcv_high_low" CHECK ("market"."ohlcv_bars"."high" >= "market"."ohlcv_bars"."low"),
	CONSTRAINT "ck_ohlcv_high_open_close" CHECK ("market"."ohlcv_bars"."high" >= "market"."ohlcv_bars"."open" AND "market"."ohlcv_bars"."high" >= "market"."ohlcv_bars"."close"),
	CONSTRAINT "ck_ohlcv_low_open_close" CHECK ("market"."ohlcv_bars"."low" <= "market"."ohlcv_bars"."open" AND "market"."ohlcv_bars"."low" <= "market"."ohlcv_bars"."close"),
	CONSTRAINT "ck_ohlcv_prices_positive" CHECK ("market"."ohlcv_bars"."open" > 0 AND "market"."ohlcv_bars"."high" > 0 AND "market"."ohlcv_bars"."low" > 0 AND "market"."ohlcv_bars"."close" > 0),
	CONSTRAINT "ck_ohlcv_volume_nonnegative" CHECK ("market"."ohlcv_bars"."volume" >= 0)
);
--> statement-breakpoint
CREATE TABLE "market"."computed_features" (
	"symbol" varchar(20) NOT NULL,
	"timeframe" varchar(10) NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"features" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"feature_version" varchar(20),
	"model_id" varchar(50),
	"state_id" integer,
	"state_prob" double precision,
	"log_likelihood" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "computed_features_pkey" PRIMARY KEY("symbol","timeframe","timestamp")
);
--> statement-breakpoint
CREATE TABLE "market"."data_sync_log" (
	"id" serial PRIMARY KEY NOT NULL,
	"symbol" varchar(20) NOT NULL,
	"timeframe" varchar(10) NOT NULL,
	"last_synced_timestamp" timestamp with time zone,
	"first_synced_timestamp" timestamp with time zone,
	"last_sync_at" timestamp with time zone DEFAULT now() NOT NULL,
	"bars_fetched" integer DEFAULT 0 NOT NULL,
	"total_bars" integer DEFAULT 0 NOT NULL,
	"status" varchar(20) NOT NULL,
	"error_message" text
);
--> statement-breakpoint
CREATE TABLE "journal"."broker_connections" (
	"id" uuid PRIMARY KEY NOT NULL,
	"snaptrade_user_id" uuid,
	"brokerage_name" varchar(100),
	"brokerage_slug" varchar(50),
	"authorization_id" varchar(255),
	"meta" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "broker_connections_authorization_id_unique" UNIQUE("authorization_id")
);
--> statement-breakpoint
CREATE TABLE "journal"."snaptrade_users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_account_id" uuid,
	"snaptrade_user_id" varchar(255) NOT NULL,
	"snaptrade_user_secret_ref" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "snaptrade_users_user_account_id_unique" UNIQUE("user_account_id"),
	CONSTRAINT "snaptrade_users_snaptrade_user_id_unique" UNIQUE("snaptrade_user_id")
);
--> statement-breakpoint
CREATE TABLE "journal"."import_batches" (
	"id" uuid PRIMARY KEY NOT NULL,
	"file_name" text NOT NULL,
	"format" varchar(50) NOT NULL,
	"account" text,
	"file_sha256" varchar(64),
	"row_count" integer DEFAULT 0 NOT NULL,
	"inserted_count" integer DEFAULT 0 NOT NULL,
	"skipped_count" integer DEFAULT 0 NOT NULL,
	"error_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"undone_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "journal"."trade_fills" (
	"id" uuid PRIMARY KEY NOT NULL,
	"broker_connection_id" uuid,
	"account_id" uuid,
	"account" text NOT NULL,
	"symbol" varchar(20) NOT NULL,
	"side" varchar(10) NOT NULL,
	"quantity" double precision NOT NULL,
	"price" double precision NOT NULL,
	"fees" double precision DEFAULT 0 NOT NULL,
	"multiplier" double precision DEFAULT 1 NOT NULL,
	"executed_at" timestamp with time zone NOT NULL,
	"broker" varchar(100),
	"asset_type" varchar(20),
	"currency" varchar(10) DEFAULT 'USD' NOT NULL,
	"order_id" varchar(255),
	"venue" varchar(100),
	"external_trade_id" varchar(255),
	"content_hash" varchar(128),
	"source" varchar(20),
	"import_batch_id" uuid,
	"corrects_fill_id" uuid,
	"raw_data" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ck_trade_fills_side" CHECK ("journal"."trade_fills"."side" IN ('buy', 'sell')),
	CONSTRAINT "ck_trade_fills_quantity_positive" CHECK ("journal"."trade_fills"."quantity" > 0),
	CONSTRAINT "ck_trade_fills_multiplier_positive" CHECK ("journal"."trade_fills"."multiplier" > 0)
);
--> statement-breakpoint
CREATE TABLE "journal"."campaign_checks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"decision_context_id" uuid NOT NULL,
	"account_id" uuid,
	"check_type" varchar(50) NOT NULL,
	"severity" varchar(10) NOT NULL,
	"passed" boolean NOT NULL,
	"details" jsonb,
	"nudge_text" text,
	"acknowledged" boolean DEFAULT false NOT NULL,
	"trader_action" varchar(20),
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"check_phase" varchar(20),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "ck_campaign_checks_severity" CHECK ("journal"."campaign_checks"."severity" IN ('info', 'warn', 'critical')),
	CONSTRAINT "ck_campaign_checks_check_phase" CHECK ("journal"."campaign_checks"."check_phase" IN ('pre_trade', 'at_entry', 'during', 'at_exit', 'post_trade'))
);
--> statement-breakpoint
CREATE TABLE "journal"."decision_contexts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid,
	"fill_id" uuid NOT NULL,
	"context_type" varchar(30) NOT NULL,
	"strategy_id" uuid,
	"hypothesis" text,
	"exit_intent" jsonb,
	"feelings_then" jsonb,
	"feelings_now" jsonb,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "decision_contexts_fill_id_unique" UNIQUE("fill_id"),
	CONSTRAINT "ck_decision_contexts_context_type" CHECK ("journal"."decision_contexts"."context_type" IN ('entry', 'add', 'reduce', 'exit', 'idea', 'post_trade_reflection'))
);
--> statement-breakpoint
CREATE TABLE "journal"."campaign_fills" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"group_id" uuid NOT NULL,
	"fill_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "uq_campaign_fills_group_fill" UNIQUE("group_id","fill_id")
);
--> statement-breakpoint
CREATE TABLE "journal"."journal_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid,
	"date" varchar(10) NOT NULL,
	"entry_type" varchar(30) NOT NULL,
	"content" text DEFAULT '' NOT NULL,
	"trade_id" varchar(50),
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"mood" varchar(20),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "strategy"."strategies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid,
	"name" varchar(500) NOT NULL,
	"description" text,
	"direction" varchar(10),
	"timeframes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"entry_criteria" text,
	"exit_criteria" text,
	"max_risk_pct" double precision,
	"min_risk_reward" double precision,
	"is_active" boolean DEFAULT true NOT NULL,
	"risk_profile" jsonb,
	"implied_strategy_family" varchar(50),
	"elements" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"benchmark_symbol" varchar(50) DEFAULT 'SPY',
	"start_date" date,
	"end_date" date,
	"tags" varchar(255)[],
	"is_public" boolean DEFAULT false NOT NULL,
	"is_archived" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "strategy"."probe_strategies" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" varchar(100) NOT NULL,
	"display_name" varchar(200),
	"philosophy" varchar(500),
	"strategy_type" varchar(50),
	"direction" varchar(15),
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "probe_strategies_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "strategy"."variable_lists" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid,
	"name" varchar(255) NOT NULL,
	"type" varchar(50) NOT NULL,
	"values" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"description" text,
	"is_shared" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "uq_variable_lists_user_name" UNIQUE("user_id","name")
);
--> statement-breakpoint
CREATE TABLE "backtest"."strategy_probe_results" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" varchar(50) NOT NULL,
	"symbol" varchar(20) NOT NULL,
	"strategy_id" integer NOT NULL,
	"period_start" timestamp with time zone,
	"period_end" timestamp with time zone,
	"open_day" date,
	"total_trades" integer DEFAULT 0 NOT NULL,
	"win_rate" double precision,
	"profit_factor" double precision,
	"total_pnl" double precision,
	"max_drawdown" double precision,
	"sharpe_ratio" double precision,
	"metrics" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "backtest"."strategy_probe_trades" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"result_id" bigint NOT NULL,
	"symbol" varchar(20) NOT NULL,
	"side" varchar(10) NOT NULL,
	"entry_time" timestamp with time zone,
	"exit_time" timestamp with time zone,
	"entry_price" double precision,
	"exit_price" double precision,
	"quantity" double precision,
	"pnl" double precision,
	"return_pct" double precision,
	"exit_reason" varchar(50),
	"metrics" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "backtest"."backtest_results" (
	"id" serial PRIMARY KEY NOT NULL,
	"strategy_id" uuid,
	"user_id" uuid,
	"symbol" varchar(20),
	"timeframe" varchar(10),
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"benchmark_symbol" varchar(50),
	"strategy_elements" jsonb NOT NULL,
	"parameters" jsonb,
	"semantics" jsonb,
	"metrics" jsonb NOT NULL,
	"equity_curve" jsonb,
	"positions" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "backtest"."batch_job_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"batch_job_id" varchar(255) NOT NULL,
	"run_index" integer NOT NULL,
	"variables" jsonb NOT NULL,
	"metrics" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "uq_batch_job_runs_job_run" UNIQUE("batch_job_id","run_index")
);
--> statement-breakpoint
CREATE TABLE "backtest"."batch_jobs" (
	"id" varchar(255) PRIMARY KEY NOT NULL,
	"user_id" uuid,
	"strategy_id" uuid,
	"name" varchar(500) NOT NULL,
	"kind" varchar(50) DEFAULT 'server' NOT NULL,
	"status" varchar(50) NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"completed" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"error" text,
	"truncated" boolean DEFAULT false NOT NULL,
	"variables" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"strategy_elements" jsonb NOT NULL,
	"start_date" date,
	"end_date" date,
	"benchmark_symbol" varchar(50),
	"assignments_preview" jsonb,
	"summary" jsonb
);
--> statement-breakpoint
CREATE TABLE "execution"."active_strategies" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" uuid,
	"strategy_id" uuid NOT NULL,
	"mode" varchar(50) NOT NULL,
	"status" varchar(50) DEFAULT 'active' NOT NULL,
	"initial_capital" numeric(15, 2) NOT NULL,
	"current_capital" numeric(15, 2),
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"stopped_at" timestamp with time zone,
	"last_rebalance_at" timestamp with time zone,
	"rebalance_frequency" varchar(50),
	"rebalance_time" time,
	CONSTRAINT "uq_active_strategies_user_strategy_mode" UNIQUE("user_id","strategy_id","mode")
);
--> statement-breakpoint
CREATE TABLE "execution"."active_strategy_snapshots" (
	"id" serial PRIMARY KEY NOT NULL,
	"active_strategy_id" integer NOT NULL,
	"snapshot_date" date NOT NULL,
	"equity" numeric(15, 2) NOT NULL,
	"holdings" jsonb,
	"daily_return" numeric(10, 6),
	"cumulative_return" numeric(10, 6),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "uq_active_strategy_snapshots_strategy_date" UNIQUE("active_strategy_id","snapshot_date")
);
--> statement-breakpoint
CREATE TABLE "execution"."orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"active_strategy_id" integer,
	"external_order_id" varchar(255),
	"symbol" varchar(50) NOT NULL,
	"side" varchar(10) NOT NULL,
	"quantity" numeric(16, 6) NOT NULL,
	"order_type" varchar(50),
	"status" varchar(50),
	"price" numeric(16, 6),
	"limit_price" numeric(16, 6),
	"filled_price" numeric(16, 6),
	"filled_quantity" numeric(16, 6) DEFAULT '0',
	"commission" numeric(10, 6) DEFAULT '0',
	"signal_id" uuid,
	"strategy_id" uuid,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"filled_at" timestamp with time zone,
	"error_message" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "orders_external_order_id_unique" UNIQUE("external_order_id")
);
--> statement-breakpoint
CREATE TABLE "ops"."api_usage_logs" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" uuid,
	"endpoint" varchar(255) NOT NULL,
	"method" varchar(10) NOT NULL,
	"status_code" integer,
	"duration_ms" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "core"."user_profiles" ADD CONSTRAINT "user_profiles_user_account_id_user_accounts_id_fk" FOREIGN KEY ("user_account_id") REFERENCES "core"."user_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "core"."user_rules" ADD CONSTRAINT "user_rules_account_id_user_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "core"."user_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market"."ohlcv_bars" ADD CONSTRAINT "ohlcv_bars_symbol_tickers_symbol_fk" FOREIGN KEY ("symbol") REFERENCES "market"."tickers"("symbol") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "market"."computed_features" ADD CONSTRAINT "computed_features_bar_fk" FOREIGN KEY ("symbol","timeframe","timestamp") REFERENCES "market"."ohlcv_bars"("symbol","timeframe","timestamp") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "market"."data_sync_log" ADD CONSTRAINT "data_sync_log_symbol_tickers_symbol_fk" FOREIGN KEY ("symbol") REFERENCES "market"."tickers"("symbol") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "journal"."broker_connections" ADD CONSTRAINT "broker_connections_snaptrade_user_id_snaptrade_users_id_fk" FOREIGN KEY ("snaptrade_user_id") REFERENCES "journal"."snaptrade_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal"."snaptrade_users" ADD CONSTRAINT "snaptrade_users_user_account_id_user_accounts_id_fk" FOREIGN KEY ("user_account_id") REFERENCES "core"."user_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal"."trade_fills" ADD CONSTRAINT "trade_fills_broker_connection_id_broker_connections_id_fk" FOREIGN KEY ("broker_connection_id") REFERENCES "journal"."broker_connections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal"."trade_fills" ADD CONSTRAINT "trade_fills_account_id_user_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "core"."user_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal"."trade_fills" ADD CONSTRAINT "trade_fills_import_batch_id_import_batches_id_fk" FOREIGN KEY ("import_batch_id") REFERENCES "journal"."import_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal"."trade_fills" ADD CONSTRAINT "trade_fills_corrects_fill_id_fk" FOREIGN KEY ("corrects_fill_id") REFERENCES "journal"."trade_fills"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal"."campaign_checks" ADD CONSTRAINT "campaign_checks_decision_context_id_decision_contexts_id_fk" FOREIGN KEY ("decision_context_id") REFERENCES "journal"."decision_contexts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal"."campaign_checks" ADD CONSTRAINT "campaign_checks_account_id_user_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "core"."user_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal"."decision_contexts" ADD CONSTRAINT "decision_contexts_account_id_user_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "core"."user_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal"."decision_contexts" ADD CONSTRAINT "decision_contexts_fill_id_trade_fills_id_fk" FOREIGN KEY ("fill_id") REFERENCES "journal"."trade_fills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal"."decision_contexts" ADD CONSTRAINT "decision_contexts_strategy_id_strategies_id_fk" FOREIGN KEY ("strategy_id") REFERENCES "strategy"."strategies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal"."campaign_fills" ADD CONSTRAINT "campaign_fills_group_id_trade_fills_id_fk" FOREIGN KEY ("group_id") REFERENCES "journal"."trade_fills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal"."campaign_fills" ADD CONSTRAINT "campaign_fills_fill_id_trade_fills_id_fk" FOREIGN KEY ("fill_id") REFERENCES "journal"."trade_fills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal"."journal_entries" ADD CONSTRAINT "journal_entries_account_id_user_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "core"."user_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy"."strategies" ADD CONSTRAINT "strategies_account_id_user_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "core"."user_accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "strategy"."variable_lists" ADD CONSTRAINT "variable_lists_user_id_user_accounts_id_fk" FOREIGN KEY ("user_id") REFERENCES "core"."user_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backtest"."strategy_probe_results" ADD CONSTRAINT "strategy_probe_results_strategy_id_probe_strategies_id_fk" FOREIGN KEY ("strategy_id") REFERENCES "strategy"."probe_strategies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backtest"."strategy_probe_trades" ADD CONSTRAINT "strategy_probe_trades_result_id_strategy_probe_results_id_fk" FOREIGN KEY ("result_id") REFERENCES "backtest"."strategy_probe_results"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backtest"."backtest_results" ADD CONSTRAINT "backtest_results_strategy_id_strategies_id_fk" FOREIGN KEY ("strategy_id") REFERENCES "strategy"."strategies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backtest"."backtest_results" ADD CONSTRAINT "backtest_results_user_id_user_accounts_id_fk" FOREIGN KEY ("user_id") REFERENCES "core"."user_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backtest"."batch_job_runs" ADD CONSTRAINT "batch_job_runs_batch_job_id_batch_jobs_id_fk" FOREIGN KEY ("batch_job_id") REFERENCES "backtest"."batch_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backtest"."batch_jobs" ADD CONSTRAINT "batch_jobs_user_id_user_accounts_id_fk" FOREIGN KEY ("user_id") REFERENCES "core"."user_accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "backtest"."batch_jobs" ADD CONSTRAINT "batch_jobs_strategy_id_strategies_id_fk" FOREIGN KEY ("strategy_id") REFERENCES "strategy"."strategies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "execution"."active_strategies" ADD CONSTRAINT "active_strategies_user_id_user_accounts_id_fk" FOREIGN KEY ("user_id") REFERENCES "core"."user_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "execution"."active_strategies" ADD CONSTRAINT "active_strategies_strategy_id_strategies_id_fk" FOREIGN KEY ("strategy_id") REFERENCES "strategy"."strategies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "execution"."active_strategy_snapshots" ADD CONSTRAINT "active_strategy_snapshots_active_strategy_id_active_strategies_id_fk" FOREIGN KEY ("active_strategy_id") REFERENCES "execution"."active_strategies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "execution"."orders" ADD CONSTRAINT "orders_active_strategy_id_active_strategies_id_fk" FOREIGN KEY ("active_strategy_id") REFERENCES "execution"."active_strategies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "execution"."orders" ADD CONSTRAINT "orders_strategy_id_strategies_id_fk" FOREIGN KEY ("strategy_id") REFERENCES "strategy"."strategies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ops"."api_usage_logs" ADD CONSTRAINT "api_usage_logs_user_id_user_accounts_id_fk" FOREIGN KEY ("user_id") REFERENCES "core"."user_accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ix_user_rules_account_id" ON "core"."user_rules" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "ix_tickers_market_active" ON "market"."tickers" USING btree ("market","is_active");--> statement-breakpoint
CREATE INDEX "ix_tickers_type_active" ON "market"."tickers" USING btree ("type","is_active");--> statement-breakpoint
CREATE INDEX "ix_ohlcv_timestamp" ON "market"."ohlcv_bars" USING btree ("timestamp");--> statement-breakpoint
CREATE INDEX "ix_ohlcv_adjusted_symbol_ts" ON "market"."ohlcv_bars" USING btree ("adjusted","symbol","timestamp");--> statement-breakpoint
CREATE UNIQUE INDEX "ux_data_sync_log_symbol_timeframe" ON "market"."data_sync_log" USING btree ("symbol","timeframe");--> statement-breakpoint
CREATE UNIQUE INDEX "ux_trade_fills_account_external_trade_id" ON "journal"."trade_fills" USING btree ("account","external_trade_id") WHERE "journal"."trade_fills"."external_trade_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "ux_trade_fills_account_content_hash" ON "journal"."trade_fills" USING btree ("account","content_hash") WHERE "journal"."trade_fills"."content_hash" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "ix_trade_fills_account_symbol_executed_at" ON "journal"."trade_fills" USING btree ("account","symbol","executed_at");--> statement-breakpoint
CREATE INDEX "ix_trade_fills_import_batch_id" ON "journal"."trade_fills" USING btree ("import_batch_id");--> statement-breakpoint
CREATE INDEX "ix_trade_fills_corrects_fill_id" ON "journal"."trade_fills" USING btree ("corrects_fill_id");--> statement-breakpoint
CREATE INDEX "ix_campaign_checks_decision_context" ON "journal"."campaign_checks" USING btree ("decision_context_id");--> statement-breakpoint
CREATE INDEX "ix_decision_contexts_account_fill" ON "journal"."decision_contexts" USING btree ("account_id","fill_id");--> statement-breakpoint
CREATE INDEX "ix_decision_contexts_strategy_id" ON "journal"."decision_contexts" USING btree ("strategy_id");--> statement-breakpoint
CREATE INDEX "ix_campaign_fills_group_id" ON "journal"."campaign_fills" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "ix_campaign_fills_fill_id" ON "journal"."campaign_fills" USING btree ("fill_id");--> statement-breakpoint
CREATE INDEX "ix_journal_entries_date" ON "journal"."journal_entries" USING btree ("date");--> statement-breakpoint
CREATE UNIQUE INDEX "ux_strategies_account_name" ON "strategy"."strategies" USING btree ("account_id","name") WHERE "strategy"."strategies"."deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX "ix_strategies_account_id" ON "strategy"."strategies" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "idx_strategies_created_at" ON "strategy"."strategies" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idx_strategies_is_public" ON "strategy"."strategies" USING btree ("is_public") WHERE "strategy"."strategies"."is_public" = TRUE;--> statement-breakpoint
CREATE INDEX "idx_strategies_tags" ON "strategy"."strategies" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "idx_variable_lists_user_id" ON "strategy"."variable_lists" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "ix_strategy_probe_results_run_id" ON "backtest"."strategy_probe_results" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "ix_strategy_probe_results_strategy_id" ON "backtest"."strategy_probe_results" USING btree ("strategy_id");--> statement-breakpoint
CREATE INDEX "ix_strategy_probe_results_open_day" ON "backtest"."strategy_probe_results" USING btree ("open_day");--> statement-breakpoint
CREATE INDEX "ix_strategy_probe_trades_result_id" ON "backtest"."strategy_probe_trades" USING btree ("result_id");--> statement-breakpoint
CREATE INDEX "idx_backtest_results_user_id" ON "backtest"."backtest_results" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_backtest_results_strategy_id" ON "backtest"."backtest_results" USING btree ("strategy_id");--> statement-breakpoint
CREATE INDEX "idx_backtest_results_created_at" ON "backtest"."backtest_results" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idx_batch_job_runs_batch_job_id" ON "backtest"."batch_job_runs" USING btree ("batch_job_id");--> statement-breakpoint
CREATE INDEX "idx_batch_job_runs_metrics" ON "backtest"."batch_job_runs" USING gin ("metrics");--> statement-breakpoint
CREATE INDEX "idx_batch_jobs_user_id" ON "backtest"."batch_jobs" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_batch_jobs_strategy_id" ON "backtest"."batch_jobs" USING btree ("strategy_id");--> statement-breakpoint
CREATE INDEX "idx_batch_jobs_status" ON "backtest"."batch_jobs" USING btree ("status");--> statement-breakpoint
CREATE INDEX "idx_batch_jobs_created_at" ON "backtest"."batch_jobs" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idx_active_strategies_user_id" ON "execution"."active_strategies" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_active_strategies_status" ON "execution"."active_strategies" USING btree ("status");--> statement-breakpoint
CREATE INDEX "idx_active_strategy_snapshots_active_strategy_id" ON "execution"."active_strategy_snapshots" USING btree ("active_strategy_id");--> statement-breakpoint
CREATE INDEX "idx_active_strategy_snapshots_date" ON "execution"."active_strategy_snapshots" USING btree ("snapshot_date" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "idx_execution_orders_active_strategy_id" ON "execution"."orders" USING btree ("active_strategy_id");--> statement-breakpoint
CREATE INDEX "idx_execution_orders_submitted_at" ON "execution"."orders" USING btree ("submitted_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "ix_orders_symbol_submitted_at" ON "execution"."orders" USING btree ("symbol","submitted_at");--> statement-breakpoint
CREATE INDEX "ix_orders_status_submitted_at" ON "execution"."orders" USING btree ("status","submitted_at");--> statement-breakpoint
CREATE INDEX "ix_orders_signal_id" ON "execution"."orders" USING btree ("signal_id");--> statement-breakpoint
CREATE INDEX "ix_orders_strategy_id_submitted_at" ON "execution"."orders" USING btree ("strategy_id","submitted_at");--> statement-breakpoint
CREATE INDEX "idx_api_usage_logs_user_id" ON "ops"."api_usage_logs" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_api_usage_logs_created_at" ON "ops"."api_usage_logs" USING btree ("created_at" DESC NULLS LAST);