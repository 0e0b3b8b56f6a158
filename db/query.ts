import type { PGlite, Transaction } from '@electric-sql/pglite'
import type { SQL } from 'drizzle-orm'
import type { Db } from './client'

/** The raw embedded client or one of its transactions: what repos running raw SQL or COPY take. */
export type Queryable = PGlite | Transaction

/**
 * Runs raw SQL and returns its rows. Both drivers answer `execute` with `{ rows }`, but the
 * shared `Db` type cannot name the driver's result shape, so the cast lives here, once.
 */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query)
  return (result as { rows: T[] }).rows
}
