import { index, jsonb, text, uuid, varchar } from 'drizzle-orm/pg-core'
import { clientId, createdAt, deletedAt, updatedAt } from '../columns'
import { userAccounts } from '../core/accounts'
import { journal } from './schema'

/** Free-form journal entries for reflection and discipline tracking (seed 001). */
export const journalEntries = journal.table(
  'journal_entries',
  {
    id: clientId(),
    accountId: uuid('account_id').references(() => userAccounts.id, { onDelete: 'cascade' }),
    date: varchar('date', { length: 10 }).notNull(),
    entryType: varchar('entry_type', { length: 30 }).notNull(),
    content: text('content').notNull().default(''),
    tradeId: varchar('trade_id', { length: 50 }),
    tags: jsonb('tags').notNull().default([]),
    mood: varchar('mood', { length: 20 }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: deletedAt(),
  },
  (t) => [index('ix_journal_entries_date').on(t.date)],
)
