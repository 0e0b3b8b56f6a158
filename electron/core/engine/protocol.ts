import type { BacktestSpec, BacktestStats } from '../domain/backtest'
import type { GridPoint } from './grid'

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
 * Main thread → worker. A `job` message (bars and base spec of one grid) precedes that job's
 * batches on every worker; port order guarantees it arrives first.
 */
export type EngineRequest =
  | { type: 'job'; job: number; bars: SharedBars; baseSpec: BacktestSpec }
  | { type: 'batch'; job: number; points: GridPoint[] }
  | { type: 'end'; job: number }

/** Worker → main thread. */
export type EngineReply =
  | { type: 'results'; job: number; runs: GridRun[]; steps: number }
  | { type: 'fatal'; job: number; message: string }
