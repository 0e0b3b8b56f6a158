import { integer, text, varchar } from 'drizzle-orm/pg-core'
import { clientId, createdAt, deletedAt, tstz, updatedAt } from '../columns'
import { journal } from './schema'

/**
 * One broker-file import: what was read, what it added. Undoing an import stamps `undone_at`;
 * fills are a ledger and keep pointing at their batch.
 */
export const importBatches = journal.table('import_batches', {
  id: clientId(),
  fileName: text('file_name').notNull(),
  format: varchar('format', { length: 50 }).notNull(),
  account: text('account'),
  fileSha256: varchar('file_sha256', { length: 64 }),
  rowCount: integer('row_count').notNull().default(0),
  insertedCount: integer('inserted_count').notNull().default(0),
  skippedCount: integer('skipped_count').notNull().default(0),
  errorCount: integer('error_count').notNull().default(0),
  createdAt: createdAt(),
  undoneAt: tstz('undone_at'),
  updatedAt: updatedAt(),
  deletedAt: deletedAt(),
})
