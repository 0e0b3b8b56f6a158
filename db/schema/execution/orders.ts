import { index, integer, numeric, text, uuid, varchar } from 'drizzle-orm/pg-core'
import { aiSignals } from '../ai_trading/signals'
import { tstz, updatedAt } from '../columns'
import { strategies } from '../strategy/strategies'
import { activeStrategies } from './active-strategies'
import { execution } from './schema'

/**
 * Orders sent to a broker: seed 004 `execution_orders` (orders of an active strategy) merged
 * with seed 002 `orders` (orders of the autonomous trader, triggered by a signal).
 */
export const orders = execution.table(
  'orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    activeStrategyId: integer('active_strategy_id').references(() => activeStrategies.id, {
      onDelete: 'cascade',
    }),
    externalOrderId: varchar('external_order_id', { length: 255 }).unique(),
    symbol: varchar('symbol', { length: 50 }).notNull(),
    side: varchar('side', { length: 10 }).notNull(),
    quantity: numeric('quantity', { precision: 16, scale: 6 }).notNull(),
    orderType: varchar('order_type', { length: 50 }),
    status: varchar('status', { length: 50 }),
    price: numeric('price', { precision: 16, scale: 6 }),
    limitPrice: numeric('limit_price', { precision: 16, scale: 6 }),
    filledPrice: numeric('filled_price', { precision: 16, scale: 6 }),
    filledQuantity: numeric('filled_quantity', { precision: 16, scale: 6 }).default('0'),
    commission: numeric('commission', { precision: 10, scale: 6 }).default('0'),
    signalId: uuid('signal_id').references(() => aiSignals.signalId, { onDelete: 'set null' }),
    strategyId: uuid('strategy_id').references(() => strategies.id, { onDelete: 'set null' }),
    submittedAt: tstz('submitted_at').notNull().defaultNow(),
    filledAt: tstz('filled_at'),
    errorMessage: text('error_message'),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('idx_execution_orders_active_strategy_id').on(t.activeStrategyId),
    index('idx_execution_orders_submitted_at').on(t.submittedAt.desc()),
    index('ix_orders_symbol_submitted_at').on(t.symbol, t.submittedAt),
    index('ix_orders_status_submitted_at').on(t.status, t.submittedAt),
    index('ix_orders_signal_id').on(t.signalId),
    index('ix_orders_strategy_id_submitted_at').on(t.strategyId, t.submittedAt),
  ],
)
