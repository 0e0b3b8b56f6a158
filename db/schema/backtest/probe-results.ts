import {
  bigint,
  bigserial,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  unique,
  varchar,
} from 'drizzle-orm/pg-core'
import { createdAt, tstz } from '../columns'
import { probeStrategies } from '../strategy/probe-strategies'
import { backtest } from './schema'

/**
 * One catalogue strategy run over one symbol and period (seed 001 `strategy_probe_results`). A
 * probe run stores, per symbol × strategy, one whole-period row (`open_day` NULL, every trade in
 * `strategy_probe_trades` refers to it) and one row per trading day on which trades opened
 * (`open_day` set: those trades' count, win rate, profit factor and P&L). The unique key, NULLs
 * equal, makes a re-run or a resume of the same run id store nothing twice.
 */
export const strategyProbeResults = backtest.table(
  'strategy_probe_results',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    runId: varchar('run_id', { length: 50 }).notNull(),
    symbol: varchar('symbol', { length: 20 }).notNull(),
    strategyId: integer('strategy_id')
      .notNull()
      .references(() => probeStrategies.id, { onDelete: 'cascade' }),
    periodStart: tstz('period_start'),
    periodEnd: tstz('period_end'),
    openDay: date('open_day'),
    totalTrades: integer('total_trades').notNull().default(0),
    winRate: doublePrecision('win_rate'),
    profitFactor: doublePrecision('profit_factor'),
    totalPnl: doublePrecision('total_pnl'),
    maxDrawdown: doublePrecision('max_drawdown'),
    sharpeRatio: doublePrecision('sharpe_ratio'),
    metrics: jsonb('metrics'),
    createdAt: createdAt(),
  },
  (t) => [
    index('ix_strategy_probe_results_run_id').on(t.runId),
    index('ix_strategy_probe_results_strategy_id').on(t.strategyId),
    index('ix_strategy_probe_results_open_day').on(t.openDay),
    unique('uq_strategy_probe_results_run_symbol_strategy_day')
      .on(t.runId, t.symbol, t.strategyId, t.openDay)
      .nullsNotDistinct(),
  ],
)

/** Individual trades of a probe run (seed 001 `strategy_probe_trades`). */
export const strategyProbeTrades = backtest.table(
  'strategy_probe_trades',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    resultId: bigint('result_id', { mode: 'number' })
      .notNull()
      .references(() => strategyProbeResults.id, { onDelete: 'cascade' }),
    symbol: varchar('symbol', { length: 20 }).notNull(),
    side: varchar('side', { length: 10 }).notNull(),
    entryTime: tstz('entry_time'),
    exitTime: tstz('exit_time'),
    entryPrice: doublePrecision('entry_price'),
    exitPrice: doublePrecision('exit_price'),
    quantity: doublePrecision('quantity'),
    pnl: doublePrecision('pnl'),
    returnPct: doublePrecision('return_pct'),
    exitReason: varchar('exit_reason', { length: 50 }),
    metrics: jsonb('metrics'),
    createdAt: createdAt(),
  },
  (t) => [index('ix_strategy_probe_trades_result_id').on(t.resultId)],
)
