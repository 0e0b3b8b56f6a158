import { date, index, jsonb, serial, uuid, varchar } from 'drizzle-orm/pg-core'
import { createdAt } from '../columns'
import { userAccounts } from '../core/accounts'
import { strategies } from '../strategy/strategies'
import { backtest } from './schema'

/**
 * One backtest run and its summary: seed 004 `backtest_results` (strategy snapshot, metrics,
 * equity curve) merged with seed 000 `backtest_results`. `semantics` records the fill and
 * commission rules used so a trader can reproduce the run.
 */
export const backtestResults = backtest.table(
  'backtest_results',
  {
    id: serial('id').primaryKey(),
    strategyId: uuid('strategy_id').references(() => strategies.id, { onDelete: 'set null' }),
    userId: uuid('user_id').references(() => userAccounts.id, { onDelete: 'cascade' }),
    symbol: varchar('symbol', { length: 20 }),
    timeframe: varchar('timeframe', { length: 10 }),
    startDate: date('start_date').notNull(),
    endDate: date('end_date').notNull(),
    benchmarkSymbol: varchar('benchmark_symbol', { length: 50 }),
    /** The request snapshot: the backtest spec and the strategy with its parameters. */
    strategyElements: jsonb('strategy_elements').notNull().$type<{
      spec: Record<string, unknown>
      strategy: { name: string; params: Record<string, number> }
    }>(),
    parameters: jsonb('parameters').$type<Record<string, number>>(),
    semantics: jsonb('semantics').$type<{ mode: 'reference'; semantics: string[] }>(),
    metrics: jsonb('metrics').notNull().$type<Record<string, unknown>>(),
    equityCurve: jsonb('equity_curve').$type<{
      time: number[]
      equity: number[]
      drawdown: number[]
    }>(),
    /** The run's trades. */
    positions: jsonb('positions').$type<unknown[]>(),
    createdAt: createdAt(),
  },
  (t) => [
    index('idx_backtest_results_user_id').on(t.userId),
    index('idx_backtest_results_strategy_id').on(t.strategyId),
    index('idx_backtest_results_created_at').on(t.createdAt.desc()),
  ],
)
