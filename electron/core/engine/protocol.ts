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

/** `workerData` of an engine worker. */
export type EngineWorkerData = { bars: SharedBars; baseSpec: BacktestSpec }

/** One finished grid run; `stats` is null when the parameter set was invalid. */
export type GridRun = {
  index: number
  params: Record<string, number>
  stats: BacktestStats | null
  error?: string
}

/** Main thread → worker. */
export type EngineRequest = { type: 'batch'; id: number; points: GridPoint[] }

/** Worker → main thread. */
export type EngineReply =
  | { type: 'results'; id: number; runs: GridRun[]; steps: number }
  | { type: 'fatal'; message: string }
