import {
  date,
  doublePrecision,
  index,
  jsonb,
  numeric,
  serial,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core'
import { createdAt, tstz } from '../columns'
import { strategies } from '../strategy/strategies'
import { execution } from './schema'

/**
 * Positions: seed 002 `positions` merged with seed 000 `positions` (general positions of the
 * AI agents, stamped by `timestamp`).
 */
export const positions = execution.table(
  'positions',
  {
    positionId: uuid('position_id').primaryKey().defaultRandom(),
    symbol: varchar('symbol', { length: 16 }).notNull(),
    quantity: numeric('quantity', { precision: 16, scale: 6 }).notNull(),
    entryPrice: numeric('entry_price', { precision: 16, scale: 6 }).notNull(),
    currentPrice: numeric('current_price', { precision: 16, scale: 6 }).notNull(),
    entryTime: tstz('entry_time').notNull(),
    lastUpdate: tstz('last_update').notNull().defaultNow(),
    strategyId: uuid('strategy_id').references(() => strategies.id, { onDelete: 'set null' }),
    status: varchar('status', { length: 16 }).notNull(),
    pnl: numeric('pnl', { precision: 16, scale: 6 }).notNull().default('0'),
    pnlPercentage: numeric('pnl_percentage', { precision: 10, scale: 6 }).notNull().default('0'),
    metadata: jsonb('metadata'),
    timestamp: tstz('timestamp').notNull().defaultNow(),
  },
  (t) => [
    index('ix_positions_symbol_status').on(t.symbol, t.status),
    index('ix_positions_strategy_status').on(t.strategyId, t.status),
  ],
)

/** Simplified trade records (seed 000 `trades`). */
export const trades = execution.table(
  'trades',
  {
    id: serial('id').primaryKey(),
    timestamp: tstz('timestamp').notNull().defaultNow(),
    symbol: varchar('symbol', { length: 20 }).notNull(),
    side: varchar('side', { length: 10 }).notNull(),
    quantity: doublePrecision('quantity').notNull(),
    price: doublePrecision('price').notNull(),
    pnl: doublePrecision('pnl'),
    strategy: varchar('strategy', { length: 100 }),
    details: jsonb('details'),
  },
  (t) => [index('ix_trades_symbol_ts').on(t.symbol, t.timestamp)],
)

/** Positions of the unified trading engine (seed 000 `unified_positions`). */
export const unifiedPositions = execution.table(
  'unified_positions',
  {
    id: serial('id').primaryKey(),
    symbol: varchar('symbol', { length: 20 }).notNull(),
    strategy: varchar('strategy', { length: 100 }),
    direction: varchar('direction', { length: 10 }),
    quantity: doublePrecision('quantity').notNull(),
    entryPrice: doublePrecision('entry_price'),
    entryDate: date('entry_date').notNull(),
    currentPrice: doublePrecision('current_price'),
    status: varchar('status', { length: 20 }).notNull().default('open'),
    details: jsonb('details'),
    createdAt: createdAt(),
  },
  (t) => [index('ix_unified_positions_status').on(t.status)],
)

/** Trades of the unified trading engine (seed 000 `unified_trades`). */
export const unifiedTrades = execution.table(
  'unified_trades',
  {
    id: serial('id').primaryKey(),
    symbol: varchar('symbol', { length: 20 }).notNull(),
    strategy: varchar('strategy', { length: 100 }),
    direction: varchar('direction', { length: 10 }),
    quantity: doublePrecision('quantity').notNull(),
    entryPrice: doublePrecision('entry_price'),
    exitPrice: doublePrecision('exit_price'),
    entryDate: date('entry_date').notNull(),
    exitDate: date('exit_date'),
    pnl: doublePrecision('pnl'),
    details: jsonb('details'),
  },
  (t) => [index('ix_unified_trades_exit_date').on(t.exitDate)],
)

/** Daily sizing decisions (seed 000 `position_sizing_history`). */
export const positionSizingHistory = execution.table(
  'position_sizing_history',
  {
    id: serial('id').primaryKey(),
    timestamp: tstz('timestamp').notNull().defaultNow(),
    symbol: varchar('symbol', { length: 20 }).notNull(),
    method: varchar('method', { length: 50 }).notNull(),
    accountValue: doublePrecision('account_value'),
    positionSize: doublePrecision('position_size'),
    riskPct: doublePrecision('risk_pct'),
    details: jsonb('details'),
  },
  (t) => [index('ix_position_sizing_history_ts').on(t.timestamp)],
)
