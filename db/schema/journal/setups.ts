import { doublePrecision, index, jsonb, text, varchar } from 'drizzle-orm/pg-core'
import { clientId, createdAt, deletedAt, tstz, updatedAt } from '../columns'
import { journal } from './schema'

/** Trade setups the trader saved for later (seed 000 `trade_setups`). */
export const tradeSetups = journal.table(
  'trade_setups',
  {
    id: clientId(),
    timestamp: tstz('timestamp').notNull().defaultNow(),
    symbol: varchar('symbol', { length: 20 }).notNull(),
    setupType: varchar('setup_type', { length: 50 }).notNull(),
    direction: varchar('direction', { length: 10 }),
    entryPrice: doublePrecision('entry_price'),
    targetPrice: doublePrecision('target_price'),
    stopPrice: doublePrecision('stop_price'),
    riskReward: doublePrecision('risk_reward'),
    status: varchar('status', { length: 20 }).notNull().default('open'),
    notes: text('notes'),
    details: jsonb('details'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: deletedAt(),
  },
  (t) => [index('ix_trade_setups_symbol_ts').on(t.symbol, t.timestamp)],
)
