// Orchestration of the batch channels: grid axes from a request, a job's DTO, and starting a job
// (new or resumed) on the core's job runner.
import {
  createJob,
  getJob,
  getVariableList,
  updateJob,
  type StoredJob,
} from '../../../../db/repos/batch-repo'
import { uuidv7 } from '../../../../db/uuidv7'
import { NUMERIC_METRICS, type NumericMetric } from '../../contract/backtest'
import type {
  BatchJobDto,
  BatchPreviewDto,
  BatchStatus,
  BatchSummaryDto,
} from '../../contract/backtest-batch'
import { ErrorCode } from '../../contract/errors'
import type { Deps } from '../../deps'
import {
  gridSize,
  planGrid,
  rangeValues,
  type GridAxis,
  type GridPlan,
  type ParsedBacktestSpec,
} from '../../domain/backtest'
import type { BarColumns } from '../../domain/market/bars'
import { validateGrid, validateGridSpec } from '../../engine'
import { AppError } from '../../errors'
import { batchGridWork } from '../../jobs/backtest-batch'
import { cancelServerJob, serverGridWork } from '../../jobs/server-batch'
import { requireSyncUrl } from '../../sync/connection'
import { syncEngineFor } from '../../sync/engine'
import type { JobRunner } from '../../jobs/runner'
import { backtestSpecSchema } from '../../contract/backtest-spec'
import { loadBars, specOf, strategyLabel, strategyOf, type RunRequest } from './run'
import type { Handle } from '../../../../db/query'

/** One axis of a `batch-run` request. */
export type AxisRequest =
  | { name: string; from: number; to: number; step: number }
  | { name: string; values: number[] }
  | { name: string; listId: string }

/** What a batch job stores as its request, beside the axes. */
type JobRequest = StoredJob['request'] & {
  /** How a `server` job is cut and leased (never its server's address). */
  server?: { chunkRuns: number; chunkTimeoutSeconds: number }
  cap: number
  rankBy: NumericMetric
  skipped?: number
  skipReason?: string | null
}

/** The `server` options of a `batch-run` request. */
type ServerRequest = { url?: string | undefined; chunkRuns: number; chunkTimeoutSeconds: number }

/**
 * The server a `server` job goes to: the one given, else the sync server's (`not-found` when
 * none is configured). The address is never stored with the job.
 */
async function workServerUrl(deps: Deps, url: string | undefined): Promise<string> {
  return requireSyncUrl(deps, syncEngineFor(deps), url)
}

/** A job, or `not-found`. */
export async function requireJob(pg: Handle, jobId: string): Promise<StoredJob> {
  const job = await getJob(pg, jobId)
  if (!job) throw new AppError(ErrorCode.NotFound, `No batch job ${jobId}`)
  return job
}

/** A stored job as its DTO, with the status it has in this process. */
export function jobDto(jobs: JobRunner, job: StoredJob): BatchJobDto {
  const request = job.request as JobRequest
  return {
    id: job.id,
    name: job.name,
    status: jobs.statusOf(job.id, job.status) as BatchStatus,
    kind: job.kind === 'server' ? 'server' : 'local',
    symbol: request.symbol,
    timeframe: request.timeframe,
    strategy: strategyLabel(request.spec.strategy),
    total: job.total,
    completed: job.completed,
    truncated: job.truncated,
    skipped: request.skipped ?? 0,
    skipReason: request.skipReason ?? null,
    axes: job.axes,
    summary: job.summary as BatchSummaryDto | null,
    error: job.error,
    createdAt: job.createdAt,
    completedAt: job.completedAt,
  }
}

/** The axes of a request: ranges expanded, saved lists read; a name given twice is refused. */
export async function axesOf(pg: Handle, grid: AxisRequest[]): Promise<GridAxis[]> {
  const axes: GridAxis[] = []
  const names = new Set<string>()
  for (const [i, axis] of grid.entries()) {
    if (names.has(axis.name)) {
      throw new AppError(ErrorCode.InvalidInput, `Grid variable ${axis.name} appears twice`, {
        issues: [{ path: ['grid', i, 'name'], message: 'duplicate variable' }],
      })
    }
    names.add(axis.name)
    if ('values' in axis) axes.push({ name: axis.name, values: axis.values })
    else if ('listId' in axis) axes.push({ name: axis.name, values: await listValues(pg, axis, i) })
    else {
      if (axis.to < axis.from) {
        throw new AppError(ErrorCode.InvalidInput, `Grid ${axis.name}: to must be ≥ from`, {
          issues: [{ path: ['grid', i, 'to'], message: 'must be ≥ from' }],
        })
      }
      axes.push({ name: axis.name, values: rangeValues(axis.from, axis.to, axis.step) })
    }
  }
  return axes
}

async function listValues(pg: Handle, axis: { listId: string }, i: number): Promise<number[]> {
  const list = await getVariableList(pg, axis.listId)
  if (!list) throw new AppError(ErrorCode.NotFound, `No variable list ${axis.listId}`)
  const values = list.values.filter((v): v is number => typeof v === 'number')
  if (values.length !== list.values.length) {
    throw new AppError(
      ErrorCode.InvalidInput,
      `Variable list ${list.name} holds non-numbers; a grid needs numbers`,
      { issues: [{ path: ['grid', i, 'listId'], message: 'list holds non-numbers' }] },
    )
  }
  return values
}

/**
 * Creates a batch job from a request (parsed by its channel) and starts it: the spec is checked
 * once against the bars (a bad request fails here instead of leaving a failed job behind), the
 * grid planned, the job stored as running. Answers when the job started, or when it ended if
 * `wait`.
 */
export async function createBatch(
  deps: Deps,
  input: RunRequest & {
    name?: string | undefined
    grid: AxisRequest[]
    cap: number
    where?: 'local' | 'server'
    server?: ServerRequest | undefined
  },
  wait: boolean,
): Promise<StoredJob> {
  const isServer = input.where === 'server'
  // Resolved before anything is stored: a job with no server to go to is refused, not left behind.
  const serverUrl = isServer ? await workServerUrl(deps, input.server?.url) : null
  const { spec } = await specOf(deps.db, input)
  const axes = await axesOf(deps.db, input.grid)
  const bars = await loadBars(deps.db, input.symbol, input.timeframe)
  const parsed = validateGrid(bars, spec, axes)
  const plan = planOf(axes, parsed, input.cap)
  const label = strategyLabel(spec.strategy)
  const request: JobRequest = {
    symbol: input.symbol,
    timeframe: input.timeframe,
    spec,
    cap: input.cap,
    rankBy: 'sharpe',
    skipped: plan.invalid.size,
    skipReason: plan.skipReason,
    ...(isServer
      ? {
          server: {
            chunkRuns: input.server?.chunkRuns ?? 256,
            chunkTimeoutSeconds: input.server?.chunkTimeoutSeconds ?? 300,
          },
        }
      : {}),
  }
  const job = await createJob(deps.db, {
    kind: isServer ? 'server' : 'local',
    id: uuidv7(),
    name:
      input.name ??
      `${label} on ${input.symbol} ${input.timeframe}: ${axes.map((a) => a.name).join(' × ')}`,
    total: plan.total,
    truncated: plan.truncated,
    axes,
    request,
    startDate: typeof input.from === 'string' ? input.from.slice(0, 10) : null,
    endDate: typeof input.to === 'string' ? input.to.slice(0, 10) : null,
  })
  return startGrid(deps, job, { bars, spec: parsed, plan }, wait, serverUrl)
}

/**
 * What `createBatch` would run for the same strategy, parameters, grid and cap, from the checks
 * it makes that need no bars: the same plan, so the counts equal the job's.
 */
export async function previewBatch(
  pg: Handle,
  input: Pick<RunRequest, 'strategy' | 'params'> & { grid: AxisRequest[]; cap: number },
): Promise<BatchPreviewDto> {
  const { strategy } = await strategyOf(pg, input.strategy)
  const axes = await axesOf(pg, input.grid)
  const plan = planOf(axes, validateGridSpec({ strategy, params: input.params }, axes), input.cap)
  return {
    points: gridSize(axes),
    runs: plan.total,
    skipped: plan.invalid.size,
    skipReason: plan.skipReason,
    truncated: plan.truncated,
  }
}

/** Starts (or resumes) a stored job's grid on the runner; answers at once or, if `wait`, at its end. */
async function startGrid(
  deps: Deps,
  job: StoredJob,
  grid: { bars: BarColumns; spec: ParsedBacktestSpec; plan: GridPlan },
  wait: boolean,
  serverUrl: string | null,
): Promise<StoredJob> {
  const request = job.request as JobRequest
  const batch = {
    name: job.name,
    bars: grid.bars,
    spec: grid.spec,
    axes: job.axes,
    engineCap: grid.plan.engineCap,
    invalid: grid.plan.invalid,
    rankBy: request.rankBy,
  }
  const finished = deps.jobs.start(
    job.id,
    serverUrl === null
      ? batchGridWork(deps.db, deps.jobs.gridPool, batch)
      : serverGridWork(deps.db, batch, { url: serverUrl, ...request.server }),
  )
  if (wait) await finished
  return requireJob(deps.db, job.id)
}

/** The grid plan of a parsed spec: built-ins declare parameter orders, rule strategies none. */
function planOf(
  axes: GridAxis[],
  spec: Pick<ParsedBacktestSpec, 'strategy' | 'params'>,
  cap: number,
): GridPlan {
  return planGrid(axes, typeof spec.strategy === 'string' ? spec.strategy : null, spec.params, cap)
}

/**
 * A stored job's spec, parsed once by its reader (a resume, a recomputation of its runs): the
 * row is data from disk, not a request. `internal` when it no longer parses.
 */
export function storedSpecOf(job: StoredJob): ParsedBacktestSpec {
  const stored = backtestSpecSchema.safeParse(job.request.spec)
  if (!stored.success) {
    throw new AppError(ErrorCode.Internal, `Batch job ${job.id} holds an invalid spec`)
  }
  return stored.data
}

/**
 * Continues a stored job from the runs not yet stored (an interrupted, cancelled or failed one).
 * `conflict` when it runs here already or has completed.
 */
export async function resumeBatch(deps: Deps, job: StoredJob, wait: boolean): Promise<StoredJob> {
  if (deps.jobs.isRunning(job.id))
    throw new AppError(ErrorCode.Conflict, `Batch job ${job.id} is already running`)
  if (job.status === 'completed')
    throw new AppError(ErrorCode.Conflict, `Batch job ${job.id} is already completed`)
  const request = job.request as JobRequest
  const bars = await loadBars(deps.db, request.symbol, request.timeframe)
  // The job's spec comes from its database row (not from the resume request).
  const parsed = validateGrid(bars, storedSpecOf(job), job.axes)
  const serverUrl = job.kind === 'server' ? await workServerUrl(deps, undefined) : null
  return startGrid(
    deps,
    job,
    { bars, spec: parsed, plan: planOf(job.axes, parsed, request.cap) },
    wait,
    serverUrl,
  )
}

/**
 * Stops a job: the one running here is cancelled (its stored runs stay); one left running or
 * interrupted by a process that is gone is marked cancelled; anything else is a `conflict`.
 */
export async function cancelBatch(deps: Deps, job: StoredJob): Promise<StoredJob> {
  if (await deps.jobs.cancel(job.id)) return requireJob(deps.db, job.id)
  if (job.status !== 'running' && job.status !== 'interrupted') {
    throw new AppError(ErrorCode.Conflict, `Batch job ${job.id} is ${job.status}, not running`)
  }
  if (job.kind === 'server') {
    // Its chunks may still wait on the server: take them off (workers would run them for no one).
    // A server out of reach does not keep the job from being cancelled here; a resume re-queues
    // what is not done either way.
    await workServerUrl(deps, undefined)
      .then((url) => cancelServerJob(url, job.id))
      .catch(() => undefined)
  }
  await updateJob(deps.db, job.id, { status: 'cancelled' })
  return requireJob(deps.db, job.id)
}

/**
 * The sort of a `batch-runs` query: by a variable of the job or a numeric metric; anything else
 * is `invalid-input`.
 */
export function runsSortOf(
  job: StoredJob,
  sort: { by: string; dir: 'asc' | 'desc' } | undefined,
): { by: string; dir: 'asc' | 'desc'; isVariable: boolean } | undefined {
  if (!sort) return undefined
  const isVariable = job.axes.some((a) => a.name === sort.by)
  if (!isVariable && !(NUMERIC_METRICS as readonly string[]).includes(sort.by)) {
    throw new AppError(
      ErrorCode.InvalidInput,
      `Cannot sort by ${sort.by}: not a metric or a variable of this job`,
      { issues: [{ path: ['sort', 'by'], message: 'unknown metric or variable' }] },
    )
  }
  return { by: sort.by, dir: sort.dir, isVariable }
}

/** The two axes of a heatmap: two different variables of the job, else `invalid-input`. */
export function heatmapAxes(job: StoredJob, x: string, y: string): [GridAxis, GridAxis] {
  const names = job.axes.map((a) => a.name).join(', ')
  const find = (name: string, key: 'x' | 'y'): GridAxis => {
    const axis = job.axes.find((a) => a.name === name)
    if (!axis) {
      throw new AppError(
        ErrorCode.InvalidInput,
        `${key}: ${name} is not a variable of this job (${names})`,
        { issues: [{ path: [key], message: 'unknown variable' }] },
      )
    }
    return axis
  }
  const axes: [GridAxis, GridAxis] = [find(x, 'x'), find(y, 'y')]
  if (x === y) {
    throw new AppError(ErrorCode.InvalidInput, 'x and y must be different variables', {
      issues: [{ path: ['y'], message: 'same as x' }],
    })
  }
  return axes
}
