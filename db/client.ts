import { PGlite } from '@electric-sql/pglite'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import { OwnerOnlyNodeFS } from './owner-only-fs'
import * as schema from './schema/index'

export { schema }

/**
 * One drizzle handle type for both engines and for transactions: repos take `Db` and run the
 * same SQL on PGlite, on node-postgres and inside `db.transaction(tx => …)`.
 */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>

export type LocalDb = { db: Db; client: PGlite; close: () => Promise<void> }
export type RemoteDb = { db: Db; pool: pg.Pool; close: () => Promise<void> }

/**
 * Opens the embedded PostgreSQL. `dataDir` null gives an in-memory database, used by tests;
 * otherwise the directory holds the cluster on disk. `template` seeds a new, empty cluster.
 */
export async function openLocalDb(
  dataDir: string | null,
  options: { template?: Blob | null } = {},
): Promise<LocalDb> {
  // A template (see db/template.ts) seeds a new cluster instead of running initdb.
  const extra = options.template ? { loadDataDir: options.template } : {}
  // On disk, every file PGlite creates is owner-only (db/owner-only-fs.ts).
  const client = dataDir
    ? await PGlite.create({ dataDir, fs: new OwnerOnlyNodeFS(dataDir), ...extra })
    : await PGlite.create(extra)
  const db = drizzlePglite(client, { schema }) as unknown as Db
  return { db, client, close: () => client.close() }
}

/** Opens a pool on a remote PostgreSQL server (sync, `db migrate --url`). */
export function openRemoteDb(url: string): RemoteDb {
  const pool = new pg.Pool({ connectionString: url, max: 4 })
  const db = drizzlePg(pool, { schema }) as unknown as Db
  return { db, pool, close: () => pool.end() }
}
