import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { ErrorCode } from '../contract/errors'
import {
  findBuiltin,
  prepareRun,
  ruleParams,
  type BacktestResult,
  type BacktestStats,
  type ParsedBacktestSpec,
} from '../domain/backtest'
import type { BarColumns } from '../domain/market/bars'
import { AppError, toAppError } from '../errors'
import { transferablesOf, type FreshSeriesColumns, type FreshSeriesGrouping } from './fresh-series'
import { gridSize, type GridAxis } from './grid'
import { GridRunner } from './grid-runner'
import type { OverfitAnswer } from './overfit'
import type {
  EngineReply,
  EngineRequest,
  GridRun,
  ProbeRun,
  ReturnsBatch,
  ReturnsRun,
  SharedBars,
} from './protocol'

export {
  expandGrid,
  gridSize,
  planGrid,
  pointAt,
  rangeValues,
  type GridAxis,
  type GridPlan,
  type GridPoint,
} from './grid'
export type {
  GridRun,
  ProbeMoments,
  ProbeRun,
  ProbeTrade,
  ReturnsBatch,
  ReturnsRun,
} from './protocol'
export { ProbeRunner } from './probe-runner'
export { overfitOf, type OverfitAnswer } from './overfit'

/** Progress of a grid: runs finished out of runs planned. */
export type GridProgress = { done: number; total: number }

/** Options of `streamGrid` and `runGrid`. */
export type GridOptions = {
  onProgress?: (p: GridProgress) => void
  /**
   * Each finished batch, as soon as it arrives (in completion order). A promise it answers holds
   * back further batches until it settles (a store that falls behind slows the engine down
   * instead of queueing runs in memory); its rejection fails the grid.
   */
  onRuns?: (runs: GridRun[]) => void | Promise<void>
  signal?: AbortSignal
  /** Most parameter sets to run (default 100 000); the rest is reported as `truncated`. */
  cap?: number
  /** The engine workers to run on; without one the grid runs inline on the calling thread. */
  pool?: EnginePool
  /** Grid points per message (default: adaptive, 16…256). */
  batchSize?: number
  /**
   * Grid indexes not to run (already stored by a resumed job, or invalid): they are not run and
   * not returned, but count as done in progress.
   */
  skip?: ReadonlySet<number>
}

/** What a streamed grid ran: the cap flag, the full size and the bar steps simulated. */
export type GridOutcome = {
  truncated: boolean
  total: number
  /** Bar steps simulated (for throughput figures). */
  steps: number
}

/** Every run of a grid (but skipped ones), in grid order, with the cap flag. */
export type GridResult = GridOutcome & {
  runs: {
    /** Position in the full cartesian order. */
    index: number
    params: Record<string, number>
    stats: BacktestStats | null
    error?: string
  }[]
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

/** The grid indexes to run, handed out batch by batch without materialising them all. */
export type IndexSource = {
  /** How many indexes the source yields in all. */
  readonly count: number
  /** Up to `max` more indexes; empty when exhausted. */
  next(max: number): number[]
}

/** Indexes `0 … limit − 1` but those in `skip`, in order. */
export function indexRange(limit: number, skip?: ReadonlySet<number>): IndexSource {
  let skipped = 0
  if (skip) for (const i of skip) if (i >= 0 && i < limit) skipped++
  let at = 0
  return {
    count: limit - skipped,
    next(max) {
      const out: number[] = []
      while (out.length < max && at < limit) {
        if (!skip?.has(at)) out.push(at)
        at++
      }
      return out
    },
  }
}

/** One grid for a pool: the bars, the spec parsed once, its axes and the indexes to run. */
export type GridTask = {
  bars: BarColumns
  spec: ParsedBacktestSpec
  axes: GridAxis[]
  indexes: IndexSource
  batchSize: number
}

type Emit = (runs: GridRun[], steps: number) => void | Promise<void>

/** Variants of one spec whose per-bar returns a pool computes, `batchSize` to a message. */
export type ReturnsTask = {
  bars: BarColumns
  spec: ParsedBacktestSpec
  runs: readonly ReturnsRun[]
  batchSize: number
}

/**
 * A probe over one symbol: its bars, the specs of the strategies (parsed once, one period), the
 * spec indexes to run, `batchSize` to a message.
 */
export type ProbeTask = {
  bars: BarColumns
  specs: readonly ParsedBacktestSpec[]
  indexes: readonly number[]
  batchSize: number
}

/**
 * Long-lived engine workers (started on first use, as many as the work in hand keeps busy, and
 * unreferenced while idle so they never keep the process alive). One task at a time; later
 * tasks queue behind it. A pool belongs to one owner (a core's job runner, a bench), which
 * closes it.
 */
export class EnginePool {
  private workers: Worker[] = []
  private nextJob = 1
  private queue: Promise<unknown> = Promise.resolve()
  private isClosed = false
  private running = 0

  constructor(readonly size: number) {}

  /** Whether a task is on the workers now (for tests that wait for one to start). */
  get isBusy(): boolean {
    return this.running > 0
  }

  /** Workers started and alive (for tests and figures). */
  get started(): number {
    return this.workers.length
  }

  /** Runs the indexes of one grid, streaming batches to `emit`. */
  grid(task: GridTask, emit: Emit, signal?: AbortSignal): Promise<void> {
    const { indexes, batchSize } = task
    return this.enqueue(() =>
      this.streamNow(
        {
          bars: task.bars,
          header: (job, bars) => ({ type: 'grid', job, bars, spec: task.spec, axes: task.axes }),
          total: indexes.count,
          batchSize,
          nextBatch: (job) => {
            const batch = indexes.next(batchSize)
            return batch.length > 0 ? { type: 'batch', job, indexes: batch } : null
          },
          answered: (msg) =>
            msg.type === 'results'
              ? { count: msg.runs.length, held: emit(msg.runs, msg.steps) }
              : undefined,
        },
        signal,
      ),
    )
  }

  /**
   * One whole backtest (curves and trades) of a spec parsed at the boundary, on a worker. A run
   * the domain refuses rejects with its `AppError` (code, message and issue paths kept).
   */
  backtest(bars: BarColumns, spec: ParsedBacktestSpec): Promise<BacktestResult> {
    return this.enqueue(() =>
      this.askNow({ type: 'backtest', job: this.nextJob++, bars: share(bars), spec }, (msg) =>
        msg.type === 'result' ? msg.result : undefined,
      ),
    )
  }

  /**
   * The per-bar returns of variants of one spec (a stored job's runs), batch by batch on every
   * worker, the bars handed over once in shared memory. Batches reach `onSeries` in completion
   * order, each with its variants' keys. The first variant the domain refuses rejects with its
   * `AppError`; an abort rejects with `AppError('cancelled')`.
   */
  returns(
    task: ReturnsTask,
    onSeries: (batch: ReturnsBatch) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    const { runs, batchSize } = task
    let at = 0
    return this.enqueue(() =>
      this.streamNow(
        {
          bars: task.bars,
          header: (job, bars) => ({ type: 'grid', job, bars, spec: task.spec, axes: [] }),
          total: runs.length,
          batchSize,
          nextBatch: (job) => {
            if (at >= runs.length) return null
            const batch = runs.slice(at, at + batchSize)
            at += batch.length
            return { type: 'returns', job, runs: batch }
          },
          answered: (msg) => {
            if (msg.type !== 'series') return undefined
            onSeries(msg.series)
            return { count: msg.series.keys.length }
          },
        },
        signal,
      ),
    )
  }

  /**
   * A probe's strategies over one symbol's bars, batch by batch on every worker (bars in shared
   * memory and the specs sent once per worker): statistics and every trade per strategy, in
   * completion order. A promise `emit` answers holds that worker back until it settles (a store
   * that falls behind); a strategy the domain refuses comes back with `stats: null` and its
   * `error`; an abort rejects with `AppError('cancelled')`.
   */
  probe(
    task: ProbeTask,
    emit: (runs: ProbeRun[], steps: number) => void | Promise<void>,
    signal?: AbortSignal,
  ): Promise<void> {
    const { indexes, batchSize } = task
    let at = 0
    return this.enqueue(() =>
      this.streamNow(
        {
          bars: task.bars,
          header: (job, bars) => ({ type: 'probe', job, bars, specs: [...task.specs] }),
          total: indexes.length,
          batchSize,
          nextBatch: (job) => {
            if (at >= indexes.length) return null
            const batch = indexes.slice(at, at + batchSize)
            at += batch.length
            return { type: 'probe-batch', job, indexes: batch }
          },
          answered: (msg) =>
            msg.type === 'probed'
              ? { count: msg.runs.length, held: emit(msg.runs, msg.steps) }
              : undefined,
        },
        signal,
      ),
    )
  }

  /**
   * Variants of one spec named by their parameters (an optimiser's asks), batch by batch on
   * every worker, the bars handed over once in shared memory; each answered run's `index` is its
   * variant's key. Batches reach `emit` in completion order (a promise it answers holds the
   * engine back); an invalid variant is a run with `stats: null` and its `error`; an abort
   * rejects with `AppError('cancelled')`.
   */
  evaluate(task: ReturnsTask, emit: Emit, signal?: AbortSignal): Promise<void> {
    const { runs, batchSize } = task
    let at = 0
    return this.enqueue(() =>
      this.streamNow(
        {
          bars: task.bars,
          header: (job, bars) => ({ type: 'grid', job, bars, spec: task.spec, axes: [] }),
          total: runs.length,
          batchSize,
          nextBatch: (job) => {
            if (at >= runs.length) return null
            const batch = runs.slice(at, at + batchSize)
            at += batch.length
            return { type: 'points', job, runs: batch }
          },
          answered: (msg) =>
            msg.type === 'results'
              ? { count: msg.runs.length, held: emit(msg.runs, msg.steps) }
              : undefined,
        },
        signal,
      ),
    )
  }

  /**
   * `overfitOf` on a worker: PBO over `blocks` and the best variant's statistics of `variants`
   * series of `length` returns packed in `returns`, which moves to the worker (unusable here
   * afterwards). The domain's refusal rejects with its `AppError`, an abort with
   * `AppError('cancelled')` (the worker is stopped mid-computation).
   */
  overfit(
    returns: Float64Array,
    variants: number,
    length: number,
    blocks: number,
    signal?: AbortSignal,
  ): Promise<OverfitAnswer> {
    return this.enqueue(() =>
      this.askNow(
        { type: 'overfit', job: this.nextJob++, returns, variants, length, blocks },
        (msg) => (msg.type === 'overfitting' ? msg.answer : undefined),
        [returns.buffer as ArrayBuffer],
        signal,
      ),
    )
  }

  /**
   * `groupFreshSeries` on a worker. The columns' arrays move to the worker (they are unusable
   * here afterwards); the COPY streams move back.
   */
  groupFreshSeries(columns: FreshSeriesColumns): Promise<FreshSeriesGrouping> {
    return this.enqueue(() =>
      this.askNow(
        { type: 'fresh-series', job: this.nextJob++, columns },
        (msg) => (msg.type === 'grouped' ? msg.grouping : undefined),
        transferablesOf(columns),
      ),
    )
  }

  /** Stops every worker; a later task starts fresh ones unless the pool was closed for good. */
  async close(forGood = false): Promise<void> {
    if (forGood) this.isClosed = true
    const ws = this.workers
    this.workers = []
    await Promise.all(ws.map((w) => w.terminate()))
  }

  private enqueue<T>(run: () => Promise<T>): Promise<T> {
    const task = this.queue.then(async () => {
      if (this.isClosed) throw new AppError(ErrorCode.Cancelled, 'the engine is shut down')
      this.running++
      try {
        return await run()
      } finally {
        this.running--
      }
    })
    this.queue = task.catch(() => undefined)
    return task
  }

  private take(count: number): Worker[] {
    while (this.workers.length < Math.min(this.size, count)) this.workers.push(spawnWorker())
    return this.workers.slice(0, Math.min(this.size, count))
  }

  /**
   * Listens to `workers` for one job until `settle` is called; a worker error or exit settles
   * with that error and drops every worker (mid-task or broken: the next task spawns fresh ones).
   */
  private session(
    workers: Worker[],
    job: number,
    onMessage: (msg: EngineReply, w: Worker) => void,
    onEnd: (err?: Error) => void,
    signal?: AbortSignal,
  ): (err?: Error) => void {
    let isSettled = false
    const handlers = new Map<Worker, (msg: EngineReply) => void>()
    const settle = (err?: Error): void => {
      if (isSettled) return
      isSettled = true
      signal?.removeEventListener('abort', onAbort)
      for (const w of workers) {
        const h = handlers.get(w)
        if (h) w.off('message', h)
        w.off('error', onFail)
        w.off('exit', onExit)
        w.unref()
      }
      if (err) void this.close()
      onEnd(err)
    }
    const onAbort = (): void => settle(cancelled())
    const onFail = (err: Error): void => settle(err)
    const onExit = (code: number): void =>
      settle(new Error(`engine worker exited with code ${code}`))
    signal?.addEventListener('abort', onAbort, { once: true })
    for (const w of workers) {
      w.ref()
      const h = (msg: EngineReply): void => {
        if (!isSettled && msg.job === job) onMessage(msg, w)
      }
      handlers.set(w, h)
      w.on('message', h)
      w.on('error', onFail)
      w.on('exit', onExit)
    }
    return settle
  }

  /**
   * Work over one set of bars, streamed through the workers: each gets the bars (shared memory)
   * and, in the `header` message, the spec(s) once, then batches from `nextBatch` until `total`
   * units are answered. `answered` reads a reply: how many units it completed and, if the consumer is
   * behind, what to wait for before feeding that worker again; other replies are ignored.
   */
  private streamNow(
    stream: {
      bars: BarColumns
      header: (job: number, bars: SharedBars) => EngineRequest
      total: number
      batchSize: number
      nextBatch: (job: number) => EngineRequest | null
      answered: (msg: EngineReply) => { count: number; held?: Promise<void> | void } | undefined
    },
    signal?: AbortSignal,
  ): Promise<void> {
    if (signal?.aborted) return Promise.reject(cancelled())
    if (stream.total === 0) return Promise.resolve()
    const workers = this.take(Math.ceil(stream.total / stream.batchSize))
    const job = this.nextJob++
    const shared = share(stream.bars)
    return new Promise<void>((resolve, reject) => {
      let done = 0
      let hasEnded = false
      const feed = (w: Worker): void => {
        if (hasEnded) return
        const batch = stream.nextBatch(job)
        if (batch) w.postMessage(batch)
      }
      const settle = this.session(
        workers,
        job,
        (msg, w) => {
          if (msg.type === 'fatal') return settle(new AppError(ErrorCode.InvalidInput, msg.message))
          if (msg.type === 'failed') return settle(toAppError(msg.error))
          const answer = stream.answered(msg)
          if (!answer) return
          done += answer.count
          if (done >= stream.total) return settle()
          if (answer.held) void answer.held.then(() => feed(w), settle)
          else feed(w)
        },
        (err) => {
          hasEnded = true
          // A failure has stopped the workers already (the next task starts fresh ones).
          if (err) return reject(err)
          for (const w of workers) w.postMessage({ type: 'end', job } satisfies EngineRequest)
          resolve()
        },
        signal,
      )
      const header = stream.header(job, shared)
      for (const w of workers) {
        w.postMessage(header)
        // Two batches in flight per worker keep it busy while this thread collects.
        feed(w)
        feed(w)
      }
    })
  }

  /**
   * One request to one worker and its one answer: the reply `answerOf` picks settles the task, a
   * `failed` reply rejects with the domain's `AppError`. `transfer` moves buffers to the worker.
   */
  private askNow<T>(
    request: EngineRequest,
    answerOf: (msg: EngineReply) => T | undefined,
    transfer: ArrayBuffer[] = [],
    signal?: AbortSignal,
  ): Promise<T> {
    if (signal?.aborted) return Promise.reject(cancelled())
    const workers = this.take(1)
    return new Promise<T>((resolve, reject) => {
      let answer: { value: T } | null = null
      const settle = this.session(
        workers,
        request.job,
        (msg) => {
          if (msg.type === 'failed') return settle(toAppError(msg.error))
          const value = answerOf(msg)
          if (value === undefined) return
          answer = { value }
          settle()
        },
        (err) => (err || !answer ? reject(err ?? new Error('no answer')) : resolve(answer.value)),
        signal,
      )
      workers[0]?.postMessage(request, transfer)
    })
  }
}

/**
 * The check of a grid that needs no bars: every axis names a parameter of the strategy (the spec
 * itself was parsed at the boundary). Throws `invalid-input` with the paths of the bad axes;
 * answers the spec. A bad value on one axis only fails its own runs.
 */
export function validateGridSpec<S extends Pick<ParsedBacktestSpec, 'strategy'>>(
  parsed: S,
  grid: GridAxis[],
): S {
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
 * Checks a grid once, before any run: `validateGridSpec`, then the spec prepared once on the bars
 * (a range with too few bars, a rule that cannot compile; the domain's failure as `AppError`).
 * Answers the spec that every worker then receives as is.
 */
export function validateGrid(
  bars: BarColumns,
  parsed: ParsedBacktestSpec,
  grid: GridAxis[],
): ParsedBacktestSpec {
  validateGridSpec(parsed, grid)
  const prepared = prepareRun(bars, parsed)
  if (!prepared.ok) throw toAppError(prepared.error)
  return parsed
}

/**
 * Runs an already validated spec once per grid index below `cap` (but `skip`ped ones), on the
 * pool's workers fed with the bar columns once (shared memory), or inline without a pool. Runs
 * stream to `onRuns` batch by batch and are not kept: memory does not grow with the grid.
 * Progress after each batch; an abort rejects with `AppError('cancelled')`; an invalid single
 * point yields a run with `stats: null` and its `error`.
 */
export async function streamGrid(
  bars: BarColumns,
  spec: ParsedBacktestSpec,
  axes: GridAxis[],
  options: GridOptions = {},
): Promise<GridOutcome> {
  const total = gridSize(axes)
  const planned = Math.min(total, Math.max(0, options.cap ?? 100_000))
  const indexes = indexRange(planned, options.skip)
  const signal = options.signal
  if (signal?.aborted) throw cancelled()
  let done = planned - indexes.count
  let steps = 0
  const emit = (runs: GridRun[], s: number): void | Promise<void> => {
    done += runs.length
    steps += s
    const held = options.onRuns?.(runs)
    options.onProgress?.({ done, total: planned })
    return held
  }
  const pool = options.pool
  const poolSize = pool ? Math.min(pool.size, indexes.count) : 0
  const batchSize =
    options.batchSize ??
    Math.max(16, Math.min(256, Math.ceil(indexes.count / (Math.max(1, poolSize) * 8))))

  if (!pool) {
    const runner = new GridRunner(bars, spec, axes)
    for (let batch = indexes.next(batchSize); batch.length > 0; batch = indexes.next(batchSize)) {
      if (signal?.aborted) throw cancelled()
      const before = runner.steps
      await emit(
        batch.map((i) => runner.run(i)),
        runner.steps - before,
      )
      // Let an abort from another task land between batches.
      await new Promise<void>((r) => setImmediate(r))
    }
  } else {
    await pool.grid({ bars, spec, axes, indexes, batchSize }, emit, signal)
  }
  return { truncated: planned < total, total, steps }
}

/**
 * `streamGrid` after `validateGrid`, collecting every run in grid order: for small grids, tests
 * and figures. A job never collects; it streams runs to the database.
 */
export async function runGrid(
  bars: BarColumns,
  baseSpec: ParsedBacktestSpec,
  grid: GridAxis[],
  options: GridOptions = {},
): Promise<GridResult> {
  const spec = validateGrid(bars, baseSpec, grid)
  const runs: GridRun[] = []
  const outcome = await streamGrid(bars, spec, grid, {
    ...options,
    onRuns: (batch) => {
      for (const r of batch) runs.push(r)
      return options.onRuns?.(batch)
    },
  })
  runs.sort((a, b) => a.index - b.index)
  return {
    ...outcome,
    runs: runs.map((r) => ({
      index: r.index,
      params: r.params,
      stats: r.stats,
      ...(r.error ? { error: r.error } : {}),
    })),
  }
}
