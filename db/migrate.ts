import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { PGlite } from '@electric-sql/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import type { PgliteDatabase } from 'drizzle-orm/pglite'
import type { NodePgDatabase } from 'drizzle-orm/node-postgres'
import type { Db } from './client'

/** Where drizzle-kit writes migrations, relative to the repository root. */
const MIGRATIONS = join('db', 'migrations')
/** drizzle's own bookkeeping table, the same on both engines. */
export const MIGRATIONS_SCHEMA = 'drizzle'
export const MIGRATIONS_TABLE = '__drizzle_migrations'

/**
 * Finds `db/migrations` by walking up from this module. The same code runs from source
 * (`db/migrate.ts`) and bundled (`out/main/*.js`), so no fixed relative path fits both.
 */
export function findMigrationsFolder(
  from: string = dirname(fileURLToPath(import.meta.url)),
): string {
  let dir = from
  for (;;) {
    const candidate = join(dir, MIGRATIONS)
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`db/migrations not found above ${from}`)
    dir = parent
  }
}

export type MigrationEntry = { idx: number; tag: string; when: number }

/** The migration journal written by drizzle-kit, in order. */
export function readJournal(folder: string = findMigrationsFolder()): MigrationEntry[] {
  const raw = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as {
    entries: MigrationEntry[]
  }
  return raw.entries
}

/** Applies every pending migration to the embedded database. */
export async function migrateLocal(db: Db, _client?: PGlite): Promise<void> {
  await migratePglite(db as unknown as PgliteDatabase, {
    migrationsFolder: findMigrationsFolder(),
    migrationsSchema: MIGRATIONS_SCHEMA,
    migrationsTable: MIGRATIONS_TABLE,
  })
}

/** Applies every pending migration to a remote PostgreSQL server: the same files, unchanged. */
export async function migrateRemote(db: Db): Promise<void> {
  await migratePg(db as unknown as NodePgDatabase, {
    migrationsFolder: findMigrationsFolder(),
    migrationsSchema: MIGRATIONS_SCHEMA,
    migrationsTable: MIGRATIONS_TABLE,
  })
}
