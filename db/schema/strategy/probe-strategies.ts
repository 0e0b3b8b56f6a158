import { boolean, jsonb, serial, varchar } from 'drizzle-orm/pg-core'
import { createdAt, updatedAt } from '../columns'
import { strategy } from './schema'

/** The probe catalogue: ~100 named strategies, loaded from shipped resources (seed 001). */
export const probeStrategies = strategy.table('probe_strategies', {
  id: serial('id').primaryKey(),
  name: varchar('name', { length: 100 }).notNull().unique(),
  displayName: varchar('display_name', { length: 200 }),
  philosophy: varchar('philosophy', { length: 500 }),
  strategyType: varchar('strategy_type', { length: 50 }),
  direction: varchar('direction', { length: 15 }),
  details: jsonb('details').notNull().default({}),
  isActive: boolean('is_active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
})
