import { insertRuns, storedRuns, type RunRow } from '../../../db/repos/batch-repo'
import { NUMERIC_METRICS, type NumericMetric } from '../contract/backtest'
import { SummaryFold, type ParsedBacktestSpec } from '../domain/backtest'
import type { BarColumns } from '../domain/market/bars'
import { streamGrid, type EnginePool, type GridAxis, type GridRun } from '../engine'
import type { JobContext, JobWork } from './runner'
import type { Handle } from '../../../db/query'

/** Rows waiting to be stored past which the engine is held back until they are. */
const HIGH_WATER_ROWS = 4_096

/** What a batch grid job runs: stored bars, the spec parsed once, its axes and plan. */
export type BatchGrid = {
  name: string
  bars: BarColumns
  spec: ParsedBacktestSpec
  axes: GridAxis[]
  /** The cartesian prefix to walk, and the invalid indexes in it (never run). */
  engineCap: number
  invalid: ReadonlySet<number>
  rankBy: NumericMetric
}

function runRowOf(run: GridRun): RunRow {
  return {
    runIndex: run.index,
    variables: run.params,
    metrics: run.stats ? { ...run.stats } : { error: run.error ?? 'run failed' },
  }
}

/**
 * A batch grid as a job: runs the points not yet stored on the engine pool and stores them batch
 * by batch, holding the engine back when the store falls behind. The summary is folded on the
 * way (a resumed job first folds what it had stored, page by page); no run is kept once stored.
 */
export function batchGridWork(pg: Handle, pool: EnginePool, grid: BatchGrid): JobWork {
  const fold = new SummaryFold<NumericMetric>(grid.rankBy, NUMERIC_METRICS)
  let pending: RunRow[] = []
  let writing: Promise<void> | null = null
  let failure: Error | null = null
  // Progress counts stored runs, not computed ones: a bar at 100% means the runs are on disk.
  let stored = 0
  let planned = 0
  let report: (() => void) | null = null

  async function drain(jobId: string): Promise<void> {
    while (pending.length > 0) {
      const rows = pending
      pending = []
      await insertRuns(pg, jobId, rows)
      stored += rows.length
      report?.()
    }
  }

  function store(jobId: string, runs: GridRun[]): Promise<void> | undefined {
    // A failed write fails the grid: its rows are lost, so the job must not end as completed.
    if (failure !== null) return Promise.reject(failure)
    for (const run of runs) {
      if (grid.invalid.has(run.index)) continue
      const row = runRowOf(run)
      fold.add(row)
      pending.push(row)
    }
    writing ??= drain(jobId)
      .catch(
        (err: unknown) => void (failure ??= err instanceof Error ? err : new Error(String(err))),
      )
      .finally(() => (writing = null))
    return pending.length > HIGH_WATER_ROWS ? writing : undefined
  }

  async function run(ctx: JobContext): Promise<void> {
    const skip = new Set(grid.invalid)
    for await (const page of storedRuns(pg, ctx.jobId)) {
      for (const row of page) {
        skip.add(row.runIndex)
        fold.add(row)
        stored += 1
      }
    }
    // Invalid points count neither as done nor as planned.
    const skipped = grid.invalid.size
    report = () => ctx.progress(stored, planned, grid.name)
    try {
      await streamGrid(grid.bars, grid.spec, grid.axes, {
        cap: grid.engineCap,
        skip,
        pool,
        signal: ctx.signal,
        onRuns: (runs) => store(ctx.jobId, runs),
        onProgress: (p) => void (planned = Math.max(0, p.total - skipped)),
      })
    } finally {
      // Whatever ended the grid, the runs it answered are stored before the job's end state.
      while (writing) await writing
    }
    if (failure !== null) throw failure
    await drain(ctx.jobId)
  }

  return { kind: 'backtest-batch', run, summary: () => fold.result() }
}
