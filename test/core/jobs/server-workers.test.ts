// Batch grids on server workers (`batch-run` with where: server, `edgebook worker`), over the
// loopback PostgreSQL server the harness starts: three worker processes, one SIGKILLed while it
// holds a chunk; every chunk is done, none twice into the results, and the runs read back equal a
// local run of the same grid, run by run and checksum by checksum. Needs `npm run -s build:fast`.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BatchJobDto } from '../../../electron/core/contract/backtest-batch'
import type { WorkerStatus } from '../../../electron/core/jobs/server-worker'
import { CLI } from '../../support/cli'
import { openTestCore, type TestCore } from '../../support/core'
import { pgUnavailableReason, startPgServer, type PgServer } from '../../support/pg-server'
import { runDigest } from '../support/jobs-kill-digest'

const BARS = 40_000
const GRID = {
  symbol: 'SYN',
  timeframe: '1Hour',
  strategy: 'sma-cross',
  grid: [
    { name: 'fast', from: 5, to: 30, step: 1 },
    { name: 'slow', from: 40, to: 100, step: 5 },
  ],
}
/** Long enough on a busy machine that a kill right after a chunk starts lands inside it. */
const CHUNK_RUNS = 48

/** A deterministic hourly random walk, in the layout of the backtesting.py sample files. */
function syntheticCsv(count: number): string {
  let s = 7
  const rand = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648
    return s / 2147483648
  }
  const lines = [',Open,High,Low,Close,Volume']
  let price = 100
  const start = Date.UTC(2015, 0, 1)
  for (let i = 0; i < count; i++) {
    const open = price
    const close = Math.max(1, open * (1 + (rand() - 0.5) * 0.02))
    const high = Math.max(open, close) * (1 + rand() * 0.005)
    const low = Math.min(open, close) * (1 - rand() * 0.005)
    const time = new Date(start + i * 3_600_000).toISOString().replace('T', ' ').slice(0, 19)
    lines.push(
      `${time},${open.toFixed(4)},${high.toFixed(4)},${low.toFixed(4)},${close.toFixed(4)},${1000 + Math.floor(rand() * 1000)}`,
    )
    price = close
  }
  return `${lines.join('\n')}\n`
}

type Worker = {
  name: string
  child: ChildProcess
  lines: WorkerStatus[]
  exited: Promise<number | null>
  /** The first status line `pick` accepts. */
  next(pick: (s: WorkerStatus) => boolean): Promise<WorkerStatus>
}

function startWorker(url: string, name: string): Worker {
  const child = spawn(
    process.execPath,
    [
      CLI,
      'worker',
      '--url',
      url,
      '--concurrency',
      '1',
      '--name',
      name,
      '--maintenance-seconds',
      '1',
      '--poll-seconds',
      '0.5',
      '--json',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const lines: WorkerStatus[] = []
  const waiting: { pick: (s: WorkerStatus) => boolean; resolve: (s: WorkerStatus) => void }[] = []
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => void (stderr += d.toString()))
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (!line.startsWith('{')) return
    const status = JSON.parse(line) as WorkerStatus
    lines.push(status)
    for (const w of [...waiting]) {
      if (w.pick(status)) {
        waiting.splice(waiting.indexOf(w), 1)
        w.resolve(status)
      }
    }
  })
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      if (code !== 0 && code !== null) process.stderr.write(`worker ${name}: ${stderr}\n`)
      resolve(code)
    }),
  )
  return {
    name,
    child,
    lines,
    exited,
    next: (pick) => {
      const seen = lines.find(pick)
      if (seen) return Promise.resolve(seen)
      return new Promise((resolve) => waiting.push({ pick, resolve }))
    },
  }
}

async function waitFor<T>(what: string, read: () => Promise<T | null>, ms = 240_000): Promise<T> {
  const until = Date.now() + ms
  for (;;) {
    const value = await read()
    if (value !== null) return value
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

async function allRuns(core: TestCore, jobId: string): Promise<Map<number, string>> {
  const page = await core.value('batch-runs', { jobId, limit: 100_000 })
  return new Map(page.runs.map((r) => [r.runIndex, runDigest(r)]))
}

describe.skipIf(pgUnavailableReason() !== null)('batch-run where: server (edgebook worker)', () => {
  let server: PgServer
  let core: TestCore
  let dir: string
  let admin: pg.Client
  const workers: Worker[] = []

  beforeAll(async () => {
    server = await startPgServer()
    admin = new pg.Client({ connectionString: server.url })
    await admin.connect()
    dir = mkdtempSync(join(tmpdir(), 'edgebook-workers-'))
    const csv = join(dir, 'SYN.csv')
    writeFileSync(csv, syntheticCsv(BARS))
    core = await openTestCore()
    await core.value('bars-import', { path: csv, symbol: GRID.symbol, timeframe: GRID.timeframe })
  }, 240_000)

  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL')
    await core?.close()
    await admin?.end()
    await server?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  }, 120_000)

  it('[WORK-1] three workers, one SIGKILLed mid-chunk: no chunk lost, none stored twice, runs equal a local run', async () => {
    for (const name of ['w1', 'w2', 'w3']) workers.push(startWorker(server.url, name))
    await Promise.all(workers.map((w) => w.next((s) => s.event === 'started')))
    const [victim, ...survivors] = workers as [Worker, Worker, Worker]

    const local = await core.value('batch-run', { ...GRID, wait: true })
    expect(local.status).toBe('completed')

    const queued = await core.value('batch-run', {
      ...GRID,
      where: 'server',
      server: { url: server.url, chunkRuns: CHUNK_RUNS, chunkTimeoutSeconds: 8 },
    })
    expect(queued.kind).toBe('server')
    const held = await victim.next((s) => s.event === 'chunk-started' && s.jobId === queued.id)
    victim.child.kill('SIGKILL')
    await victim.exited
    if (held.event !== 'chunk-started') throw new Error('unreachable')

    const done = await waitFor<BatchJobDto>('the server job to end', async () => {
      const job = await core.value('batch-get', { jobId: queued.id })
      return job.status === 'running' ? null : job
    })
    expect(done.status, done.error ?? '').toBe('completed')
    expect(done.total).toBe(local.total)
    expect(done.completed).toBe(local.total)

    // Every run of the grid once, each with the metrics of the local run.
    const mine = await allRuns(core, local.id)
    const theirs = await allRuns(core, queued.id)
    expect(mine.size).toBe(local.total)
    expect([...theirs.keys()].sort((a, b) => a - b)).toEqual([...mine.keys()].sort((a, b) => a - b))
    for (const [index, digest] of mine) expect(theirs.get(index), `run ${index}`).toBe(digest)

    // On the server: one result per run index, every chunk done, the killed one by another worker.
    const results = await admin.query<{ n: string; distinct: string }>(
      `SELECT count(*) AS n, count(DISTINCT run_index) AS distinct FROM edgebook_work.results WHERE job_id = $1`,
      [queued.id],
    )
    expect(Number(results.rows[0]?.n)).toBe(local.total)
    expect(Number(results.rows[0]?.distinct)).toBe(local.total)
    const chunks = await admin.query<{ chunk_index: number; done_by: string | null }>(
      `SELECT chunk_index, done_by FROM edgebook_work.chunks WHERE job_id = $1 ORDER BY chunk_index`,
      [queued.id],
    )
    expect(chunks.rows.length).toBe(Math.ceil(local.total / CHUNK_RUNS))
    expect(chunks.rows.every((c) => c.done_by !== null)).toBe(true)
    const killed = chunks.rows.find((c) => c.chunk_index === held.chunkIndex)
    expect(['w2', 'w3']).toContain(killed?.done_by)
    const byWorker = await admin.query<{ worker: string; chunk_index: number }>(
      `SELECT DISTINCT worker, chunk_index FROM edgebook_work.results WHERE job_id = $1`,
      [queued.id],
    )
    // A chunk's runs were all written by one worker: no chunk was half stored twice.
    const writers = new Map<number, Set<string>>()
    for (const r of byWorker.rows) {
      const set = writers.get(r.chunk_index) ?? new Set<string>()
      set.add(r.worker)
      writers.set(r.chunk_index, set)
    }
    expect([...writers.values()].every((s) => s.size === 1)).toBe(true)

    // SIGTERM stops a worker cleanly.
    for (const w of survivors) w.child.kill('SIGTERM')
    expect(await Promise.all(survivors.map((w) => w.exited))).toEqual([0, 0])
    for (const w of survivors) expect(w.lines.at(-1)?.event).toBe('stopped')
  }, 400_000)

  it('[WORK-2] cancel takes the queued chunks off the queue; a resume queues them again and completes', async () => {
    // Without a URL in the request, a server job goes to the sync server (also on resume).
    await core.value('sync-configure', { url: server.url, sessionOnly: true, autoStart: false })
    const queued = await core.value('batch-run', {
      ...GRID,
      where: 'server',
      server: { chunkRuns: 128, chunkTimeoutSeconds: 30 },
    })
    await waitFor('the chunks on the queue', async () => {
      const r = await admin
        .query<{ n: string }>(
          `SELECT count(*) AS n FROM edgebook_queue.job WHERE data->>'jobId' = $1 AND state = 'created'`,
          [queued.id],
        )
        .catch(() => null)
      return r && Number(r.rows[0]?.n) > 0 ? true : null
    })
    const cancelled = await core.value('batch-cancel', { jobId: queued.id })
    expect(cancelled.status).toBe('cancelled')
    const states = await admin.query<{ state: string }>(
      `SELECT DISTINCT state FROM edgebook_queue.job WHERE data->>'jobId' = $1`,
      [queued.id],
    )
    expect(states.rows.map((r) => r.state)).toEqual(['cancelled'])

    const worker = startWorker(server.url, 'w4')
    workers.push(worker)
    await worker.next((s) => s.event === 'started')
    await core.value('batch-resume', { jobId: queued.id })
    const done = await waitFor<BatchJobDto>('the resumed job to end', async () => {
      const job = await core.value('batch-get', { jobId: queued.id })
      return job.status === 'running' ? null : job
    })
    expect(done.status, done.error ?? '').toBe('completed')
    expect(done.completed).toBe(done.total)
    worker.child.kill('SIGTERM')
    expect(await worker.exited).toBe(0)
  }, 400_000)
  it("[WORK-3] a chunk that fails past its retries fails the job with the worker's reason", async () => {
    const queued = await core.value('batch-run', {
      ...GRID,
      where: 'server',
      server: { url: server.url, chunkRuns: 512, chunkTimeoutSeconds: 30 },
    })
    await waitFor('the job on the server', async () => {
      // The work tables appear with the first job (when this test runs alone).
      const r = await admin
        .query(`SELECT 1 FROM edgebook_work.job_bars WHERE job_id = $1`, [queued.id])
        .catch(() => null)
      return r && r.rows.length > 0 ? true : null
    })
    // Its bars gone, no worker can run it.
    await admin.query(`DELETE FROM edgebook_work.job_bars WHERE job_id = $1`, [queued.id])
    const worker = startWorker(server.url, 'w5')
    workers.push(worker)
    const failed = await waitFor<BatchJobDto>('the job to fail', async () => {
      const job = await core.value('batch-get', { jobId: queued.id })
      return job.status === 'running' ? null : job
    })
    expect(failed.status).toBe('failed')
    expect(failed.error).toMatch(/has no bars on the server/)
    expect(failed.completed).toBe(0)
    worker.child.kill('SIGTERM')
    expect(await worker.exited).toBe(0)
  }, 400_000)
})
