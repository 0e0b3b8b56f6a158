// The shared PostgreSQL server as a work queue: pg-boss for the chunks (claimed with SKIP LOCKED,
// retried after a failure, expired and retried when the worker that holds one dies), and the work
// tables of db/workers/server-sql.ts for what a job's chunks share and what they answer.
import PgBoss from 'pg-boss'
import pg from 'pg'
import { WORK_SCHEMA, WORK_SETUP_LOCK_KEY, workServerSql } from '../../../db/workers/server-sql'
import type { BarColumns } from '../domain/market/bars'

/** The one queue every chunk goes through; `ChunkMessage.kind` says what it is. */
export const CHUNK_QUEUE = 'edgebook-chunks'

/** The PostgreSQL schema pg-boss keeps its tables in. */
export const QUEUE_SCHEMA = 'edgebook_queue'

/**
 * What a queued chunk carries. The spec and the bars are the job's (`jobs.spec`, `job_bars`),
 * read once per job by each worker; a chunk names its job and its index, and its own grid
 * indexes live in `chunks.indexes`. `grid` is the only kind now; a probe run's chunk is the
 * next (`probe`: catalogue × symbol indexes, results keyed the same way).
 */
export type ChunkMessage = { kind: ChunkKind; jobId: string; chunkIndex: number }

/** What a chunk computes. */
export type ChunkKind = 'grid'

/** A connection to the work server: a small pool for the work tables and a started queue. */
export type WorkServer = {
  pool: pg.Pool
  boss: PgBoss
  close(): Promise<void>
}

/** Options of `openWorkServer`. */
export type WorkServerOptions = {
  /**
   * Whether this process expires the chunks of dead workers (pg-boss maintenance): workers do,
   * every `maintenanceSeconds`; a desktop that only queues and reads back does not.
   */
  supervise: boolean
  maintenanceSeconds?: number
  /** Connections in the pool (default 2). */
  connections?: number
  applicationName: string
}

/**
 * Connects to the server, creates the work tables and the queue's schema on first use, and starts
 * pg-boss (no cron scheduling: nothing here is periodic).
 */
export async function openWorkServer(url: string, options: WorkServerOptions): Promise<WorkServer> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.connections ?? 2,
    connectionTimeoutMillis: 10_000,
    application_name: options.applicationName,
  })
  // A connection lost while idle is reported on its next use; do not crash on it here.
  pool.on('error', () => undefined)
  try {
    await ensureWorkSchema(pool)
    const boss = new PgBoss({
      connectionString: url,
      schema: QUEUE_SCHEMA,
      max: options.connections ?? 2,
      application_name: options.applicationName,
      supervise: options.supervise,
      schedule: false,
      maintenanceIntervalSeconds: options.maintenanceSeconds ?? 10,
    })
    // pg-boss reports background failures (a lost connection during maintenance) as events.
    boss.on('error', () => undefined)
    await boss.start()
    if (!(await boss.getQueue(CHUNK_QUEUE))) {
      await boss.createQueue(CHUNK_QUEUE).catch(async (err: unknown) => {
        // Another first user created it in between.
        if (!(await boss.getQueue(CHUNK_QUEUE))) throw err
      })
    }
    return {
      pool,
      boss,
      async close() {
        await boss.stop({ graceful: false, wait: true, close: true }).catch(() => undefined)
        await pool.end().catch(() => undefined)
      },
    }
  } catch (err) {
    await pool.end().catch(() => undefined)
    throw err
  }
}

/** Creates the work tables if they are missing, one creator at a time. */
export async function ensureWorkSchema(pool: pg.Pool): Promise<void> {
  const client = await pool.connect()
  try {
    const found = await client.query(`SELECT to_regclass($1) AS t`, [`${WORK_SCHEMA}.results`])
    if ((found.rows[0] as { t: string | null }).t !== null) return
    await client.query('BEGIN')
    await client.query('SELECT pg_advisory_xact_lock($1)', [WORK_SETUP_LOCK_KEY])
    await client.query(workServerSql)
    await client.query('COMMIT')
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw err
  } finally {
    client.release()
  }
}

const COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const

/** Bar columns packed for `job_bars`: six float64 columns, little-endian, one after another. */
export function packBars(bars: BarColumns): Buffer {
  const n = bars.time.length
  const out = Buffer.alloc(n * 8 * COLUMNS.length)
  COLUMNS.forEach((name, c) => {
    const column = bars[name]
    for (let i = 0; i < n; i++) out.writeDoubleLE(column[i] as number, (c * n + i) * 8)
  })
  return out
}

/** The bar columns `packBars` packed. */
export function unpackBars(packed: Buffer, count: number): BarColumns {
  if (packed.length !== count * 8 * COLUMNS.length) {
    throw new Error(`job bars hold ${packed.length} bytes, not ${count} bars`)
  }
  const column = (c: number): Float64Array => {
    const a = new Float64Array(count)
    for (let i = 0; i < count; i++) a[i] = packed.readDoubleLE((c * count + i) * 8)
    return a
  }
  return {
    time: column(0),
    open: column(1),
    high: column(2),
    low: column(3),
    close: column(4),
    volume: column(5),
  }
}

/**
 * pg-boss's `db` option over one client inside a transaction: chunks queued with it commit or
 * roll back with the job's rows.
 */
export function bossDbOf(client: pg.PoolClient): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[]) {
      const result = await client.query(text, values)
      return { rows: result.rows as unknown[] as never[] }
    },
  }
}
