import {
  date,
  index,
  integer,
  jsonb,
  numeric,
  serial,
  time,
  unique,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core'
import { createdAt, tstz } from '../columns'
import { userAccounts } from '../core/accounts'
import { strategies } from '../strategy/strategies'
import { execution } from './schema'

/** A strategy trading paper or live money (seed 004 `active_strategies`). */
export const activeStrategies = execution.table(
  'active_strategies',
  {
    id: serial('id').primaryKey(),
    userId: uuid('user_id').references(() => userAccounts.id, { onDelete: 'cascade' }),
    strategyId: uuid('strategy_id')
      .notNull()
      .references(() => strategies.id, { onDelete: 'cascade' }),
    mode: varchar('mode', { length: 50 }).notNull(),
    status: varchar('status', { length: 50 }).notNull().default('active'),
    initialCapital: numeric('initial_capital', { precision: 15, scale: 2 }).notNull(),
    currentCapital: numeric('current_capital', { precision: 15, scale: 2 }),
    startedAt: tstz('started_at').notNull().defaultNow(),
    stoppedAt: tstz('stopped_at'),
    lastRebalanceAt: tstz('last_rebalance_at'),
    rebalanceFrequency: varchar('rebalance_frequency', { length: 50 }),
    rebalanceTime: time('rebalance_time'),
  },
  (t) => [
    unique('uq_active_strategies_user_strategy_mode').on(t.userId, t.strategyId, t.mode),
    index('idx_active_strategies_user_id').on(t.userId),
    index('idx_active_strategies_status').on(t.status),
  ],
)

/** Daily equity of an active strategy (seed 004 `active_strategy_snapshots`). */
export const activeStrategySnapshots = execution.table(
  'active_strategy_snapshots',
  {
    id: serial('id').primaryKey(),
    activeStrategyId: integer('active_strategy_id')
      .notNull()
      .references(() => activeStrategies.id, { onDelete: 'cascade' }),
    snapshotDate: date('snapshot_date').notNull(),
    equity: numeric('equity', { precision: 15, scale: 2 }).notNull(),
    holdings: jsonb('holdings'),
    dailyReturn: numeric('daily_return', { precision: 10, scale: 6 }),
    cumulativeReturn: numeric('cumulative_return', { precision: 10, scale: 6 }),
    createdAt: createdAt(),
  },
  (t) => [
    unique('uq_active_strategy_snapshots_strategy_date').on(t.activeStrategyId, t.snapshotDate),
    index('idx_active_strategy_snapshots_active_strategy_id').on(t.activeStrategyId),
    index('idx_active_strategy_snapshots_date').on(t.snapshotDate.desc()),
  ],
)
