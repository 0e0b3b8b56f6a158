import type { BacktestResult, BacktestStats, ParsedBacktestSpec } from '../domain/backtest'
import type { DomainError } from '../domain/result'
import type { FreshSeriesColumns, FreshSeriesGrouping } from './fresh-series'
import type { GridAxis } from './grid'
import type { OverfitAnswer } from './overfit'

/** Bar columns backed by shared memory, handed to every worker once. */
export type SharedBars = {
  time: SharedArrayBuffer
  open: SharedArrayBuffer
  high: SharedArrayBuffer
  low: SharedArrayBuffer
  close: SharedArrayBuffer
  volume: SharedArrayBuffer
}

/** One finished grid run; `stats` is null when the parameter set was invalid. */
export type GridRun = {
  index: number
  params: Record<string, number>
  stats: BacktestStats | null
  error?: string
}

/** One closed trade of a probe run: times in epoch ms, prices per unit, `returnPct` in percent. */
export type ProbeTrade = {
  entryTime: number
  exitTime: number
  entryPrice: number
  exitPrice: number
  /** Units; negative for shorts. */
  size: number
  pnl: number
  returnPct: number
  exitReason: string
}

/**
 * The per-period Sharpe ratio, skew and raw kurtosis of a run's per-bar returns after its
 * warm-up (what the deflated Sharpe ratio of a ranking needs); null when they have no variance.
 */
export type ProbeMoments = {
  sharpe: number
  skew: number
  kurtosis: number
  observations: number
}

/**
 * One strategy of a probe over one symbol: `index` into the specs the worker was given, its
 * statistics and every trade, or `stats: null` and the domain's `error` when it cannot run.
 */
export type ProbeRun = {
  index: number
  stats: BacktestStats | null
  trades: ProbeTrade[]
  moments: ProbeMoments | null
  error?: string
}

/** One variant whose per-bar returns are asked for: the caller's key and its parameters. */
export type ReturnsRun = { key: number; params: Record<string, number> }

/**
 * The per-bar returns (equity[t] / equity[t − 1] − 1) of a batch of variants: `returns` holds
 * `length` values per variant, variant `k` (key `keys[k]`) from `k × length`. Its buffer is
 * transferred, not copied.
 */
export type ReturnsBatch = { keys: number[]; length: number; returns: Float64Array; steps: number }

/**
 * Main thread → worker. A `grid` message (bars, the spec parsed once on the core thread and the
 * axes) precedes that grid's batches on every worker; port order guarantees it arrives first.
 * A batch names grid indexes only: the worker derives each point's parameters from the axes.
 * A `backtest` message is one whole run (curves and trades) of a spec parsed at the boundary,
 * answered by `result`, or `failed` with the domain's error (or an unexpected one as `internal`);
 * a `fresh-series` message groups the new series of an import, answered by `grouped` or `failed`.
 * A `returns` message, after a `grid` message with no axes, names variants by their parameters
 * (a stored job's variables) and is answered by `series`: each variant's per-bar returns, or
 * `failed` with the domain's error when one of them cannot run. An `overfit` message (variants'
 * returns packed as a `ReturnsBatch` packs them, transferred) is answered by `overfitting` (PBO
 * and the best variant's statistics) or `failed`. A `probe` message (bars and the specs of a
 * probe's strategies, parsed once on the core thread) precedes `probe-batch` messages naming
 * specs by index, each answered by `probed`: statistics and every trade per strategy. A `points`
 * message, after a `grid` message with no axes, names variants by their parameters (an
 * optimiser's asks) and is answered by `results`, each run's `index` the variant's key.
 */
export type EngineRequest =
  | { type: 'grid'; job: number; bars: SharedBars; spec: ParsedBacktestSpec; axes: GridAxis[] }
  | { type: 'batch'; job: number; indexes: number[] }
  | { type: 'end'; job: number }
  | { type: 'backtest'; job: number; bars: SharedBars; spec: ParsedBacktestSpec }
  | { type: 'fresh-series'; job: number; columns: FreshSeriesColumns }
  | { type: 'returns'; job: number; runs: ReturnsRun[] }
  | { type: 'probe'; job: number; bars: SharedBars; specs: ParsedBacktestSpec[] }
  | { type: 'probe-batch'; job: number; indexes: number[] }
  | { type: 'points'; job: number; runs: ReturnsRun[] }
  | {
      type: 'overfit'
      job: number
      returns: Float64Array
      variants: number
      length: number
      blocks: number
    }

/** Worker → main thread. */
export type EngineReply =
  | { type: 'results'; job: number; runs: GridRun[]; steps: number }
  | { type: 'fatal'; job: number; message: string }
  | { type: 'result'; job: number; result: BacktestResult }
  | { type: 'failed'; job: number; error: DomainError }
  | { type: 'grouped'; job: number; grouping: FreshSeriesGrouping }
  | { type: 'series'; job: number; series: ReturnsBatch }
  | { type: 'overfitting'; job: number; answer: OverfitAnswer }
  | { type: 'probed'; job: number; runs: ProbeRun[]; steps: number }
