import { boolean, index, jsonb, text, unique, uuid, varchar } from 'drizzle-orm/pg-core'
import { clientId, createdAt, deletedAt, updatedAt } from '../columns'
import { userAccounts } from '../core/accounts'
import { strategy } from './schema'

/** Saved variable definitions for batch tests, e.g. a ticker list (seed 004 `variable_lists`). */
export const variableLists = strategy.table(
  'variable_lists',
  {
    id: clientId(),
    userId: uuid('user_id').references(() => userAccounts.id, { onDelete: 'cascade' }),
    name: varchar('name', { length: 255 }).notNull(),
    type: varchar('type', { length: 50 }).notNull(),
    values: jsonb('values').notNull().default([]).$type<(number | string)[]>(),
    description: text('description'),
    isShared: boolean('is_shared').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: deletedAt(),
  },
  (t) => [
    unique('uq_variable_lists_user_name').on(t.userId, t.name),
    index('idx_variable_lists_user_id').on(t.userId),
  ],
)
