import { sql } from 'drizzle-orm'
import type { SystemHandlers, SchemaTableCount } from '../contract/system'
import type { Deps } from '../deps'
import { queryRows } from '../../../db/query'
import { MIGRATIONS_SCHEMA, MIGRATIONS_TABLE, readJournal } from '../../../db/migrate'

/** Schemas that belong to PostgreSQL or to the migrator, not to Edgebook. */
const SYSTEM_SCHEMAS = ['pg_catalog', 'information_schema', 'pg_toast', MIGRATIONS_SCHEMA]

export function systemHandlers(deps: Deps): SystemHandlers {
  return {
    'system-info': async () => {
      const journal = readJournal()
      const applied = await queryRows<{ created_at: string | number }>(
        deps.db,
        sql.raw(
          `SELECT created_at FROM "${MIGRATIONS_SCHEMA}"."${MIGRATIONS_TABLE}" ORDER BY created_at`,
        ),
      )
      const appliedWhen = new Set(applied.map((r) => Number(r.created_at)))
      const appliedEntries = journal.filter((e) => appliedWhen.has(e.when))
      const last = appliedEntries[appliedEntries.length - 1]

      // pg_catalog rather than information_schema (several times cheaper), with each table's
      // on-disk size: a table with no pages has no rows, so only the others are counted. A
      // first count(*) opens every relation's files, which dominated a warm start.
      const tables = await queryRows<{ table_schema: string; table_name: string; bytes: string }>(
        deps.db,
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
      const bySchema = new Map<string, SchemaTableCount>()
      let rowCounts = new Map<string, number>()
      const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`
      const withPages = tables.filter((t) => t.bytes !== '0')
      if (withPages.length > 0) {
        // One round trip for every count: a UNION ALL of exact counts.
        const union = withPages
          .map(
            (t) =>
              `SELECT '${t.table_schema}' AS s, count(*)::bigint AS n FROM ${quote(t.table_schema)}.${quote(t.table_name)}`,
          )
          .join(' UNION ALL ')
        const counts = await queryRows<{ s: string; n: string | number }>(
          deps.db,
          sql.raw(`SELECT s, sum(n)::bigint AS n FROM (${union}) c GROUP BY s`),
        )
        rowCounts = new Map(counts.map((r) => [r.s, Number(r.n)]))
      }
      for (const t of tables) {
        const entry = bySchema.get(t.table_schema) ?? { schema: t.table_schema, tables: 0, rows: 0 }
        entry.tables += 1
        bySchema.set(t.table_schema, entry)
      }
      for (const entry of bySchema.values()) entry.rows = rowCounts.get(entry.schema) ?? 0
      const version = await queryRows<{ v: string }>(deps.db, sql`SELECT version() AS v`)
      return {
        appVersion: deps.appVersion,
        schemaVersion: last?.tag ?? 'none',
        migrations: appliedEntries.length,
        dataDir: deps.dataDir,
        postgresVersion: version[0]?.v ?? 'unknown',
        schemas: [...bySchema.values()],
        totalTables: tables.length,
      }
    },
    'system-health': async () => {
      const started = performance.now()
      await deps.db.execute(sql`SELECT 1`)
      return {
        ok: true,
        uptimeMs: Date.now() - deps.startedAt,
        dbLatencyMs: performance.now() - started,
      }
    },
  }
}
