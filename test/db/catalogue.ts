import { sql } from 'drizzle-orm'
import { queryRows, type Handle } from '../../db/query'

// The catalogue of a database, as comparable rows: what the parity test compares between
// PGlite and a real PostgreSQL server.

const USER_SCHEMAS = `n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'`

/** One query per catalogue section, ordered so two databases compare row by row. */
export const CATALOGUE: Record<string, string> = {
  schemas: `SELECT n.nspname AS schema FROM pg_namespace n WHERE ${USER_SCHEMAS}
    ORDER BY n.nspname COLLATE "C"`,
  relations: `SELECT n.nspname AS schema, c.relname AS name, c.relkind::text AS kind
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE ${USER_SCHEMAS} AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
    ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C"`,
  columns: `SELECT table_schema, table_name, column_name, ordinal_position, data_type, udt_name,
      character_maximum_length, numeric_precision, numeric_scale, datetime_precision,
      is_nullable, column_default, is_identity, identity_generation, is_generated
    FROM information_schema.columns
    WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
    ORDER BY table_schema COLLATE "C", table_name COLLATE "C", ordinal_position`,
  // PostgreSQL 18 records NOT NULL as pg_constraint rows of type 'n'; 15 keeps it only in
  // pg_attribute (compared through columns.is_nullable above).
  constraints: `SELECT n.nspname AS schema, cl.relname AS table_name, c.conname AS name,
      c.contype::text AS type, pg_get_constraintdef(c.oid) AS definition
    FROM pg_constraint c
    JOIN pg_namespace n ON n.oid = c.connamespace
    LEFT JOIN pg_class cl ON cl.oid = c.conrelid
    WHERE ${USER_SCHEMAS} AND c.contype <> 'n'
    ORDER BY n.nspname COLLATE "C", cl.relname COLLATE "C", c.conname COLLATE "C"`,
  indexes: `SELECT schemaname, tablename, indexname, indexdef FROM pg_indexes
    WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
    ORDER BY schemaname COLLATE "C", tablename COLLATE "C", indexname COLLATE "C"`,
  views: `SELECT schemaname, viewname, definition FROM pg_views
    WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
    ORDER BY schemaname COLLATE "C", viewname COLLATE "C"`,
  functions: `SELECT n.nspname AS schema, p.proname AS name,
      pg_get_function_identity_arguments(p.oid) AS args, pg_get_function_result(p.oid) AS result,
      l.lanname AS language, p.prokind::text AS kind, md5(p.prosrc) AS source_md5
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    JOIN pg_language l ON l.oid = p.prolang
    WHERE ${USER_SCHEMAS}
    ORDER BY n.nspname COLLATE "C", p.proname COLLATE "C",
      pg_get_function_identity_arguments(p.oid) COLLATE "C"`,
  triggers: `SELECT n.nspname AS schema, c.relname AS table_name, t.tgname AS name,
      pg_get_triggerdef(t.oid) AS definition
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE NOT t.tgisinternal AND ${USER_SCHEMAS}
    ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C", t.tgname COLLATE "C"`,
}

/** Reads every catalogue section. */
export async function readCatalogue(h: Handle): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {}
  for (const [name, text] of Object.entries(CATALOGUE)) {
    // Round-trip through JSON so both drivers' value types (bigint, numbers as text) compare.
    out[name] = JSON.parse(JSON.stringify(await queryRows(h, sql.raw(text)))) as unknown[]
  }
  return out
}
