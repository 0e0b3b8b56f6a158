import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { ErrorCode } from '../contract/errors'
import {
  findBuiltin,
  parseSpec,
  prepareRun,
  ruleParams,
  type BacktestSpec,
  type BacktestStats,
  type ParsedBacktestSpec,
} from '../domain/backtest'
import type { BarColumns } from '../domain/market/bars'
import { AppError } from '../errors'
import { expandGrid, type GridAxis, type GridPoint } from './grid'
import { GridRunner } from './grid-runner'
import type { EngineReply, EngineRequest, GridRun, SharedBars } from './protocol'

export {
  expandGrid,
  planGrid,
  rangeValues,
  type GridAxis,
  type GridPlan,
  type GridPoint,
} from './grid'
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
  /**
   * Grid indexes already done (a resumed job): they are not run and not returned, but count as
   * done in progress.
   */
  skip?: ReadonlySet<number>
}

/** Every run of a grid (but skipped ones), in grid order, with the cap flag. */
export type GridResult = {
  runs: {
    /** Position in the full cartesian order. */
    index: number
    params: Record<string, number>
    stats: BacktestStats | null
    error?: string
  }[]
  truncated: boolean
  total: number
  /** Bar steps simulated (for throughput figures). */
  steps: number
}

// The worker is TypeScript in source and `engine.js` beside the bundle. In source it starts
// through a tiny bootstrap that registers tsx inside the worker: tsx's `--import` entry skips
// registration off the main thread, so `execArgv: ['--import', 'tsx']` alone loads no hooks there.
function spawnWorker(): Worker {
  const here = import.meta.url
  if (!here.endsWith('.ts')) {
    // Bundled: `engine.js` is an entry of out/main; this code may sit in a shared chunk below it.
    const beside = new URL('./engine.js', here)
    const above = new URL('../engine.js', here)
    return new Worker(existsSync(fileURLToPath(beside)) ? beside : above)
  }
  // `tsx/esm/api` by its ESM target: the package's CommonJS build of it cannot register hooks.
  const pkg = createRequire(here).resolve('tsx/package.json')
  const api = pathToFileURL(join(dirname(pkg), 'dist/esm/api/index.mjs')).href
  const entry = new URL('./worker.ts', here).href
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}) })`
  return new Worker(boot, { eval: true })
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

type Emit = (runs: GridRun[], steps: number) => void

/**
 * Long-lived engine workers (started on first use, unreferenced while idle so they never keep
 * the process alive). One grid at a time; later grids queue behind it.
 */
export class EnginePool {
  private workers: Worker[] = []
  private nextJob = 1
  private queue: Promise<unknown> = Promise.resolve()

  constructor(readonly size: number) {}

  /** Runs the points of one grid, streaming batches to `emit`. */
  run(
    bars: BarColumns,
    baseSpec: BacktestSpec,
    points: GridPoint[],
    batchSize: number,
    emit: Emit,
    signal?: AbortSignal,
  ): Promise<void> {
    const task = this.queue.then(() => this.runNow(bars, baseSpec, points, batchSize, emit, signal))
    this.queue = task.catch(() => undefined)
    return task
  }

  /** Stops every worker; the next grid starts fresh ones. */
  async close(): Promise<void> {
    const ws = this.workers
    this.workers = []
    await Promise.all(ws.map((w) => w.terminate()))
  }

  private runNow(
    bars: BarColumns,
    baseSpec: BacktestSpec,
    points: GridPoint[],
    batchSize: number,
    emit: Emit,
    signal?: AbortSignal,
  ): Promise<void> {
    if (signal?.aborted) return Promise.reject(cancelled())
    if (points.length === 0) return Promise.resolve()
    while (this.workers.length < this.size) this.workers.push(spawnWorker())
    const workers = this.workers.slice(0, Math.min(this.size, Math.ceil(points.length / batchSize)))
    const job = this.nextJob++
    const shared = share(bars)
    return new Promise<void>((resolve, reject) => {
      let next = 0
      let done = 0
      let isSettled = false
      const handlers = new Map<Worker, (msg: EngineReply) => void>()
      const cleanup = (): void => {
        signal?.removeEventListener('abort', onAbort)
        for (const w of workers) {
          const h = handlers.get(w)
          if (h) w.off('message', h)
          w.off('error', onFail)
          w.off('exit', onExit)
          w.unref()
        }
      }
      const finish = (err?: Error): void => {
        if (isSettled) return
        isSettled = true
        cleanup()
        if (err) {
          // Workers may be mid-batch or broken: drop them all, the next grid spawns fresh ones.
          void this.close()
          reject(err)
        } else {
          for (const w of workers) w.postMessage({ type: 'end', job } satisfies EngineRequest)
          resolve()
        }
      }
      const onAbort = (): void => finish(cancelled())
      const onFail = (err: Error): void => finish(err)
      const onExit = (code: number): void =>
        finish(new Error(`engine worker exited with code ${code}`))
      const feed = (w: Worker): void => {
        if (next >= points.length) return
        const req: EngineRequest = {
          type: 'batch',
          job,
          points: points.slice(next, next + batchSize),
        }
        next += batchSize
        w.postMessage(req)
      }
      const onMessage = (msg: EngineReply, w: Worker): void => {
        if (isSettled || msg.job !== job) return
        if (msg.type === 'fatal') return finish(new AppError(ErrorCode.InvalidInput, msg.message))
        done += msg.runs.length
        emit(msg.runs, msg.steps)
        if (done >= points.length) return finish()
        feed(w)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      for (const w of workers) {
        w.ref()
        const h = (msg: EngineReply): void => onMessage(msg, w)
        handlers.set(w, h)
        w.on('message', h)
        w.on('error', onFail)
        w.on('exit', onExit)
        w.postMessage({ type: 'job', job, bars: shared, baseSpec } satisfies EngineRequest)
        // Two batches in flight per worker keep it busy while the main thread collects.
        feed(w)
        feed(w)
      }
    })
  }
}

const pools = new Map<number, EnginePool>()

function poolOf(size: number): EnginePool {
  let p = pools.get(size)
  if (!p) {
    p = new EnginePool(size)
    pools.set(size, p)
  }
  return p
}

/** Stops every shared engine worker (app shutdown, tests). */
export async function closeEnginePools(): Promise<void> {
  const all = [...pools.values()]
  pools.clear()
  await Promise.all(all.map((p) => p.close()))
}

// Fails fast on a base spec that cannot run or an axis the strategy does not have; a bad value
// on one axis only fails its own runs.
function validateGrid(bars: BarColumns, baseSpec: BacktestSpec, grid: GridAxis[]): void {
  prepareRun(bars, validateGridSpec(baseSpec, grid))
}

/**
 * The checks of a grid that need no bars: the base spec parses and every axis names a parameter
 * of the strategy. Throws `invalid-input` with the paths of the bad axes; answers the parsed spec.
 */
export function validateGridSpec(baseSpec: BacktestSpec, grid: GridAxis[]): ParsedBacktestSpec {
  const parsed = parseSpec(baseSpec)
  const known =
    typeof parsed.strategy === 'string'
      ? (findBuiltin(parsed.strategy)?.params.map((p) => p.name) ?? [])
      : ruleParams(parsed.strategy).map((p) => p.name)
  const issues = grid.flatMap((axis, k) =>
    known.includes(axis.name)
      ? []
      : [{ path: ['grid', k, 'name'], message: `the strategy has no parameter "${axis.name}"` }],
  )
  if (issues.length) {
    throw new AppError(ErrorCode.InvalidInput, issues.map((i) => i.message).join('; '), { issues })
  }
  return parsed
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
  validateGrid(bars, baseSpec, grid)
  const expanded = expandGrid(grid, options.cap ?? 100_000)
  const { truncated, total } = expanded
  const skip = options.skip
  const points = skip?.size ? expanded.points.filter((p) => !skip.has(p.index)) : expanded.points
  const planned = expanded.points.length
  const signal = options.signal
  if (signal?.aborted) throw cancelled()
  const results: GridRun[] = new Array<GridRun>(planned)
  let done = planned - points.length
  let steps = 0
  const emit = (runs: GridRun[], s: number): void => {
    for (const r of runs) results[r.index] = r
    done += runs.length
    steps += s
    options.onRuns?.(runs)
    options.onProgress?.({ done, total: planned })
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
    await poolOf(poolSize).run(bars, baseSpec, points, batchSize, emit, signal)
  }
  return {
    runs: results.filter(Boolean).map((r) => ({
      index: r.index,
      params: r.params,
      stats: r.stats,
      ...(r.error ? { error: r.error } : {}),
    })),
    truncated,
    total,
    steps,
  }
}
