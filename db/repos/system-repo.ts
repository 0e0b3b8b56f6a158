import { sql } from 'drizzle-orm'
import type { Db } from '../client'
import { MIGRATIONS_SCHEMA, MIGRATIONS_TABLE } from '../migrate'
import { queryRows } from '../query'

/** Schemas that belong to PostgreSQL or to the migrator, not to Edgebook. */
const SYSTEM_SCHEMAS = ['pg_catalog', 'information_schema', 'pg_toast', MIGRATIONS_SCHEMA]

/** One user table and its on-disk size (`bytes`, as text: a bigint). */
export type UserTable = { tableSchema: string; tableName: string; bytes: string }

/** The `created_at` stamps (epoch ms) of the applied migrations, oldest first. */
export async function appliedMigrationTimes(db: Db): Promise<number[]> {
  const rows = await queryRows<{ created_at: string | number }>(
    db,
    sql.raw(
      `SELECT created_at FROM "${MIGRATIONS_SCHEMA}"."${MIGRATIONS_TABLE}" ORDER BY created_at`,
    ),
  )
  return rows.map((r) => Number(r.created_at))
}

/**
 * Every Edgebook table (not PostgreSQL's or the migrator's) with its on-disk size, by schema then
 * name. pg_catalog rather than information_schema: several times cheaper.
 */
export async function listUserTables(db: Db): Promise<UserTable[]> {
  const rows = await queryRows<{ table_schema: string; table_name: string; bytes: string }>(
    db,
    sql`
    SELECT n.nspname AS table_schema, c.relname AS table_name,
           pg_relation_size(c.oid)::text AS bytes
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p')
      AND n.nspname NOT IN (${sql.join(
        SYSTEM_SCHEMAS.map((s) => sql`${s}`),
        sql`, `,
      )})
      AND n.nspname NOT LIKE 'pg\_temp\_%' AND n.nspname NOT LIKE 'pg\_toast\_temp\_%'
    ORDER BY 1, 2`,
  )
  return rows.map((r) => ({ tableSchema: r.table_schema, tableName: r.table_name, bytes: r.bytes }))
}

/**
 * Exact row counts summed per schema over `tables`, in one round trip (a UNION ALL of counts).
 * A schema none of whose tables is listed is absent from the map.
 */
export async function countRowsBySchema(
  db: Db,
  tables: readonly Pick<UserTable, 'tableSchema' | 'tableName'>[],
): Promise<Map<string, number>> {
  if (tables.length === 0) return new Map()
  const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`
  const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`
  const union = tables
    .map(
      (t) =>
        `SELECT ${literal(t.tableSchema)} AS s, count(*)::bigint AS n FROM ${quote(t.tableSchema)}.${quote(t.tableName)}`,
    )
    .join(' UNION ALL ')
  const counts = await queryRows<{ s: string; n: string | number }>(
    db,
    sql.raw(`SELECT s, sum(n)::bigint AS n FROM (${union}) c GROUP BY s`),
  )
  return new Map(counts.map((r) => [r.s, Number(r.n)]))
}

/** The server's `version()` string, or null when it answers nothing. */
export async function postgresVersion(db: Db): Promise<string | null> {
  const rows = await queryRows<{ v: string }>(db, sql`SELECT version() AS v`)
  return rows[0]?.v ?? null
}

/** One trivial round trip, to show the database answers. */
export async function pingDb(db: Db): Promise<void> {
  await db.execute(sql`SELECT 1`)
}
