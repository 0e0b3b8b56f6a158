import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { ErrorCode } from '../contract/errors'
import { parseSpec, type BacktestSpec, type BacktestStats } from '../domain/backtest'
import type { BarColumns } from '../domain/market/bars'
import { AppError } from '../errors'
import { expandGrid, type GridAxis } from './grid'
import { GridRunner } from './grid-runner'
import type { EngineReply, EngineRequest, EngineWorkerData, GridRun, SharedBars } from './protocol'

export { expandGrid, rangeValues, type GridAxis, type GridPoint } from './grid'
export type { GridRun } from './protocol'

/** Progress of a grid: runs finished out of runs planned. */
export type GridProgress = { done: number; total: number }

/** Options of `runGrid`. */
export type GridOptions = {
  onProgress?: (p: GridProgress) => void
  /** Each finished batch, as soon as it arrives (in completion order). */
  onRuns?: (runs: GridRun[]) => void
  signal?: AbortSignal
  /** Most parameter sets to run (default 100 000); the rest is reported as `truncated`. */
  cap?: number
  /** Worker threads (default: the machine's cores); 0 runs inline on the calling thread. */
  workers?: number
  /** Grid points per message (default: adaptive, 16…256). */
  batchSize?: number
}

/** Every run of a grid, in grid order, with the cap flag. */
export type GridResult = {
  runs: { params: Record<string, number>; stats: BacktestStats | null; error?: string }[]
  truncated: boolean
  total: number
  /** Bar steps simulated (for throughput figures). */
  steps: number
}

// The worker is TypeScript in source and `engine.js` beside the bundle. In source it starts
// through a tiny bootstrap that registers tsx inside the worker: tsx's `--import` entry skips
// registration off the main thread, so `execArgv: ['--import', 'tsx']` alone loads no hooks there.
function spawnWorker(workerData: EngineWorkerData): Worker {
  const here = import.meta.url
  if (!here.endsWith('.ts')) {
    // Bundled: `engine.js` is an entry of out/main; this code may sit in a shared chunk below it.
    const beside = new URL('./engine.js', here)
    const above = new URL('../engine.js', here)
    return new Worker(existsSync(fileURLToPath(beside)) ? beside : above, { workerData })
  }
  // `tsx/esm/api` by its ESM target: the package's CommonJS build of it cannot register hooks.
  const pkg = createRequire(here).resolve('tsx/package.json')
  const api = pathToFileURL(join(dirname(pkg), 'dist/esm/api/index.mjs')).href
  const entry = new URL('./worker.ts', here).href
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}) })`
  return new Worker(boot, { eval: true, workerData })
}

function share(bars: BarColumns): SharedBars {
  const col = (a: Float64Array): SharedArrayBuffer => {
    const sab = new SharedArrayBuffer(a.length * 8)
    new Float64Array(sab).set(a)
    return sab
  }
  return {
    time: col(bars.time),
    open: col(bars.open),
    high: col(bars.high),
    low: col(bars.low),
    close: col(bars.close),
    volume: col(bars.volume),
  }
}

function cancelled(): AppError {
  return new AppError(ErrorCode.Cancelled, 'grid cancelled')
}

/**
 * Runs `baseSpec` once per point of the cartesian grid, on a pool of worker threads fed with the
 * bar columns once (shared memory). Progress after each batch; an abort terminates the workers
 * and rejects with `AppError('cancelled')`. An invalid base spec rejects with `invalid-input`;
 * an invalid single point yields a run with `stats: null` and its `error`.
 */
export async function runGrid(
  bars: BarColumns,
  baseSpec: BacktestSpec,
  grid: GridAxis[],
  options: GridOptions = {},
): Promise<GridResult> {
  parseSpec(baseSpec)
  const { points, truncated, total } = expandGrid(grid, options.cap ?? 100_000)
  const signal = options.signal
  if (signal?.aborted) throw cancelled()
  const results: GridRun[] = new Array<GridRun>(points.length)
  let done = 0
  let steps = 0
  const emit = (runs: GridRun[], s: number): void => {
    for (const r of runs) results[r.index] = r
    done += runs.length
    steps += s
    options.onRuns?.(runs)
    options.onProgress?.({ done, total: points.length })
  }
  const poolSize = Math.min(options.workers ?? availableParallelism(), points.length)
  const batchSize =
    options.batchSize ??
    Math.max(16, Math.min(256, Math.ceil(points.length / (Math.max(1, poolSize) * 8))))

  if (poolSize <= 0) {
    const runner = new GridRunner(bars, baseSpec)
    for (let k = 0; k < points.length; k += batchSize) {
      if (signal?.aborted) throw cancelled()
      const before = runner.steps
      emit(
        points.slice(k, k + batchSize).map((p) => runner.run(p)),
        runner.steps - before,
      )
      // Let an abort from another task land between batches.
      await new Promise<void>((r) => setImmediate(r))
    }
  } else {
    await new Promise<void>((resolve, reject) => {
      const shared = share(bars)
      const workers: Worker[] = []
      let next = 0
      let batchId = 0
      let isSettled = false
      const finish = (err?: Error): void => {
        if (isSettled) return
        isSettled = true
        signal?.removeEventListener('abort', onAbort)
        for (const w of workers) void w.terminate()
        if (err) reject(err)
        else resolve()
      }
      const onAbort = (): void => finish(cancelled())
      signal?.addEventListener('abort', onAbort, { once: true })
      const feed = (w: Worker): void => {
        if (next >= points.length) return
        const req: EngineRequest = {
          type: 'batch',
          id: batchId++,
          points: points.slice(next, next + batchSize),
        }
        next += batchSize
        w.postMessage(req)
      }
      for (let k = 0; k < poolSize; k++) {
        const w = spawnWorker({ bars: shared, baseSpec })
        workers.push(w)
        w.on('message', (msg: EngineReply) => {
          if (isSettled) return
          if (msg.type === 'fatal') return finish(new AppError(ErrorCode.InvalidInput, msg.message))
          emit(msg.runs, msg.steps)
          if (done >= points.length) return finish()
          feed(w)
        })
        w.on('error', (err) => finish(err))
        w.on('exit', (code) => {
          if (!isSettled && code !== 0) finish(new Error(`engine worker exited with code ${code}`))
        })
        // Two batches in flight per worker keep it busy while the main thread collects.
        feed(w)
        feed(w)
      }
      if (points.length === 0) finish()
    })
  }
  return {
    runs: results.map((r) => ({
      params: r.params,
      stats: r.stats,
      ...(r.error ? { error: r.error } : {}),
    })),
    truncated,
    total,
    steps,
  }
}
