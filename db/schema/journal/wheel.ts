import {
  bigserial,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  text,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core'
import { clientId, createdAt, deletedAt, tstz, updatedAt } from '../columns'
import { journal } from './schema'

/** One wheel: puts sold, shares assigned, calls sold until called away (seed 000). */
export const wheelCycles = journal.table(
  'wheel_cycles',
  {
    id: clientId(),
    symbol: varchar('symbol', { length: 20 }).notNull(),
    status: varchar('status', { length: 20 }).notNull().default('open'),
    startDate: date('start_date').notNull(),
    endDate: date('end_date'),
    sharesOwned: integer('shares_owned').notNull().default(0),
    costBasis: doublePrecision('cost_basis'),
    totalPremiumCollected: doublePrecision('total_premium_collected').notNull().default(0),
    realizedPnl: doublePrecision('realized_pnl'),
    notes: text('notes'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: deletedAt(),
  },
  (t) => [index('ix_wheel_cycles_symbol_status').on(t.symbol, t.status)],
)

/** Option legs of a wheel cycle (seed 000 `wheel_legs`). */
export const wheelLegs = journal.table(
  'wheel_legs',
  {
    id: clientId(),
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => wheelCycles.id, { onDelete: 'cascade' }),
    legType: varchar('leg_type', { length: 20 }).notNull(),
    strike: doublePrecision('strike').notNull(),
    expirationDate: date('expiration_date').notNull(),
    contracts: integer('contracts').notNull(),
    premium: doublePrecision('premium').notNull(),
    openDate: date('open_date').notNull(),
    closeDate: date('close_date'),
    closePrice: doublePrecision('close_price'),
    status: varchar('status', { length: 20 }).notNull().default('open'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: deletedAt(),
  },
  (t) => [index('ix_wheel_legs_cycle_id').on(t.cycleId)],
)

/** What the wheel strategy did, step by step (seed 000 `wheel_activity_log`). Local. */
export const wheelActivityLog = journal.table(
  'wheel_activity_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    timestamp: tstz('timestamp').notNull().defaultNow(),
    cycleId: uuid('cycle_id').references(() => wheelCycles.id, { onDelete: 'cascade' }),
    action: varchar('action', { length: 50 }).notNull(),
    details: jsonb('details'),
  },
  (t) => [index('ix_wheel_activity_log_cycle_ts').on(t.cycleId, t.timestamp)],
)
