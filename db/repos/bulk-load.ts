import type { PGlite, Transaction } from '@electric-sql/pglite'

type Queryable = PGlite | Transaction

/** Below this many incoming rows, maintaining the indexes row by row is cheap enough. */
export const BULK_LOAD_MIN_ROWS = 10_000

/**
 * Runs `load` (which appends `incoming` rows to `table`) with the table's plain secondary indexes
 * dropped, and builds them again afterwards, when the load is bulk: at least
 * `BULK_LOAD_MIN_ROWS` rows, and more than the table already holds. Building an index by one
 * sort is much cheaper than inserting each row into it, as PostgreSQL's own advice on
 * populating a database says; once the table is bigger than the load, rebuilding would cost more
 * than it saves, so small and routine loads keep the indexes.
 *
 * Indexes backing a constraint (primary key, unique constraint) stay. Unique indexes that are
 * not constraints are rebuilt too, and a duplicate aborts the caller's transaction just as the
 * insert itself would have. Must run inside the caller's transaction: on failure the DDL rolls
 * back with it. `table` is schema-qualified and trusted (a constant of the caller).
 */
export async function withBulkIndexes<T>(
  q: Queryable,
  table: string,
  incoming: number,
  load: () => Promise<T>,
): Promise<{ value: T; rebuiltIndexes: number }> {
  if (incoming < BULK_LOAD_MIN_ROWS) return { value: await load(), rebuiltIndexes: 0 }
  // Counting stops at `incoming`: only "is the table smaller than the load" matters.
  const held = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM ${table} LIMIT $1) x`,
    [incoming],
  )
  if ((held.rows[0]?.n ?? 0) >= incoming) return { value: await load(), rebuiltIndexes: 0 }
  const indexes = await q.query<{ name: string; def: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i
      WHERE i.indrelid = $1::regclass
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
      ORDER BY 1`,
    [table],
  )
  for (const index of indexes.rows) await q.exec(`DROP INDEX ${index.name}`)
  const value = await load()
  for (const index of indexes.rows) await q.exec(index.def)
  return { value, rebuiltIndexes: indexes.rows.length }
}
