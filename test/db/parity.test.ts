import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openLocalDb, openRemoteDb, type LocalDb, type RemoteDb } from '../../db/client'
import { migrateLocal, migrateRemote } from '../../db/migrate'
import { listSchemaTables } from '../../db/registry/schema-tables'
import { pgUnavailableReason, startPgServer, type PgServer } from '../support/pg-server'
import { CATALOGUE, readCatalogue } from './catalogue'

// The same migrations must build the same database on PGlite (PostgreSQL 18) and on a real
// PostgreSQL server (Debian's 15): compare the two catalogues object by object.

const unavailable = pgUnavailableReason()
const isSkipped = unavailable !== null && process.env.EDGEBOOK_SKIP_PG === '1'
if (isSkipped) {
  console.warn(`\n*** SKIPPING the PGlite/PostgreSQL parity test: ${unavailable} ***\n`)
}

describe.skipIf(isSkipped)('migrations on PGlite and on PostgreSQL', () => {
  let server: PgServer | null = null
  let local: LocalDb | null = null
  let remote: RemoteDb | null = null
  let pglite: Record<string, unknown[]> = {}
  let postgres: Record<string, unknown[]> = {}

  beforeAll(async () => {
    if (unavailable) return
    server = await startPgServer()
    remote = openRemoteDb(server.url)
    await migrateRemote(remote.db)
    local = await openLocalDb(null)
    await migrateLocal(local.db)
    pglite = await readCatalogue(local.db)
    postgres = await readCatalogue(remote.db)
  })

  afterAll(async () => {
    await local?.close()
    await remote?.close()
    await server?.stop()
  })

  it('has a PostgreSQL server to compare with', () => {
    if (unavailable) {
      throw new Error(
        `Cannot run the parity test: ${unavailable}. Set EDGEBOOK_SKIP_PG=1 to skip it.`,
      )
    }
    expect(server?.version).toMatch(/^\d+/)
  })

  it('builds every table of the drizzle schema on both engines', () => {
    const tables = (rows: unknown[]) =>
      (rows as { schema: string; name: string; kind: string }[])
        .filter((r) => r.kind === 'r')
        .map((r) => `${r.schema}.${r.name}`)
    const expected = listSchemaTables().map((t) => t.key)
    expect(tables(pglite.relations ?? [])).toEqual(expect.arrayContaining(expected))
    expect(tables(postgres.relations ?? [])).toEqual(expect.arrayContaining(expected))
  })

  for (const section of Object.keys(CATALOGUE)) {
    it(`has the same ${section}`, () => {
      expect(pglite[section]?.length ?? 0).toBeGreaterThan(0)
      expect(pglite[section]).toEqual(postgres[section])
    })
  }
})
