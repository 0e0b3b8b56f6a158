import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  serial,
  text,
  varchar,
} from 'drizzle-orm/pg-core'
import { createdAt, tstz, updatedAt } from '../columns'
import { execution } from './schema'

// The autonomous paper trader (seed 000, core trading section). Seed 000 names tables,
// purposes and timestamp columns only; the columns are what those purposes need.

/** Trader configuration as key-value pairs (seed 000 `autonomous_config`). */
export const autonomousConfig = execution.table('autonomous_config', {
  key: varchar('key', { length: 100 }).primaryKey(),
  value: text('value').notNull(),
  updatedAt: updatedAt(),
})

/** Positions the trader holds now (seed 000 `autonomous_open_positions`). */
export const autonomousOpenPositions = execution.table(
  'autonomous_open_positions',
  {
    id: serial('id').primaryKey(),
    symbol: varchar('symbol', { length: 20 }).notNull(),
    strategy: varchar('strategy', { length: 100 }),
    action: varchar('action', { length: 20 }),
    strike: doublePrecision('strike'),
    optionType: varchar('option_type', { length: 4 }),
    expirationDate: date('expiration_date'),
    contracts: integer('contracts').notNull().default(0),
    entryPrice: doublePrecision('entry_price'),
    currentPrice: doublePrecision('current_price'),
    unrealizedPnl: doublePrecision('unrealized_pnl'),
    confidence: doublePrecision('confidence'),
    entryReason: text('entry_reason'),
    details: jsonb('details'),
    createdAt: createdAt(),
    lastUpdated: tstz('last_updated').notNull().defaultNow(),
  },
  (t) => [index('ix_autonomous_open_positions_symbol').on(t.symbol)],
)

/** Closed trades, the audit trail (seed 000 `autonomous_closed_trades`). */
export const autonomousClosedTrades = execution.table(
  'autonomous_closed_trades',
  {
    id: serial('id').primaryKey(),
    symbol: varchar('symbol', { length: 20 }).notNull(),
    strategy: varchar('strategy', { length: 100 }),
    strike: doublePrecision('strike'),
    optionType: varchar('option_type', { length: 4 }),
    expirationDate: date('expiration_date'),
    contracts: integer('contracts').notNull().default(0),
    entryDate: date('entry_date'),
    entryPrice: doublePrecision('entry_price'),
    exitDate: date('exit_date'),
    exitPrice: doublePrecision('exit_price'),
    realizedPnl: doublePrecision('realized_pnl'),
    exitReason: varchar('exit_reason', { length: 100 }),
    details: jsonb('details'),
    createdAt: createdAt(),
  },
  (t) => [index('ix_autonomous_closed_trades_exit_date').on(t.exitDate)],
)

/** Trade execution log; date and time are text as the seed keeps them (seed 000). */
export const autonomousTradeLog = execution.table(
  'autonomous_trade_log',
  {
    id: serial('id').primaryKey(),
    date: text('date').notNull(),
    time: text('time').notNull(),
    action: varchar('action', { length: 50 }).notNull(),
    details: text('details'),
    positionId: integer('position_id'),
    success: boolean('success').notNull().default(true),
  },
  (t) => [index('ix_autonomous_trade_log_date_time').on(t.date, t.time)],
)

/** Activity feed of trade actions (seed 000 `autonomous_trade_activity`). */
export const autonomousTradeActivity = execution.table(
  'autonomous_trade_activity',
  {
    id: serial('id').primaryKey(),
    timestamp: tstz('timestamp').notNull().defaultNow(),
    actionType: varchar('action_type', { length: 50 }).notNull(),
    symbol: varchar('symbol', { length: 20 }),
    details: text('details'),
    success: boolean('success').notNull().default(true),
    errorMessage: text('error_message'),
  },
  (t) => [index('ix_autonomous_trade_activity_ts').on(t.timestamp)],
)

/** Status snapshots of the live trader, every 5 minutes (seed 000). */
export const autonomousLiveStatus = execution.table(
  'autonomous_live_status',
  {
    id: serial('id').primaryKey(),
    timestamp: tstz('timestamp').notNull().defaultNow(),
    status: varchar('status', { length: 50 }).notNull(),
    currentAction: text('current_action'),
    marketAnalysis: text('market_analysis'),
    nextCheckTime: tstz('next_check_time'),
    isWorking: boolean('is_working').notNull().default(true),
    details: jsonb('details'),
  },
  (t) => [index('ix_autonomous_live_status_ts').on(t.timestamp)],
)

/** Equity curve of the trader, every 5 minutes (seed 000 `autonomous_equity_snapshots`). */
export const autonomousEquitySnapshots = execution.table(
  'autonomous_equity_snapshots',
  {
    id: serial('id').primaryKey(),
    timestamp: tstz('timestamp').notNull().defaultNow(),
    equity: doublePrecision('equity').notNull(),
    cash: doublePrecision('cash'),
    positionsValue: doublePrecision('positions_value'),
    dailyPnl: doublePrecision('daily_pnl'),
    totalPnl: doublePrecision('total_pnl'),
  },
  (t) => [index('ix_autonomous_equity_snapshots_ts').on(t.timestamp)],
)

/** Complete audit trail of trading decisions (seed 000 `trading_decisions`). */
export const tradingDecisions = execution.table(
  'trading_decisions',
  {
    id: serial('id').primaryKey(),
    timestamp: tstz('timestamp').notNull().defaultNow(),
    decisionId: varchar('decision_id', { length: 100 }).notNull().unique(),
    symbol: varchar('symbol', { length: 20 }),
    decisionType: varchar('decision_type', { length: 50 }).notNull(),
    action: varchar('action', { length: 50 }),
    reasoning: text('reasoning'),
    inputs: jsonb('inputs'),
    outcome: jsonb('outcome'),
  },
  (t) => [index('ix_trading_decisions_ts').on(t.timestamp)],
)
