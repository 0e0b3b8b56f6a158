import { rawOf, type Handle } from '../query'

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
 * Indexes backing a constraint (primary key) stay. Unique indexes that are not constraints are
 * rebuilt too, and a duplicate aborts the caller's transaction just as the insert itself would
 * have. With `quietForeignKeys` (for loads whose foreign-key columns the caller leaves NULL, so
 * no check can fail) a bulk load also runs with the table's foreign-key check triggers off; its
 * own triggers (sync capture) stay on. That needs superuser rights, which the embedded database
 * has; without them the checks simply run. Must run inside the caller's transaction: on failure
 * the DDL rolls back with it. `table` is schema-qualified and trusted (a constant of the caller).
 */
export async function withBulkIndexes<T>(
  h: Handle,
  table: string,
  incoming: number,
  options: { quietForeignKeys?: boolean },
  load: () => Promise<T>,
): Promise<{ value: T; rebuiltIndexes: number }> {
  if (incoming < BULK_LOAD_MIN_ROWS) return { value: await load(), rebuiltIndexes: 0 }
  // Counting stops at `incoming`: only "is the table smaller than the load" matters.
  const held = await rawOf(h).query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM ${table} LIMIT $1) x`,
    [incoming],
  )
  if ((held.rows[0]?.n ?? 0) >= incoming) return { value: await load(), rebuiltIndexes: 0 }
  const indexes = await rawOf(h).query<{ name: string; def: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i
      WHERE i.indrelid = $1::regclass
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
      ORDER BY 1`,
    [table],
  )
  // The insert checks of this table's own foreign keys (tgtype bit 4: fires on INSERT), not
  // the triggers of tables referencing it.
  const checks = options.quietForeignKeys
    ? await rawOf(h).query<{ name: string }>(
        `SELECT quote_ident(t.tgname) AS name
           FROM pg_trigger t JOIN pg_constraint c ON c.oid = t.tgconstraint
          WHERE t.tgrelid = $1::regclass AND c.contype = 'f' AND c.conrelid = t.tgrelid
            AND (t.tgtype & 4) <> 0 AND t.tgenabled <> 'D'
            AND current_setting('is_superuser') = 'on'`,
        [table],
      )
    : { rows: [] }
  for (const index of indexes.rows) await rawOf(h).exec(`DROP INDEX ${index.name}`)
  for (const check of checks.rows)
    await rawOf(h).exec(`ALTER TABLE ${table} DISABLE TRIGGER ${check.name}`)
  const value = await load()
  for (const check of checks.rows)
    await rawOf(h).exec(`ALTER TABLE ${table} ENABLE TRIGGER ${check.name}`)
  for (const index of indexes.rows) await rawOf(h).exec(index.def)
  return { value, rebuiltIndexes: indexes.rows.length }
}

/**
 * Switches triggers (foreign-key checks included) off for the rest of the transaction, when the
 * session may; `restore` switches them back. Null without superuser rights: triggers stay on.
 * On failure the transaction rolls back, and the setting with it.
 */
export async function quietTriggers(h: Handle): Promise<{ restore: () => Promise<void> } | null> {
  const current = await rawOf(h).query<{ role: string; su: string }>(
    `SELECT current_setting('session_replication_role') AS role,
            current_setting('is_superuser') AS su`,
  )
  if (current.rows[0]?.su !== 'on') return null
  const previous = current.rows[0]?.role ?? 'origin'
  await rawOf(h).query(`SELECT set_config('session_replication_role', 'replica', true)`)
  return {
    restore: async () => {
      await rawOf(h).query(`SELECT set_config('session_replication_role', $1, true)`, [previous])
    },
  }
}
