// A server worker (`edgebook worker --url …`): takes chunks from the shared server's queue, runs
// them on its own engine pool and writes their results there, keyed so a chunk done twice (its
// first worker died after writing, or its lease expired while it ran) stores nothing twice.
import { hostname } from 'node:os'
import type PgBoss from 'pg-boss'
import { WORK_SCHEMA } from '../../../db/workers/server-sql'
import { backtestSpecSchema } from '../contract/backtest-spec'
import type { ParsedBacktestSpec } from '../domain/backtest'
import type { BarColumns } from '../domain/market/bars'
import { EnginePool, validateGrid, type GridAxis, type GridRun, type IndexSource } from '../engine'
import {
  CHUNK_QUEUE,
  openWorkServer,
  unpackBars,
  type ChunkMessage,
  type WorkServer,
} from './server-queue'

/** A line of a worker's status: what it started, finished or gave up. */
export type WorkerStatus =
  | { event: 'started'; worker: string; concurrency: number }
  | { event: 'chunk-started'; worker: string; jobId: string; chunkIndex: number; runs: number }
  | {
      event: 'chunk-done'
      worker: string
      jobId: string
      chunkIndex: number
      runs: number
      stored: number
      ms: number
    }
  | { event: 'chunk-skipped'; worker: string; jobId: string; chunkIndex: number; reason: string }
  | { event: 'chunk-failed'; worker: string; jobId: string; chunkIndex: number; error: string }
  | { event: 'stopping'; worker: string }
  | { event: 'stopped'; worker: string; chunks: number; runs: number }

/** Options of `runWorker`. */
export type WorkerOptions = {
  url: string
  /** Engine threads (default 1). */
  concurrency?: number
  /** The name written beside each result (default host:pid). */
  name?: string
  /** Stops the worker: the chunk in hand is finished and stored first. */
  signal: AbortSignal
  onStatus?: (status: WorkerStatus) => void
  /** How often this worker expires the chunks of dead workers (seconds, default 10). */
  maintenanceSeconds?: number
  /** How often an idle worker looks for chunks (seconds, default 1). */
  pollSeconds?: number
}

/** What a worker keeps of a job between its chunks: the bars and the spec, parsed once. */
type PreparedGrid = { kind: 'grid'; bars: BarColumns; spec: ParsedBacktestSpec; axes: GridAxis[] }

/** What `jobs.spec` holds for a grid job. */
export type GridJobSpec = { spec: unknown; axes: GridAxis[] }

/** Jobs whose bars and spec a worker keeps (a worker mostly serves one job at a time). */
const KEPT_JOBS = 4

function listSource(indexes: readonly number[]): IndexSource {
  let at = 0
  return {
    count: indexes.length,
    next(max) {
      const out = indexes.slice(at, at + max)
      at += out.length
      return out
    },
  }
}

/**
 * Runs a worker until `signal` aborts: one chunk at a time, each over every engine thread. A
 * chunk whose job was cancelled or is already done is acknowledged without work. A failing
 * chunk is retried by the queue; its last failure is stored on the chunk for the desktop to show.
 */
export async function runWorker(options: WorkerOptions): Promise<{ chunks: number; runs: number }> {
  const worker = options.name ?? `${hostname()}:${process.pid}`
  const concurrency = Math.max(1, options.concurrency ?? 1)
  const say = (status: WorkerStatus): void => options.onStatus?.(status)
  const server = await openWorkServer(options.url, {
    supervise: true,
    maintenanceSeconds: options.maintenanceSeconds ?? 10,
    connections: 3,
    applicationName: 'edgebook-worker',
  })
  const engines = new EnginePool(concurrency)
  const kept = new Map<string, PreparedGrid>()
  let chunks = 0
  let runs = 0

  async function prepared(jobId: string): Promise<PreparedGrid | null> {
    const hit = kept.get(jobId)
    if (hit) return hit
    const job = await server.pool.query<{ kind: string; spec: GridJobSpec }>(
      `SELECT kind, spec FROM ${WORK_SCHEMA}.jobs WHERE id = $1`,
      [jobId],
    )
    const row = job.rows[0]
    if (!row) return null
    if (row.kind !== 'grid') throw new Error(`job ${jobId} is of kind ${row.kind}, not grid`)
    const barsRow = await server.pool.query<{ bar_count: number; columns: Buffer }>(
      `SELECT bar_count, columns FROM ${WORK_SCHEMA}.job_bars WHERE job_id = $1`,
      [jobId],
    )
    const stored = barsRow.rows[0]
    if (!stored) throw new Error(`job ${jobId} has no bars on the server`)
    const bars = unpackBars(stored.columns, stored.bar_count)
    const parsed = backtestSpecSchema.safeParse(row.spec.spec)
    if (!parsed.success) throw new Error(`job ${jobId} holds an invalid spec`)
    const axes = row.spec.axes
    const grid: PreparedGrid = {
      kind: 'grid',
      bars,
      spec: validateGrid(bars, parsed.data, axes),
      axes,
    }
    if (kept.size >= KEPT_JOBS) kept.delete(kept.keys().next().value as string)
    kept.set(jobId, grid)
    return grid
  }

  async function runChunk(message: ChunkMessage): Promise<void> {
    const { jobId, chunkIndex } = message
    const chunk = await server.pool.query<{
      indexes: number[]
      done_at: Date | null
      status: string
    }>(
      `SELECT c.indexes, c.done_at, j.status FROM ${WORK_SCHEMA}.chunks c
         JOIN ${WORK_SCHEMA}.jobs j ON j.id = c.job_id
        WHERE c.job_id = $1 AND c.chunk_index = $2`,
      [jobId, chunkIndex],
    )
    const row = chunk.rows[0]
    const skip = (reason: string): void =>
      say({ event: 'chunk-skipped', worker, jobId, chunkIndex, reason })
    if (!row) return skip('job deleted')
    if (row.status === 'cancelled') return skip('job cancelled')
    if (row.done_at !== null) return skip('already done')
    const grid = await prepared(jobId)
    if (!grid) return skip('job deleted')
    const started = performance.now()
    say({ event: 'chunk-started', worker, jobId, chunkIndex, runs: row.indexes.length })
    const done: GridRun[] = []
    const batchSize = Math.max(4, Math.ceil(row.indexes.length / (concurrency * 4)))
    await engines.grid(
      {
        bars: grid.bars,
        spec: grid.spec,
        axes: grid.axes,
        indexes: listSource(row.indexes),
        batchSize,
      },
      (batch) => void done.push(...batch),
    )
    const stored = await storeChunk(server, jobId, chunkIndex, worker, done)
    chunks += 1
    runs += done.length
    say({
      event: 'chunk-done',
      worker,
      jobId,
      chunkIndex,
      runs: done.length,
      stored,
      ms: Math.round(performance.now() - started),
    })
  }

  say({ event: 'started', worker, concurrency })
  await server.boss.work<ChunkMessage>(
    CHUNK_QUEUE,
    { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: options.pollSeconds ?? 1 },
    async (jobs: PgBoss.JobWithMetadata<ChunkMessage>[]) => {
      for (const job of jobs) {
        try {
          await runChunk(job.data)
        } catch (err) {
          const error = err instanceof Error ? err.message : String(err)
          say({
            event: 'chunk-failed',
            worker,
            jobId: job.data.jobId,
            chunkIndex: job.data.chunkIndex,
            error,
          })
          // The queue retries it; on its last try the failure is stored for the desktop.
          if (job.retryCount >= job.retryLimit) {
            await server.pool
              .query(
                `UPDATE ${WORK_SCHEMA}.chunks SET error = $3 WHERE job_id = $1 AND chunk_index = $2`,
                [job.data.jobId, job.data.chunkIndex, error],
              )
              .catch(() => undefined)
          }
          throw err
        }
      }
    },
  )
  await new Promise<void>((resolve) => {
    if (options.signal.aborted) resolve()
    else options.signal.addEventListener('abort', () => resolve(), { once: true })
  })
  say({ event: 'stopping', worker })
  // Graceful: the chunk in hand is finished and stored; the queue then forgets this worker.
  await server.boss.stop({ graceful: true, wait: true, close: true, timeout: 120_000 })
  await engines.close(true)
  await server.pool.end().catch(() => undefined)
  say({ event: 'stopped', worker, chunks, runs })
  return { chunks, runs }
}

/**
 * Writes a chunk's results and marks it done in one transaction; answers how many results were
 * new (0 when another worker stored the chunk first).
 */
async function storeChunk(
  server: WorkServer,
  jobId: string,
  chunkIndex: number,
  worker: string,
  done: readonly GridRun[],
): Promise<number> {
  const rows = done.map((run) => ({
    run_index: run.index,
    data: {
      variables: run.params,
      metrics: run.stats ? { ...run.stats } : { error: run.error ?? 'run failed' },
    },
  }))
  const client = await server.pool.connect()
  try {
    await client.query('BEGIN')
    const inserted = await client.query(
      `INSERT INTO ${WORK_SCHEMA}.results (job_id, run_index, chunk_index, data, worker)
       SELECT $1, r.run_index, $2, r.data, $3
         FROM jsonb_to_recordset($4::jsonb) AS r(run_index int, data jsonb)
       ON CONFLICT (job_id, run_index) DO NOTHING`,
      [jobId, chunkIndex, worker, JSON.stringify(rows)],
    )
    await client.query(
      `UPDATE ${WORK_SCHEMA}.chunks SET done_at = now(), done_by = $3, error = NULL
        WHERE job_id = $1 AND chunk_index = $2 AND done_at IS NULL`,
      [jobId, chunkIndex, worker],
    )
    await client.query('COMMIT')
    return inserted.rowCount ?? 0
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw err
  } finally {
    client.release()
  }
}
