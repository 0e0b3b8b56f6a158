import { getTableConfig, PgTable } from 'drizzle-orm/pg-core'
import * as schema from '../schema/index'

/** A table of the drizzle schema as the registry sees it. */
export type SchemaTable = {
  /** `schema.table` */
  key: string
  schema: string
  name: string
  columns: string[]
}

/** Every table exported from `db/schema/index.ts`, sorted by `schema.table`. */
export function listSchemaTables(): SchemaTable[] {
  const tables: SchemaTable[] = []
  for (const value of Object.values(schema)) {
    if (!(value instanceof PgTable)) continue
    const config = getTableConfig(value)
    const pgSchema = config.schema ?? 'public'
    tables.push({
      key: `${pgSchema}.${config.name}`,
      schema: pgSchema,
      name: config.name,
      columns: config.columns.map((c) => c.name),
    })
  }
  return tables.sort((a, b) => a.key.localeCompare(b.key))
}
