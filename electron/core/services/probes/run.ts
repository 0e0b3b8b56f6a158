// Orchestration of the probe-run channels: the catalogue rows a selection names, their rules
// checked once at this reader (the `details` column is data from disk, not a request), the
// symbols, starting and resuming a probe job, and the leaderboard of its stored results.
import {
  createJob,
  getJob,
  listJobs,
  updateJob,
  type StoredJob,
} from '../../../../db/repos/batch-repo'
import { listSeries, readBars } from '../../../../db/repos/market-repo'
import {
  probeStrategiesById,
  readProbeResults,
  selectProbeStrategies,
  type ProbeResultRow,
  type ProbeStrategyRow,
} from '../../../../db/repos/probe-results-repo'
import { uuidv7 } from '../../../../db/uuidv7'
import type { BacktestRunDto } from '../../contract/backtest'
import type { BatchStatus } from '../../contract/backtest-batch'
import { ordersSchema, rulesStrategySchema } from '../../contract/backtest-spec'
import { ErrorCode } from '../../contract/errors'
import type { ProbeJobDto } from '../../contract/probes'
import type { Deps } from '../../deps'
import type { Commission, Orders, ParsedBacktestSpec } from '../../domain/backtest'
import type { ProbePoint } from '../../domain/probes/leaderboard'
import { AppError } from '../../errors'
import { probeWork, type ProbeStrategy } from '../../jobs/probe'
import type { JobRunner } from '../../jobs/runner'
import { loadBars, runDtoOf } from '../backtest/run'
import type { Handle } from '../../../../db/query'

/** What a probe request holds, as its channel parsed it. */
export type ProbeRequest = {
  family?: string | undefined
  names?: string[] | undefined
  symbols?: string[] | undefined
  timeframe: string
  from?: string | undefined
  to?: string | undefined
  cash: number
  commission: Commission
  spread: number
  slippage: number
  name?: string | undefined
}

/** What a probe job stores as its request: the resolved strategies and symbols, the period, costs. */
type ProbeJobRequest = {
  timeframe: string
  family: string | null
  strategyIds: number[]
  symbols: string[]
  from: string | null
  to: string | null
  cash: number
  commission: Commission
  spread: number
  slippage: number
}

const BASE_ORDERS: Orders = { entry: 'market', entryOffsetPct: 0 }

function requestOf(job: StoredJob): ProbeJobRequest {
  return job.request as unknown as ProbeJobRequest
}

/** A probe job, or `not-found`. */
export async function requireProbe(pg: Handle, jobId: string): Promise<StoredJob> {
  const job = await getJob(pg, jobId, 'probe')
  if (!job) throw new AppError(ErrorCode.NotFound, `No probe run ${jobId}`)
  return job
}

/** Every probe job, newest first. */
export async function listProbes(pg: Handle): Promise<StoredJob[]> {
  return listJobs(pg, 'probe')
}

/** A stored probe job as its DTO, with the status it has in this process. */
export function probeDto(jobs: JobRunner, job: StoredJob): ProbeJobDto {
  const r = requestOf(job)
  return {
    id: job.id,
    name: job.name,
    status: jobs.statusOf(job.id, job.status) as BatchStatus,
    timeframe: r.timeframe,
    from: r.from,
    to: r.to,
    family: r.family,
    strategies: r.strategyIds.length,
    symbols: r.symbols,
    total: job.total,
    completed: job.completed,
    summary: job.summary,
    error: job.error,
    createdAt: job.createdAt,
    completedAt: job.completedAt,
  }
}

/**
 * A catalogue row's spec: its rules and orders checked once here (they come from a database
 * column), the run's period and costs around them. `internal` when a stored rule does not parse.
 */
export function probeSpecOf(row: ProbeStrategyRow, r: ProbeJobRequest): ParsedBacktestSpec {
  const details = (row.details ?? {}) as { rules?: unknown; orders?: unknown }
  const rules = rulesStrategySchema.safeParse(details.rules)
  const orders = ordersSchema.partial().safeParse(details.orders ?? {})
  if (!rules.success || !orders.success) {
    throw new AppError(ErrorCode.Internal, `Catalogue strategy ${row.name} holds an invalid rule`)
  }
  const extra = Object.fromEntries(
    Object.entries(orders.data).filter(([, v]) => v !== undefined),
  ) as Partial<Orders>
  return {
    strategy: rules.data,
    params: {},
    cash: r.cash,
    commission: r.commission,
    spread: r.spread,
    slippage: r.slippage,
    margin: 1,
    sizing: { type: 'all' },
    units: 'whole',
    orders: { ...BASE_ORDERS, ...extra },
    finalizeTrades: true,
    statsConvention: '0.6.6',
    ...(r.from === null ? {} : { from: r.from }),
    ...(r.to === null ? {} : { to: r.to }),
  }
}

/**
 * Creates a probe job from a request and starts it: the strategies and symbols are resolved now
 * (the job keeps their ids and names, so a resume runs the same set), every rule is checked once.
 */
export async function createProbe(
  deps: Deps,
  input: ProbeRequest,
  wait: boolean,
): Promise<StoredJob> {
  const rows = await selectProbeStrategies(deps.db, { family: input.family, names: input.names })
  if (input.names) {
    const missing = input.names.filter((n) => !rows.some((r) => r.name === n))
    if (missing.length) {
      throw new AppError(ErrorCode.NotFound, `No catalogue strategy ${missing.join(', ')}`)
    }
  }
  if (rows.length === 0) {
    throw new AppError(
      ErrorCode.NotFound,
      input.family ? `No catalogue strategy of family ${input.family}` : 'The catalogue is empty',
    )
  }
  const stored = (await listSeries(deps.db, { timeframe: input.timeframe })).map((s) => s.symbol)
  const symbols = input.symbols ? [...new Set(input.symbols)] : stored
  const unknown = symbols.filter((s) => !stored.includes(s))
  if (symbols.length === 0 || unknown.length) {
    throw new AppError(
      ErrorCode.NotFound,
      unknown.length
        ? `No ${input.timeframe} bars stored for ${unknown.join(', ')}; import them first`
        : `No ${input.timeframe} bars stored; import some first`,
    )
  }
  const request: ProbeJobRequest = {
    timeframe: input.timeframe,
    family: input.family ?? null,
    strategyIds: rows.map((r) => r.id),
    symbols,
    from: input.from ?? null,
    to: input.to ?? null,
    cash: input.cash,
    commission: input.commission,
    spread: input.spread,
    slippage: input.slippage,
  }
  const strategies = rows.map((row) => ({
    id: row.id,
    name: row.name,
    spec: probeSpecOf(row, request),
  }))
  const job = await createJob(deps.db, {
    id: uuidv7(),
    kind: 'probe',
    name:
      input.name ??
      `${input.family ?? (input.names ? 'selected' : 'all')} × ${symbols.length} symbols ${input.timeframe}`,
    total: strategies.length * symbols.length,
    truncated: false,
    axes: [],
    request: request as unknown as StoredJob['request'],
    startDate: request.from?.slice(0, 10) ?? null,
    endDate: request.to?.slice(0, 10) ?? null,
  })
  return startProbe(deps, job, strategies, wait)
}

function startProbe(
  deps: Deps,
  job: StoredJob,
  strategies: ProbeStrategy[],
  wait: boolean,
): Promise<StoredJob> {
  const r = requestOf(job)
  const finished = deps.jobs.start(
    job.id,
    probeWork(deps.db, deps.jobs.gridPool, {
      name: job.name,
      strategies,
      symbols: r.symbols,
      loadBars: (symbol) => readBars(deps.db, { symbol, timeframe: r.timeframe }),
    }),
  )
  return (wait ? finished : Promise.resolve()).then(() => requireProbe(deps.db, job.id))
}

/**
 * Continues a stored probe from the pairs not yet stored. `conflict` when it runs here already or
 * has completed.
 */
export async function resumeProbe(deps: Deps, job: StoredJob, wait: boolean): Promise<StoredJob> {
  if (deps.jobs.isRunning(job.id)) {
    throw new AppError(ErrorCode.Conflict, `Probe run ${job.id} is already running`)
  }
  if (job.status === 'completed') {
    throw new AppError(ErrorCode.Conflict, `Probe run ${job.id} is already completed`)
  }
  const r = requestOf(job)
  const rows = await probeStrategiesById(deps.db, r.strategyIds)
  const strategies = rows.map((row) => ({ id: row.id, name: row.name, spec: probeSpecOf(row, r) }))
  return startProbe(deps, job, strategies, wait)
}

/** Stops a probe (see `cancelBatch`): stored results stay; `conflict` when it is not running. */
export async function cancelProbe(deps: Deps, job: StoredJob): Promise<StoredJob> {
  if (await deps.jobs.cancel(job.id)) return requireProbe(deps.db, job.id)
  if (job.status !== 'running' && job.status !== 'interrupted') {
    throw new AppError(ErrorCode.Conflict, `Probe run ${job.id} is ${job.status}, not running`)
  }
  await updateJob(deps.db, job.id, { status: 'cancelled' })
  return requireProbe(deps.db, job.id)
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

/** A stored result as the leaderboard reads it. */
export function probePointOf(row: ProbeResultRow): ProbePoint {
  const m = row.metrics
  const moments = m.moments as ProbePoint['moments'] | undefined
  return {
    strategy: row.strategy,
    displayName: row.displayName,
    family: row.family,
    symbol: row.symbol,
    sharpe: row.sharpeRatio,
    returnPct: num(m.returnPct),
    buyHoldReturnPct: num(m.buyHoldReturnPct),
    maxDrawdownPct: row.maxDrawdown,
    trades: row.totalTrades,
    moments: moments ?? null,
    error: typeof m.error === 'string' ? m.error : null,
  }
}

/** Every stored result of a run as leaderboard points. */
export async function probePoints(pg: Handle, jobId: string): Promise<ProbePoint[]> {
  return (await readProbeResults(pg, jobId)).map(probePointOf)
}

/**
 * One symbol × strategy of a run as a full backtest on an engine worker (curves and trades, not
 * stored), for its drill-down: the catalogue rule as stored, the run's period and costs.
 * `not-found` when the run did not include them.
 */
export async function probeDrill(
  deps: Deps,
  job: StoredJob,
  symbol: string,
  strategy: string,
): Promise<BacktestRunDto> {
  const r = requestOf(job)
  if (!r.symbols.includes(symbol)) {
    throw new AppError(ErrorCode.NotFound, `Probe run ${job.id} did not run on ${symbol}`)
  }
  const row = (await probeStrategiesById(deps.db, r.strategyIds)).find((s) => s.name === strategy)
  if (!row) throw new AppError(ErrorCode.NotFound, `Probe run ${job.id} did not run ${strategy}`)
  const spec = probeSpecOf(row, r)
  const bars = await loadBars(deps.db, symbol, r.timeframe)
  const result = await deps.jobs.runPool.backtest(bars, spec)
  const { from: _from, to: _to, ...rest } = spec
  return runDtoOf(
    {
      ...rest,
      symbol,
      timeframe: r.timeframe,
      ...(r.from === null ? {} : { from: r.from }),
      ...(r.to === null ? {} : { to: r.to }),
    },
    spec,
    result,
  )
}
