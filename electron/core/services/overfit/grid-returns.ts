// The per-period returns of every run of a stored batch job. Runs store their statistics, not
// their curves, so each run is simulated again from the job's bars, spec and variables: the
// engine is deterministic, so the equity is the one the statistics came from.
import type { Handle } from '../../../../db/query'
import { getJob, storedRuns } from '../../../../db/repos/batch-repo'
import type { PboDto } from '../../contract/overfit'
import { ErrorCode } from '../../contract/errors'
import { backtestSpecSchema } from '../../contract/backtest-spec'
import { runBacktest } from '../../domain/backtest'
import {
  backtestOverfitting,
  selectionStatistics,
  type PboResult,
  type SelectionStatistics,
} from '../../domain/overfit'
import type { Result } from '../../domain/result'
import { AppError, toAppError } from '../../errors'
import { loadBars } from '../backtest/run'

/** Runs past which a job is not recomputed here (each is one full simulation). */
export const MAX_RECOMPUTED_RUNS = 5_000

/** A job's runs and their returns, one series per run (all of the job's bars). */
export type GridReturns = {
  runs: { runIndex: number; variables: Record<string, number> }[]
  series: Float64Array[]
}

/**
 * Every stored run of job `jobId` that did not fail, with its per-bar returns (equity[t] /
 * equity[t − 1] − 1). `not-found` for an unknown job, `invalid-input` past `MAX_RECOMPUTED_RUNS`.
 */
export async function gridReturns(db: Handle, jobId: string): Promise<GridReturns> {
  const job = await getJob(db, jobId)
  if (!job) throw new AppError(ErrorCode.NotFound, `No batch job ${jobId}`)
  if (job.completed > MAX_RECOMPUTED_RUNS) {
    throw new AppError(
      ErrorCode.InvalidInput,
      `Job ${jobId} has ${job.completed} runs; at most ${MAX_RECOMPUTED_RUNS} are recomputed for PBO`,
    )
  }
  const bars = await loadBars(db, job.request.symbol, job.request.timeframe)
  // The job's spec comes from its database row: parsed here once, as a resumed job parses it.
  const stored = backtestSpecSchema.safeParse(job.request.spec)
  if (!stored.success) {
    throw new AppError(ErrorCode.Internal, `Batch job ${jobId} holds an invalid spec`)
  }
  const spec = stored.data
  const out: GridReturns = { runs: [], series: [] }
  for await (const page of storedRuns(db, jobId)) {
    for (const run of page) {
      if (typeof run.metrics['error'] === 'string') continue
      const result = unwrap(
        runBacktest(bars, { ...spec, params: { ...spec.params, ...run.variables } }),
      )
      const equity = result.equity
      const returns = new Float64Array(Math.max(0, equity.length - 1))
      for (let t = 1; t < equity.length; t++) {
        returns[t - 1] = (equity[t] as number) / (equity[t - 1] as number) - 1
      }
      out.runs.push({ runIndex: run.runIndex, variables: run.variables })
      out.series.push(returns)
    }
  }
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
