// Orchestration of the optimise channels: a request's search space, bars and spec; starting,
// resuming and cancelling optimiser and walk-forward jobs on the core's job runner; their DTOs.
import { updateJob } from '../../../../db/repos/batch-repo'
import {
  createLabJob,
  getLabJob,
  getOptimisationRun,
  storedIndividuals,
} from '../../../../db/repos/optimisation-repo'
import { uuidv7 } from '../../../../db/uuidv7'
import type { NumericMetric } from '../../contract/backtest'
import type { BatchStatus } from '../../contract/backtest-batch'
import { backtestSpecSchema } from '../../contract/backtest-spec'
import { ErrorCode } from '../../contract/errors'
import type { ConvergencePointDto, OptimiseJobDto, WalkForwardDto } from '../../contract/optimise'
import type { Deps } from '../../deps'
import { sliceBars, type ParsedBacktestSpec } from '../../domain/backtest'
import {
  planWindows,
  spaceOf,
  type OptimiserMethod,
  type ParamSpace,
  type RangeOverride,
} from '../../domain/optimise'
import { validateGrid } from '../../engine'
import { AppError, toAppError } from '../../errors'
import {
  optimiseWork,
  walkForwardWork,
  type OptimiseSymbol,
  type WalkForwardSummary,
} from '../../jobs/optimise'
import { loadBars, specOf, strategyLabel, type RunRequest } from './run'

/** What an optimiser request carries beside the backtest request (as its channel parsed it). */
export type OptimiseRequest = RunRequest & {
  method: OptimiserMethod
  objective: NumericMetric
  direction: 'max' | 'min'
  seed: number
  budget: number
  population?: number | undefined
  ranges: RangeOverride[]
  constraints: { lower: string; upper: string }[]
  symbols?: string[]
  wait: boolean
}

/** The walk-forward fields of a request. */
export type WalkRequest = {
  inSample: number
  outOfSample: number
  step?: number | undefined
  anchored: boolean
}

/** What a lab job stores as its request (`batch_jobs.strategy_elements`). */
type StoredRequest = {
  symbol: string
  timeframe: string
  spec: ParsedBacktestSpec
  symbols: string[]
  method: OptimiserMethod
  objective: NumericMetric
  direction: 'max' | 'min'
  seed: number
  budget: number
  population: number | null
  ranges: RangeOverride[]
  constraints: { lower: string; upper: string }[]
  walk?: WalkRequest
}

type LabJob = NonNullable<Awaited<ReturnType<typeof getLabJob>>>

function spaceOfRequest(r: Pick<StoredRequest, 'spec' | 'ranges' | 'constraints'>): ParamSpace {
  const space = spaceOf(r.spec.strategy, r.spec.params, r.ranges, r.constraints)
  if (!space.ok) throw toAppError(space.error)
  return space.value
}

// The request's bars per symbol, cut to its range, with the spec checked once on the first
// symbol's bars (a bad spec fails here, not as a failed job) and its range taken off: the
// workers receive bars already cut.
async function symbolsOf(
  deps: Deps,
  r: Pick<StoredRequest, 'symbols' | 'timeframe' | 'spec'>,
): Promise<{ symbols: OptimiseSymbol[]; spec: ParsedBacktestSpec }> {
  const symbols: OptimiseSymbol[] = []
  for (const symbol of r.symbols) {
    const all = await loadBars(deps.db, symbol, r.timeframe)
    symbols.push({ symbol, bars: sliceBars(all, r.spec.from, r.spec.to) })
  }
  const { from: _from, to: _to, ...rest } = r.spec
  const spec = validateGrid((symbols[0] as OptimiseSymbol).bars, rest, [])
  return { symbols, spec }
}

function storedRequestOf(input: OptimiseRequest, spec: ParsedBacktestSpec): StoredRequest {
  return {
    symbol: input.symbol,
    timeframe: input.timeframe,
    spec,
    symbols: [...new Set([input.symbol, ...(input.symbols ?? [])])],
    method: input.method,
    objective: input.objective,
    direction: input.direction,
    seed: input.seed,
    budget: input.budget,
    population: input.population ?? null,
    ranges: input.ranges,
    constraints: input.constraints,
  }
}

function optionsOf(r: StoredRequest): { budget: number; population?: number } {
  return r.population === null
    ? { budget: r.budget }
    : { budget: r.budget, population: r.population }
}

/** A lab job of a kind, or `not-found`. */
export async function requireLabJob(
  deps: Deps,
  jobId: string,
  kind?: 'optimise' | 'walkforward',
): Promise<LabJob> {
  const job = await getLabJob(deps.db, jobId)
  if (!job || (kind ? job.kind !== kind : job.kind !== 'optimise' && job.kind !== 'walkforward')) {
    throw new AppError(ErrorCode.NotFound, `No ${kind ?? 'optimiser'} job ${jobId}`)
  }
  return job
}

// A job's stored request, parsed by its reader: the row is data from disk, not a request.
function requestOf(job: LabJob): StoredRequest {
  const request = job.request as StoredRequest
  const spec = backtestSpecSchema.safeParse(request.spec)
  if (!spec.success) throw new AppError(ErrorCode.Internal, `Job ${job.id} holds an invalid spec`)
  return { ...request, spec: spec.data }
}

function nameOf(r: StoredRequest, what: string): string {
  return `${what} ${strategyLabel(r.spec.strategy)} on ${r.symbols.join(', ')} ${r.timeframe}: ${r.direction} ${r.objective}`
}

async function start(deps: Deps, job: LabJob, wait: boolean): Promise<void> {
  const r = requestOf(job)
  const space = spaceOfRequest(r)
  const { symbols, spec } = await symbolsOf(deps, r)
  const objective = { metric: r.objective, direction: r.direction }
  const base = {
    method: r.method,
    options: optionsOf(r),
    seed: r.seed,
    space,
    objective,
    spec,
    symbols,
  }
  let finished: Promise<void>
  if (job.kind === 'walkforward' && r.walk) {
    const windows = planWindows((symbols[0] as OptimiseSymbol).bars.close.length, {
      inSample: r.walk.inSample,
      outOfSample: r.walk.outOfSample,
      step: r.walk.step,
      isAnchored: r.walk.anchored,
    })
    if (!windows.ok) throw toAppError(windows.error)
    const pools = { grid: deps.jobs.gridPool, run: deps.jobs.runPool }
    const work = walkForwardWork(deps.db, pools, {
      ...base,
      name: job.name,
      windows: windows.value,
    })
    finished = deps.jobs.start(job.id, work)
  } else {
    finished = deps.jobs.start(
      job.id,
      optimiseWork(deps.db, deps.jobs.gridPool, { ...base, name: job.name }),
    )
  }
  if (wait) await finished
}

/**
 * Creates an optimiser job from a parsed request and starts it: the space and the spec are
 * checked on the bars first (a bad request fails here instead of leaving a failed job), then the
 * job is stored as running under a new id, which is also its `optimization_runs` id.
 */
export async function createOptimise(deps: Deps, input: OptimiseRequest): Promise<string> {
  const { spec } = await specOf(deps.db, input)
  const r = storedRequestOf(input, spec)
  spaceOfRequest(r)
  await symbolsOf(deps, r)
  const id = uuidv7()
  await createLabJob(deps.db, {
    id,
    kind: 'optimise',
    name: nameOf(r, r.method),
    total: r.budget,
    request: r,
  })
  await start(deps, await requireLabJob(deps, id), input.wait)
  return id
}

/** Creates a walk-forward job (one symbol) from a parsed request and starts it. */
export async function createWalkForward(
  deps: Deps,
  input: OptimiseRequest & WalkRequest,
): Promise<string> {
  const { spec } = await specOf(deps.db, input)
  const r: StoredRequest = {
    ...storedRequestOf({ ...input, symbols: [] }, spec),
    walk: {
      inSample: input.inSample,
      outOfSample: input.outOfSample,
      step: input.step,
      anchored: input.anchored,
    },
  }
  spaceOfRequest(r)
  const { symbols } = await symbolsOf(deps, r)
  const windows = planWindows((symbols[0] as OptimiseSymbol).bars.close.length, {
    inSample: input.inSample,
    outOfSample: input.outOfSample,
    step: input.step,
    isAnchored: input.anchored,
  })
  if (!windows.ok) throw toAppError(windows.error)
  const id = uuidv7()
  await createLabJob(deps.db, {
    id,
    kind: 'walkforward',
    name: nameOf(r, `walk-forward ${r.method}`),
    total: windows.value.length,
    request: r,
  })
  await start(deps, await requireLabJob(deps, id), input.wait)
  return id
}

/**
 * Continues a stored optimiser or walk-forward (cancelled, interrupted or failed) from what it
 * stored. `conflict` when it runs here already or has completed.
 */
export async function resumeLab(deps: Deps, jobId: string, wait: boolean): Promise<LabJob> {
  const job = await requireLabJob(deps, jobId)
  if (deps.jobs.isRunning(job.id))
    throw new AppError(ErrorCode.Conflict, `Job ${job.id} is already running`)
  if (job.status === 'completed')
    throw new AppError(ErrorCode.Conflict, `Job ${job.id} is already completed`)
  await start(deps, job, wait)
  return requireLabJob(deps, jobId)
}

/** Stops a lab job: the one running here is cancelled; one left running elsewhere is marked so. */
export async function cancelLab(deps: Deps, jobId: string): Promise<LabJob> {
  const job = await requireLabJob(deps, jobId)
  if (await deps.jobs.cancel(job.id)) return requireLabJob(deps, jobId)
  if (job.status !== 'running' && job.status !== 'interrupted') {
    throw new AppError(ErrorCode.Conflict, `Job ${job.id} is ${job.status}, not running`)
  }
  await updateJob(deps.db, job.id, { status: 'cancelled' })
  return requireLabJob(deps, jobId)
}

/** A lab job's status as it stands in this process. */
export function statusOf(deps: Deps, job: LabJob): BatchStatus {
  return deps.jobs.statusOf(job.id, job.status) as BatchStatus
}

/** An optimiser job as its DTO: the job row, and its run's best and convergence as stored. */
export async function optimiseDto(deps: Deps, job: LabJob): Promise<OptimiseJobDto> {
  const r = requestOf(job)
  const run = await getOptimisationRun(deps.db, job.id)
  const evaluations = run ? (await storedIndividuals(deps.db, job.id)).length : 0
  return {
    id: job.id,
    name: job.name,
    status: statusOf(deps, job),
    method: r.method,
    objective: r.objective,
    direction: r.direction,
    symbols: r.symbols,
    timeframe: r.timeframe,
    strategy: strategyLabel(r.spec.strategy),
    seed: r.seed,
    budget: r.budget,
    evaluations,
    best: run?.bestIndividual ?? null,
    bestValue: run?.bestFitness ?? null,
    convergence: (run?.convergenceData ?? []) as ConvergencePointDto[],
    error: job.error,
    createdAt: job.createdAt,
    completedAt: job.completedAt,
  }
}

/** A walk-forward job as its DTO: its stored summary (the table, stitched equity, efficiency). */
export function walkForwardDto(deps: Deps, job: LabJob): WalkForwardDto {
  const r = requestOf(job)
  const summary = job.summary as WalkForwardSummary | null
  const walk = r.walk ?? { inSample: 0, outOfSample: 0, anchored: false }
  return {
    id: job.id,
    name: job.name,
    status: statusOf(deps, job),
    method: r.method,
    objective: r.objective,
    direction: r.direction,
    symbol: r.symbol,
    timeframe: r.timeframe,
    strategy: strategyLabel(r.spec.strategy),
    inSample: walk.inSample,
    outOfSample: walk.outOfSample,
    step: walk.step ?? walk.outOfSample,
    anchored: walk.anchored,
    windows: summary?.windows ?? [],
    stitched: summary?.stitched ?? null,
    efficiency: summary?.efficiency ?? null,
    error: job.error,
    createdAt: job.createdAt,
    completedAt: job.completedAt,
  }
}
