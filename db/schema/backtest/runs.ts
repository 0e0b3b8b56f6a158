import {
  bigserial,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  serial,
  unique,
  varchar,
} from 'drizzle-orm/pg-core'
import { createdAt, tstz, updatedAt } from '../columns'
import { backtestResults } from './backtest-results'
import { backtest } from './schema'

/** Trades of a backtest run (seed 000 `backtest_trades`), keyed by their order in the run. */
export const backtestTrades = backtest.table(
  'backtest_trades',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    backtestResultId: integer('backtest_result_id').references(() => backtestResults.id, {
      onDelete: 'cascade',
    }),
    tradeIndex: integer('trade_index').notNull(),
    symbol: varchar('symbol', { length: 20 }).notNull(),
    side: varchar('side', { length: 10 }).notNull(),
    quantity: doublePrecision('quantity').notNull(),
    entryTime: tstz('entry_time'),
    exitTime: tstz('exit_time'),
    entryPrice: doublePrecision('entry_price'),
    exitPrice: doublePrecision('exit_price'),
    pnl: doublePrecision('pnl'),
    returnPct: doublePrecision('return_pct'),
    commission: doublePrecision('commission').notNull().default(0),
    exitReason: varchar('exit_reason', { length: 50 }),
    timestamp: tstz('timestamp').notNull().defaultNow(),
  },
  (t) => [
    unique('uq_backtest_trades_result_index').on(t.backtestResultId, t.tradeIndex),
    index('ix_backtest_trades_symbol_entry').on(t.symbol, t.entryTime),
  ],
)

/** Session metadata of an engine backtest (seed 000 `backtest_summary`). */
export const backtestSummary = backtest.table(
  'backtest_summary',
  {
    id: serial('id').primaryKey(),
    timestamp: tstz('timestamp').notNull().defaultNow(),
    runId: varchar('run_id', { length: 100 }).notNull().unique(),
    strategyName: varchar('strategy_name', { length: 100 }).notNull(),
    symbol: varchar('symbol', { length: 20 }),
    startDate: date('start_date'),
    endDate: date('end_date'),
    totalTrades: integer('total_trades').notNull().default(0),
    winRate: doublePrecision('win_rate'),
    totalReturn: doublePrecision('total_return'),
    maxDrawdown: doublePrecision('max_drawdown'),
    sharpeRatio: doublePrecision('sharpe_ratio'),
    parameters: jsonb('parameters'),
  },
  (t) => [index('ix_backtest_summary_ts').on(t.timestamp)],
)

/** Runs of the SPX wheel premium backtest (seed 000 `spx_wheel_backtest_runs`). */
export const spxWheelBacktestRuns = backtest.table('spx_wheel_backtest_runs', {
  runId: varchar('run_id', { length: 100 }).primaryKey(),
  parameters: jsonb('parameters').notNull().default({}),
  startDate: date('start_date'),
  endDate: date('end_date'),
  initialCapital: doublePrecision('initial_capital'),
  finalEquity: doublePrecision('final_equity'),
  totalReturnPct: doublePrecision('total_return_pct'),
  maxDrawdownPct: doublePrecision('max_drawdown_pct'),
  createdAt: createdAt(),
})

/** Equity curve of an SPX wheel backtest (seed 000 `spx_wheel_backtest_equity`). */
export const spxWheelBacktestEquity = backtest.table(
  'spx_wheel_backtest_equity',
  {
    id: serial('id').primaryKey(),
    runId: varchar('run_id', { length: 100 })
      .notNull()
      .references(() => spxWheelBacktestRuns.runId, { onDelete: 'cascade' }),
    backtestDate: date('backtest_date').notNull(),
    equity: doublePrecision('equity').notNull(),
    cash: doublePrecision('cash'),
    openPositions: integer('open_positions'),
    dailyPnl: doublePrecision('daily_pnl'),
  },
  (t) => [unique('uq_spx_wheel_backtest_equity_run_date').on(t.runId, t.backtestDate)],
)

/** Trades of an SPX wheel backtest (seed 000 `spx_wheel_backtest_trades`). */
export const spxWheelBacktestTrades = backtest.table(
  'spx_wheel_backtest_trades',
  {
    id: serial('id').primaryKey(),
    runId: varchar('run_id', { length: 100 })
      .notNull()
      .references(() => spxWheelBacktestRuns.runId, { onDelete: 'cascade' }),
    backtestDate: date('backtest_date').notNull(),
    tradeType: varchar('trade_type', { length: 30 }).notNull(),
    strike: doublePrecision('strike'),
    expiration: date('expiration'),
    premium: doublePrecision('premium'),
    contracts: integer('contracts'),
    pnl: doublePrecision('pnl'),
    priceSource: varchar('price_source', { length: 30 }),
    details: jsonb('details'),
  },
  (t) => [index('ix_spx_wheel_backtest_trades_run_date').on(t.runId, t.backtestDate)],
)

/** Psychology-backtest statistics per scenario (seed 000 `sucker_statistics`). */
export const suckerStatistics = backtest.table('sucker_statistics', {
  scenarioType: varchar('scenario_type', { length: 100 }).primaryKey(),
  totalOccurrences: integer('total_occurrences').notNull().default(0),
  fadeFailed: integer('fade_failed').notNull().default(0),
  fadeSucceeded: integer('fade_succeeded').notNull().default(0),
  failureRate: doublePrecision('failure_rate'),
  avgPriceChangeWhenFailed: doublePrecision('avg_price_change_when_failed'),
  updatedAt: updatedAt(),
})

/** Psychology analysis snapshots (seed 000 `psychology_analysis`). */
export const psychologyAnalysis = backtest.table(
  'psychology_analysis',
  {
    id: serial('id').primaryKey(),
    timestamp: tstz('timestamp').notNull().defaultNow(),
    symbol: varchar('symbol', { length: 20 }).notNull().default('SPY'),
    regimeType: varchar('regime_type', { length: 50 }),
    confidence: doublePrecision('confidence'),
    psychologyTrap: varchar('psychology_trap', { length: 100 }),
    analysis: jsonb('analysis'),
  },
  (t) => [index('ix_psychology_analysis_ts').on(t.timestamp)],
)
