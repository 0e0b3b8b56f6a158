// What `system-info` reports: the app, the schema migrations applied, and tables by schema.
import { readJournal } from '../../../../db/migrate'
import {
  appliedMigrationTimes,
  countRowsBySchema,
  listUserTables,
  postgresVersion,
} from '../../../../db/repos/system-repo'
import type { SchemaTableCount, SystemInfo } from '../../contract/system'
import type { Deps } from '../../deps'

/** The app and database facts `system-info` answers. */
export async function systemInfo(deps: Deps): Promise<SystemInfo> {
  const journal = readJournal()
  const appliedWhen = new Set(await appliedMigrationTimes(deps.db))
  const appliedEntries = journal.filter((e) => appliedWhen.has(e.when))
  const last = appliedEntries[appliedEntries.length - 1]

  // A table with no pages has no rows, so only the others are counted: a first count(*)
  // opens every relation's files, which dominated a warm start.
  const tables = await listUserTables(deps.db)
  const rowCounts = await countRowsBySchema(
    deps.db,
    tables.filter((t) => t.bytes !== '0'),
  )
  const bySchema = new Map<string, SchemaTableCount>()
  for (const t of tables) {
    const entry = bySchema.get(t.tableSchema) ?? { schema: t.tableSchema, tables: 0, rows: 0 }
    entry.tables += 1
    bySchema.set(t.tableSchema, entry)
  }
  for (const entry of bySchema.values()) entry.rows = rowCounts.get(entry.schema) ?? 0
  return {
    appVersion: deps.appVersion,
    schemaVersion: last?.tag ?? 'none',
    migrations: appliedEntries.length,
    dataDir: deps.dataDir,
    postgresVersion: (await postgresVersion(deps.db)) ?? 'unknown',
    schemas: [...bySchema.values()],
    totalTables: tables.length,
  }
}
