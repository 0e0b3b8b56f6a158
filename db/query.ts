import type { PGlite, Transaction } from '@electric-sql/pglite'
import { is, sql, type SQL } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import { drizzle, PgliteSession } from 'drizzle-orm/pglite'
import type { Db } from './client'

/**
 * The one handle repos take: the drizzle database, or one of its transactions (`db.transaction(tx
 * => …)` hands a `Db` too). It runs the same queries on PGlite and on node-postgres; where raw
 * PGlite is needed (COPY through `/dev/blob`, multi-statement scripts) `rawOf` gives the embedded
 * client behind it, bound to the same transaction.
 */
export type Handle = Db

/** The raw embedded client or one of its transactions: what `rawOf` returns. */
export type Queryable = PGlite | Transaction

/**
 * The PGlite client (or open PGlite transaction) behind `h`, for the few paths drizzle does not
 * express: COPY with `/dev/blob` and driver-specific results. Throws on any other driver, so a
 * PGlite-only path says so instead of running half-way on node-postgres.
 */
export function rawOf(h: Handle): Queryable {
  const session: unknown = h._.session
  if (is(session, PgliteSession)) return (session as unknown as { client: Queryable }).client
  throw new Error('this query runs on the embedded database (PGlite) only')
}

const wrapped = new WeakMap<Queryable, Handle>()

/**
 * The handle over a raw PGlite client or transaction: the way back from `rawOf`, for code that
 * opened a raw transaction (the sync engine's pull) and calls repos inside it. Without the
 * relational schema (repos use the query builder, not `db.query`), so it is cheap to make.
 */
export function handleOf(raw: Queryable): Handle {
  let h = wrapped.get(raw)
  if (!h) {
    h = drizzle({ client: raw as PGlite }) as unknown as Handle
    wrapped.set(raw, h)
  }
  return h
}

/** True when `h` runs on the embedded database, where `rawOf` answers. */
export function isEmbedded(h: Handle): boolean {
  return is(h._.session as unknown, PgliteSession)
}

/**
 * Runs raw SQL and returns its rows. Both drivers answer `execute` with `{ rows }`, but the
 * shared `Db` type cannot name the driver's result shape, so the cast lives here, once.
 */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query)
  return (result as { rows: T[] }).rows
}

/**
 * `column = ANY(values::type[])`: one array parameter however many values, where drizzle's
 * `inArray` would bind one parameter per value (and PostgreSQL caps a statement at 65,535).
 */
export function isAny(column: AnyPgColumn, values: readonly string[], type: 'uuid' | 'text'): SQL {
  return sql`${column} = ANY(${sql.param(values)}::${sql.raw(type)}[])`
}
