// The per-period returns of every run of a stored batch job. Runs store their statistics, not
// their curves, so each run is simulated again from the job's bars, spec and variables: the
// engine is deterministic, so the equity is the one the statistics came from. The simulations
// and the statistics run on the engine workers; this thread only reads the job and collects.
import type { Handle } from '../../../../db/query'
import { storedRuns } from '../../../../db/repos/batch-repo'
import type { PboDto } from '../../contract/overfit'
import { ErrorCode } from '../../contract/errors'
import type { Deps } from '../../deps'
import type { EnginePool, ReturnsRun } from '../../engine'
import { AppError } from '../../errors'
import { requireJob, storedSpecOf } from '../backtest/batch'
import { loadBars } from '../backtest/run'

/** Runs past which a job is not recomputed here (each is one full simulation). */
export const MAX_RECOMPUTED_RUNS = 5_000

/** A job's runs and their returns: `length` per run, run after run in `returns`. */
export type GridReturns = {
  runs: { runIndex: number; variables: Record<string, number> }[]
  length: number
  returns: Float64Array
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
  const runs: GridReturns['runs'] = []
  const asked: ReturnsRun[] = []
  for await (const page of storedRuns(db, jobId)) {
    for (const run of page) {
      if (typeof run.metrics['error'] === 'string') continue
      asked.push({ key: runs.length, params: run.variables })
      runs.push({ runIndex: run.runIndex, variables: run.variables })
    }
  }
  // Batches come back in completion order; each lands at its runs' places in one buffer.
  let length = 0
  let returns = new Float64Array(0)
  const batchSize = Math.max(8, Math.min(64, Math.ceil(asked.length / (pool.size * 4))))
  await pool.returns(
    { bars, spec, runs: asked, batchSize },
    (batch) => {
      if (returns.length === 0 && batch.length > 0) {
        length = batch.length
        returns = new Float64Array(asked.length * length)
      }
      for (const [k, key] of batch.keys.entries()) {
        returns.set(batch.returns.subarray(k * length, (k + 1) * length), key * length)
      }
    },
    signal,
  )
  return { runs, length, returns }
}

/** Options of the PBO answers. */
export type PboOptions = { blocks: number; logits: boolean }

/**
 * PBO and the best run's statistics of a stored batch job (`gridReturns`), the simulations on the
 * core's grid workers and the statistics on its run worker: this thread only reads and collects.
 * `cancelled` when `signal` aborts (the workers stop mid-run).
 */
export async function pboOfJob(
  deps: Pick<Deps, 'db' | 'jobs'>,
  jobId: string,
  options: PboOptions,
  signal?: AbortSignal,
): Promise<PboDto> {
  const grid = await gridReturns(deps.db, deps.jobs.gridPool, jobId, signal)
  const labels = grid.runs.map((r) => ({ index: r.runIndex, variables: r.variables }))
  return pboOf(deps.jobs.runPool, grid.returns, grid.length, labels, { ...options, jobId }, signal)
}

/**
 * PBO and the best variant's statistics of a returns matrix (one row per period), on `pool`;
 * `cancelled` when `signal` aborts.
 */
export function pboOfReturns(
  pool: EnginePool,
  rows: readonly (readonly number[])[],
  options: PboOptions,
  signal?: AbortSignal,
): Promise<PboDto> {
  const variants = rows[0]?.length ?? 0
  const length = rows.length
  const returns = new Float64Array(variants * length)
  for (let j = 0; j < variants; j++) {
    for (let t = 0; t < length; t++) returns[j * length + t] = rows[t]?.[j] ?? NaN
  }
  const labels = Array.from({ length: variants }, (_, index) => ({ index, variables: null }))
  return pboOf(pool, returns, length, labels, { ...options, jobId: null }, signal)
}

// The PBO answer of variant series packed in `returns` (`length` each) and their labels; the
// statistics run on `pool`, which takes `returns` over.
async function pboOf(
  pool: EnginePool,
  returns: Float64Array,
  length: number,
  labels: { index: number; variables: Record<string, number> | null }[],
  options: PboOptions & { jobId: string | null },
  signal?: AbortSignal,
): Promise<PboDto> {
  if (labels.length < 2) {
    throw new AppError(ErrorCode.InvalidInput, 'PBO needs at least 2 variants with returns')
  }
  const { pbo, selection: sel } = await pool.overfit(
    returns,
    labels.length,
    length,
    options.blocks,
    signal,
  )
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
