import { sql } from 'drizzle-orm'
import { openLocalDb, openRemoteDb } from '../../db/client'
import { migrateLocal, migrateRemote } from '../../db/migrate'
import type { Handle } from '../../db/query'
import { JOURNAL_TABLES } from './journal'
import { pgUnavailableReason, startPgServer } from './pg-server'

/** The two engines a repository suite runs on (STYLE §4.8, §9). */
export const BACKENDS = ['pglite', 'postgres'] as const
export type BackendKind = (typeof BACKENDS)[number]

/** A migrated database on one engine, as the repos see it. */
export type Backend = {
  kind: BackendKind
  db: Handle
  /** Empties every table a repository suite writes (the ledger's guard lifted for it). */
  reset(): Promise<void>
  close(): Promise<void>
}

/** Tables the repository suites write, children first (the journal's, then the lab's). */
const SUITE_TABLES = [
  ...JOURNAL_TABLES,
  'sync.sync_conflicts',
  'backtest.backtest_results',
  'backtest.batch_job_runs',
  'backtest.batch_jobs',
  'strategy.variable_lists',
  'market.ohlcv_bars',
  'market.data_sync_log',
  'market.tickers',
]

/**
 * Why the PostgreSQL half of a suite cannot run here, or null. Like the parity test, a missing
 * server fails the suite unless `EDGEBOOK_SKIP_PG=1` says to skip it.
 */
export function postgresSkipReason(): string | null {
  const unavailable = pgUnavailableReason()
  return unavailable !== null && process.env.EDGEBOOK_SKIP_PG === '1' ? unavailable : null
}

/**
 * Opens a migrated database: in-memory PGlite migrated as the core migrates it, or a fresh
 * cluster on a loopback PostgreSQL server with the same migrations.
 */
export async function openBackend(kind: BackendKind): Promise<Backend> {
  let db: Handle
  let close: () => Promise<void>
  if (kind === 'pglite') {
    const local = await openLocalDb(null)
    await migrateLocal(local.db)
    db = local.db
    close = local.close
  } else {
    const server = await startPgServer()
    const remote = openRemoteDb(server.url)
    try {
      await migrateRemote(remote.db)
    } catch (err) {
      await remote.close()
      await server.stop()
      throw err
    }
    db = remote.db
    close = async () => {
      await remote.close()
      await server.stop()
    }
  }
  const tables = SUITE_TABLES.join(', ')
  return {
    kind,
    db,
    close,
    reset: () =>
      db.transaction(async (tx) => {
        await tx.execute(sql`SET LOCAL edgebook.ledger_bypass = 'on'`)
        await tx.execute(sql.raw(`TRUNCATE ${tables} CASCADE`))
      }),
  }
}
