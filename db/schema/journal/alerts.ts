import {
  bigserial,
  boolean,
  doublePrecision,
  index,
  text,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core'
import { clientId, createdAt, deletedAt, tstz, updatedAt } from '../columns'
import { journal } from './schema'

/** The trader's price and GEX alerts (seed 000 `alerts`, user-activated features). */
export const alerts = journal.table(
  'alerts',
  {
    id: clientId(),
    symbol: varchar('symbol', { length: 20 }).notNull(),
    alertType: varchar('alert_type', { length: 30 }).notNull(),
    condition: varchar('condition', { length: 20 }).notNull(),
    threshold: doublePrecision('threshold').notNull(),
    message: text('message'),
    isActive: boolean('is_active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: deletedAt(),
  },
  (t) => [index('ix_alerts_symbol_active').on(t.symbol, t.isActive)],
)

/** Each time an alert fired (seed 000 `alert_history`). Local: every device fires its own. */
export const alertHistory = journal.table(
  'alert_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    alertId: uuid('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    triggeredAt: tstz('triggered_at').notNull().defaultNow(),
    triggerValue: doublePrecision('trigger_value'),
    message: text('message'),
  },
  (t) => [index('ix_alert_history_alert_triggered').on(t.alertId, t.triggeredAt)],
)
