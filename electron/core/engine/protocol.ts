import type { BacktestResult, BacktestStats, ParsedBacktestSpec } from '../domain/backtest'
import type { DomainError } from '../domain/result'
import type { FreshSeriesColumns, FreshSeriesGrouping } from './fresh-series'
import type { GridAxis } from './grid'

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

/**
 * Main thread → worker. A `grid` message (bars, the spec parsed once on the core thread and the
 * axes) precedes that grid's batches on every worker; port order guarantees it arrives first.
 * A batch names grid indexes only: the worker derives each point's parameters from the axes.
<<<<<<< HEAD
 * A `backtest` message is one whole run (curves and trades), answered by `result` or `failed`;
 * a `fresh-series` message groups the new series of an import, answered by `grouped` or `failed`.
=======
 * A `backtest` message is one whole run (curves and trades) of a spec parsed at the boundary,
 * answered by `result`, or `failed` with the domain's error (or an unexpected one as `internal`).
>>>>>>> helper/spec
 */
export type EngineRequest =
  | { type: 'grid'; job: number; bars: SharedBars; spec: ParsedBacktestSpec; axes: GridAxis[] }
  | { type: 'batch'; job: number; indexes: number[] }
  | { type: 'end'; job: number }
  | { type: 'backtest'; job: number; bars: SharedBars; spec: ParsedBacktestSpec }
  | { type: 'fresh-series'; job: number; columns: FreshSeriesColumns }

/** Worker → main thread. */
export type EngineReply =
  | { type: 'results'; job: number; runs: GridRun[]; steps: number }
  | { type: 'fatal'; job: number; message: string }
  | { type: 'result'; job: number; result: BacktestResult }
  | { type: 'failed'; job: number; error: DomainError }
  | { type: 'grouped'; job: number; grouping: FreshSeriesGrouping }
