// The per-period returns of every run of a stored batch job. Runs store their statistics, not
// their curves, so each run is simulated again from the job's bars, spec and variables: the
// engine is deterministic, so the equity is the one the statistics came from. The simulations
// run on the engine workers, batch by batch; this thread only reads the job and collects.
import type { Handle } from '../../../../db/query'
import { storedRuns } from '../../../../db/repos/batch-repo'
import type { PboDto } from '../../contract/overfit'
import { ErrorCode } from '../../contract/errors'
import {
  backtestOverfitting,
  selectionStatistics,
  type PboResult,
  type SelectionStatistics,
} from '../../domain/overfit'
import type { Result } from '../../domain/result'
import type { EnginePool, ReturnsRun } from '../../engine'
import { AppError, toAppError } from '../../errors'
import { requireJob, storedSpecOf } from '../backtest/batch'
import { loadBars } from '../backtest/run'

/** Runs past which a job is not recomputed here (each is one full simulation). */
export const MAX_RECOMPUTED_RUNS = 5_000

/** A job's runs and their returns, one series per run (all of the job's bars). */
export type GridReturns = {
  runs: { runIndex: number; variables: Record<string, number> }[]
  series: Float64Array[]
}

/**
 * Every stored run of job `jobId` that did not fail, in run order, with its per-bar returns
 * (equity[t] / equity[t − 1] − 1), simulated on `pool`'s workers. `not-found` for an unknown job,
 * `invalid-input` past `MAX_RECOMPUTED_RUNS`, `cancelled` when `signal` aborts.
 */
export async function gridReturns(
  db: Handle,
  pool: EnginePool,
  jobId: string,
  signal?: AbortSignal,
): Promise<GridReturns> {
  const job = await requireJob(db, jobId)
  if (job.completed > MAX_RECOMPUTED_RUNS) {
    throw new AppError(
      ErrorCode.InvalidInput,
      `Job ${jobId} has ${job.completed} runs; at most ${MAX_RECOMPUTED_RUNS} are recomputed for PBO`,
    )
  }
  const spec = storedSpecOf(job)
  const bars = await loadBars(db, job.request.symbol, job.request.timeframe)
  const out: GridReturns = { runs: [], series: [] }
  const asked: ReturnsRun[] = []
  for await (const page of storedRuns(db, jobId)) {
    for (const run of page) {
      if (typeof run.metrics['error'] === 'string') continue
      asked.push({ key: out.runs.length, params: run.variables })
      out.runs.push({ runIndex: run.runIndex, variables: run.variables })
    }
  }
  // Batches come back in completion order; each variant's series is a view of its batch's buffer.
  const series: (Float64Array | undefined)[] = new Array<Float64Array | undefined>(asked.length)
  const batchSize = Math.max(8, Math.min(64, Math.ceil(asked.length / (pool.size * 4))))
  await pool.returns(
    { bars, spec, runs: asked, batchSize },
    (batch) => {
      for (const [k, key] of batch.keys.entries()) {
        series[key] = batch.returns.subarray(k * batch.length, (k + 1) * batch.length)
      }
    },
    signal,
  )
  out.series = series.map((s) => s ?? new Float64Array(0))
  return out
}

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw toAppError(result.error)
  return result.value
}

/** The PBO answer from variant series (one per variant, same periods) and their labels. */
export function pboOf(
  series: readonly (readonly number[] | Float64Array)[],
  labels: { index: number; variables: Record<string, number> | null }[],
  options: { jobId: string | null; blocks: number; logits: boolean },
): PboDto {
  if (series.length < 2) {
    throw new AppError(ErrorCode.InvalidInput, 'PBO needs at least 2 variants with returns')
  }
  const t = series[0]?.length ?? 0
  const matrix = Array.from({ length: t }, (_, i) => series.map((s) => s[i] as number))
  const pbo: PboResult = unwrap(backtestOverfitting(matrix, { blocks: options.blocks }))
  const sel: SelectionStatistics = unwrap(selectionStatistics(series.map((s) => Array.from(s))))
  const label = labels[sel.best]
  return {
    jobId: options.jobId,
    pbo: pbo.pbo,
    combinations: pbo.combinations,
    blocks: pbo.blocks,
    observations: pbo.observations,
    variants: pbo.variants,
    probOosLoss: pbo.probOosLoss,
    degradation: pbo.degradation,
    ...(options.logits ? { logits: pbo.logits } : {}),
    best: {
      index: label?.index ?? sel.best,
      variables: label?.variables ?? null,
      sharpe: sel.moments.sharpe,
      skew: sel.moments.skew,
      kurtosis: sel.moments.kurtosis,
      observations: sel.moments.observations,
      trials: sel.trials,
      sharpeVariance: sel.sharpeVariance,
      psr: sel.psr,
      dsr: sel.dsr,
      expectedMaxSharpe: sel.expectedMaxSharpe,
      minTrackRecord: sel.minTrackRecord,
    },
  }
}
