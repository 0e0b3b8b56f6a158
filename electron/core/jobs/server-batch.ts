// A batch grid of kind `server`: queued once on the shared server (the job's spec and bars in one
// row each, its chunks on the queue, all in one transaction), run there by `edgebook worker`s,
// and read back chunk by chunk into the local `batch_job_runs` as the workers finish them.
import { randomUUID } from 'node:crypto'
import { insertRuns, storedRuns, type RunRow } from '../../../db/repos/batch-repo'
import { WORK_SCHEMA } from '../../../db/workers/server-sql'
import type { Handle } from '../../../db/query'
import { ErrorCode } from '../contract/errors'
import { NUMERIC_METRICS, type NumericMetric } from '../contract/backtest'
import { SummaryFold } from '../domain/backtest'
import { AppError } from '../errors'
import type { BatchGrid } from './backtest-batch'
import type { JobContext, JobWork } from './runner'
import {
  bossDbOf,
  CHUNK_QUEUE,
  openWorkServer,
  packBars,
  QUEUE_SCHEMA,
  type ChunkMessage,
  type WorkServer,
} from './server-queue'
import type { GridJobSpec } from './server-worker'

/** How a server grid is cut and how long a worker may hold a chunk. */
export type ServerGridOptions = {
  url: string
  /** Grid points per chunk (default 256). */
  chunkRuns?: number
  /**
   * Seconds a worker may hold a chunk before the queue gives it to another (a worker that died
   * mid-chunk is noticed after this long; default 300).
   */
  chunkTimeoutSeconds?: number
  /** Tries of a failing chunk beyond the first (default 3). */
  retries?: number
  /** Milliseconds between two looks for finished chunks (default 500). */
  pollMs?: number
}

/** The grid indexes a job runs (below its engine cap, none invalid), cut into chunks. */
export function chunksOf(grid: Pick<BatchGrid, 'engineCap' | 'invalid'>, size: number): number[][] {
  const chunks: number[][] = []
  let current: number[] = []
  for (let i = 0; i < grid.engineCap; i++) {
    if (grid.invalid.has(i)) continue
    current.push(i)
    if (current.length === size) {
      chunks.push(current)
      current = []
    }
  }
  if (current.length > 0) chunks.push(current)
  return chunks
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    function done(): void {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}

/**
 * The grid as a job of the core's runner whose runs happen on server workers. A new job is queued
 * (spec, bars, chunks and queue entries in one transaction); a resumed one re-queues the chunks
 * that are neither done nor waiting on the queue. The runner's progress counts runs stored
 * locally; cancel removes the job's queued chunks (a chunk a worker holds finishes and is
 * ignored). The job completes when every chunk's results are stored locally.
 */
export function serverGridWork(pg: Handle, grid: BatchGrid, options: ServerGridOptions): JobWork {
  const fold = new SummaryFold<NumericMetric>(grid.rankBy, NUMERIC_METRICS)
  const chunkRuns = Math.max(1, options.chunkRuns ?? 256)

  async function run(ctx: JobContext): Promise<void> {
    const local = new Set<number>()
    for await (const page of storedRuns(pg, ctx.jobId)) {
      for (const row of page) {
        local.add(row.runIndex)
        fold.add(row)
      }
    }
    const planned = grid.engineCap - grid.invalid.size
    ctx.progress(local.size, planned, grid.name)
    let server: WorkServer
    try {
      server = await openWorkServer(options.url, {
        supervise: false,
        connections: 2,
        applicationName: 'edgebook-desktop',
      })
    } catch (err) {
      throw new AppError(
        ErrorCode.Unavailable,
        `The work server cannot be reached: ${err instanceof Error ? err.message : String(err)}`,
      )
    }
    try {
      const chunkCount = await queueJob(server, ctx.jobId, grid, chunkRuns, options)
      const fetched = new Set<number>()
      let idle = 0
      while (fetched.size < chunkCount) {
        if (ctx.signal.aborted) {
          await cancelQueued(server, ctx.jobId)
          throw new AppError(ErrorCode.Cancelled, 'batch job cancelled')
        }
        const ready = await server.pool.query<{
          chunk_index: number
          error: string | null
          done: boolean
        }>(
          `SELECT chunk_index, error, done_at IS NOT NULL AS done FROM ${WORK_SCHEMA}.chunks
            WHERE job_id = $1 AND (done_at IS NOT NULL OR error IS NOT NULL)`,
          [ctx.jobId],
        )
        const failed = ready.rows.find((r) => !r.done && r.error !== null)
        if (failed) {
          await cancelQueued(server, ctx.jobId)
          throw new Error(`chunk ${failed.chunk_index} failed on the workers: ${failed.error}`)
        }
        const fresh = ready.rows.filter((r) => r.done && !fetched.has(r.chunk_index))
        if (fresh.length === 0) {
          idle += 1
          // Now and then, whether a chunk left the queue undone (its workers kept dying past its
          // retries, so none of them could say why).
          if (idle % 20 === 0) {
            const lost = await lostChunk(server, ctx.jobId)
            if (lost !== null) {
              await cancelQueued(server, ctx.jobId)
              throw new Error(`chunk ${lost.chunkIndex} failed on the workers: ${lost.reason}`)
            }
          }
          await sleep(options.pollMs ?? 500, ctx.signal)
          continue
        }
        idle = 0
        const indexes = fresh.map((r) => r.chunk_index)
        const results = await server.pool.query<{
          run_index: number
          data: Omit<RunRow, 'runIndex'>
        }>(
          `SELECT run_index, data FROM ${WORK_SCHEMA}.results
            WHERE job_id = $1 AND chunk_index = ANY($2::int[]) ORDER BY run_index`,
          [ctx.jobId, indexes],
        )
        const rows: RunRow[] = []
        for (const r of results.rows) {
          if (local.has(r.run_index)) continue
          local.add(r.run_index)
          const row = {
            runIndex: r.run_index,
            variables: r.data.variables,
            metrics: r.data.metrics,
          }
          fold.add(row)
          rows.push(row)
        }
        await insertRuns(pg, ctx.jobId, rows)
        for (const i of indexes) fetched.add(i)
        ctx.progress(local.size, planned, grid.name)
      }
    } finally {
      await server.close()
    }
  }

  return { kind: 'backtest-batch', run, summary: () => fold.result() }
}

/**
 * A chunk of the job that is not done and no longer waits or runs on the queue (failed past its
 * retries, or gone), with the queue's reason; null when every open chunk is still queued.
 */
async function lostChunk(
  server: WorkServer,
  jobId: string,
): Promise<{ chunkIndex: number; reason: string } | null> {
  const open = await server.pool.query<{
    chunk_index: number
    state: string | null
    output: unknown
  }>(
    `SELECT c.chunk_index, q.state, q.output FROM ${WORK_SCHEMA}.chunks c
       LEFT JOIN ${QUEUE_SCHEMA}.job q ON q.name = $2 AND q.id = c.queue_id
      WHERE c.job_id = $1 AND c.done_at IS NULL
        AND (q.state IS NULL OR q.state IN ('failed', 'cancelled'))
      ORDER BY c.chunk_index LIMIT 1`,
    [jobId, CHUNK_QUEUE],
  )
  const row = open.rows[0]
  if (!row) return null
  const reason =
    row.state === null ? 'it left the queue undone' : `${row.state}: ${JSON.stringify(row.output)}`
  return { chunkIndex: row.chunk_index, reason }
}

/**
 * Puts the job on the server unless it is there: its spec and bars (one row each), its chunks and
 * their queue entries, in one transaction. For a job already there (a resume) the chunks neither
 * done nor waiting (cancelled, failed, or lost with the queue's archive) get fresh queue entries.
 * Answers the job's chunk count.
 */
async function queueJob(
  server: WorkServer,
  jobId: string,
  grid: BatchGrid,
  chunkRuns: number,
  options: ServerGridOptions,
): Promise<number> {
  const queueOptions = {
    expireInSeconds: options.chunkTimeoutSeconds ?? 300,
    retryLimit: options.retries ?? 3,
    retryDelay: 1,
  }
  const client = await server.pool.connect()
  try {
    await client.query('BEGIN')
    const existing = await client.query<{ chunk_count: number }>(
      `SELECT chunk_count FROM ${WORK_SCHEMA}.jobs WHERE id = $1 FOR UPDATE`,
      [jobId],
    )
    const found = existing.rows[0]
    if (found) {
      await client.query(`UPDATE ${WORK_SCHEMA}.jobs SET status = 'queued' WHERE id = $1`, [jobId])
      const open = await client.query<{ chunk_index: number; queue_id: string }>(
        `SELECT chunk_index, queue_id FROM ${WORK_SCHEMA}.chunks WHERE job_id = $1 AND done_at IS NULL`,
        [jobId],
      )
      const requeue: { chunkIndex: number; id: string }[] = []
      for (const chunk of open.rows) {
        const held = await server.boss.getJobById<ChunkMessage>(CHUNK_QUEUE, chunk.queue_id, {
          db: bossDbOf(client),
          includeArchive: false,
        })
        if (held && ['created', 'retry', 'active'].includes(held.state)) continue
        requeue.push({ chunkIndex: chunk.chunk_index, id: randomUUID() })
      }
      for (const r of requeue) {
        await client.query(
          `UPDATE ${WORK_SCHEMA}.chunks SET queue_id = $3, error = NULL WHERE job_id = $1 AND chunk_index = $2`,
          [jobId, r.chunkIndex, r.id],
        )
      }
      await insertQueueEntries(server, client, jobId, requeue, queueOptions)
      await client.query('COMMIT')
      return found.chunk_count
    }
    const chunks = chunksOf(grid, chunkRuns)
    const spec: GridJobSpec = { spec: grid.spec, axes: grid.axes }
    await client.query(
      `INSERT INTO ${WORK_SCHEMA}.jobs (id, kind, spec, chunk_count) VALUES ($1, 'grid', $2::jsonb, $3)`,
      [jobId, JSON.stringify(spec), chunks.length],
    )
    await client.query(
      `INSERT INTO ${WORK_SCHEMA}.job_bars (job_id, bar_count, columns) VALUES ($1, $2, $3)`,
      [jobId, grid.bars.time.length, packBars(grid.bars)],
    )
    const entries = chunks.map((_, chunkIndex) => ({ chunkIndex, id: randomUUID() }))
    await client.query(
      `INSERT INTO ${WORK_SCHEMA}.chunks (job_id, chunk_index, indexes, queue_id)
       SELECT $1, c.chunk_index, ARRAY(SELECT jsonb_array_elements_text(c.indexes)::int), c.queue_id
         FROM jsonb_to_recordset($2::jsonb) AS c(chunk_index int, indexes jsonb, queue_id uuid)`,
      [
        jobId,
        JSON.stringify(
          entries.map((e) => ({
            chunk_index: e.chunkIndex,
            indexes: chunks[e.chunkIndex],
            queue_id: e.id,
          })),
        ),
      ],
    )
    await insertQueueEntries(server, client, jobId, entries, queueOptions)
    await client.query('COMMIT')
    return chunks.length
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw err
  } finally {
    client.release()
  }
}

async function insertQueueEntries(
  server: WorkServer,
  client: Parameters<typeof bossDbOf>[0],
  jobId: string,
  entries: readonly { chunkIndex: number; id: string }[],
  options: { expireInSeconds: number; retryLimit: number; retryDelay: number },
): Promise<void> {
  if (entries.length === 0) return
  const data = (chunkIndex: number): ChunkMessage => ({ kind: 'grid', jobId, chunkIndex })
  await server.boss.insert(
    entries.map((e) => ({ id: e.id, name: CHUNK_QUEUE, data: data(e.chunkIndex), ...options })),
    { db: bossDbOf(client) },
  )
}

/**
 * Cancels a job on the server from a process that does not run it (the desktop that queued it
 * was closed): the job marked cancelled and its waiting chunks taken off the queue.
 */
export async function cancelServerJob(url: string, jobId: string): Promise<void> {
  const server = await openWorkServer(url, {
    supervise: false,
    connections: 1,
    applicationName: 'edgebook-desktop',
  })
  try {
    await cancelQueued(server, jobId)
  } finally {
    await server.close()
  }
}

/** Marks the job cancelled on the server and takes its waiting chunks off the queue. */
async function cancelQueued(server: WorkServer, jobId: string): Promise<void> {
  await server.pool.query(`UPDATE ${WORK_SCHEMA}.jobs SET status = 'cancelled' WHERE id = $1`, [
    jobId,
  ])
  const open = await server.pool.query<{ queue_id: string }>(
    `SELECT queue_id FROM ${WORK_SCHEMA}.chunks WHERE job_id = $1 AND done_at IS NULL`,
    [jobId],
  )
  const ids = open.rows.map((r) => r.queue_id)
  if (ids.length > 0) await server.boss.cancel(CHUNK_QUEUE, ids)
}
