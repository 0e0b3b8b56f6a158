import { availableParallelism } from 'node:os'
import {
  deleteBacktest,
  deleteUserStrategy,
  getBacktest,
  getUserStrategy,
  insertBacktest,
  listBacktests,
  listUserStrategies,
  upsertUserStrategy,
  type StoredBacktest,
} from '../../../db/repos/backtest-repo'
import {
  allRuns,
  createJob,
  deleteJob,
  deleteVariableList,
  getJob,
  getVariableList,
  insertRuns,
  listJobs,
  listVariableLists,
  queryRuns,
  storedRunIndexes,
  updateJob,
  upsertVariableList,
  type RunRow,
  type StoredJob,
} from '../../../db/repos/batch-repo'
import { readBars } from '../../../db/repos/market-repo'
import { uuidv7 } from '../../../db/uuidv7'
import {
  NUMERIC_METRICS,
  type BacktestHandlers,
  type BacktestRunDto,
  type BacktestStatsDto,
  type BatchJobDto,
  type BatchStatus,
  type BatchSummaryDto,
  type NumericMetric,
} from '../contract/backtest'
import { ErrorCode } from '../contract/errors'
import type { Deps } from '../deps'
import {
  IndicatorCache,
  planRules,
  RuleError,
  ruleParams,
  rulesStrategySchema,
  runBacktest,
  strategyCatalogue,
  type BacktestSpec,
} from '../domain/backtest'
import type { BarColumns } from '../domain/market/bars'
import {
  expandGrid,
  planGrid,
  rangeValues,
  runGrid,
  type GridAxis,
  type GridPlan,
  type GridRun,
  validateGridSpec,
} from '../engine'
import { AppError } from '../errors'

/** The fields of `backtest-run` and `batch-run` that make up a backtest request. */
type RunInput = {
  symbol: string
  timeframe: string
  strategy: string | Record<string, unknown>
  params: Record<string, number>
  cash?: number | undefined
  commission?: number | Record<string, number> | undefined
  spread?: number | undefined
  slippage?: number | undefined
  margin?: number | undefined
  sizing?: Record<string, unknown> | undefined
  units?: 'whole' | 'fractional' | undefined
  orders?: Record<string, unknown> | undefined
  finalizeTrades?: boolean | undefined
  statsConvention?: '0.6.6' | '0.6.5' | undefined
  from?: string | undefined
  to?: string | undefined
}

type AxisInput =
  | { name: string; from: number; to: number; step: number }
  | { name: string; values: number[] }
  | { name: string; listId: string }

const USER_PREFIX = 'user:'

/**
 * Engine workers for a grid of `points`: no more than the grid keeps busy (16 points a batch at
 * least). The engine leaves the workers a grid used unreferenced when it ends, but a spawned
 * worker that got no batch stays referenced and keeps the process from exiting.
 */
function poolSizeFor(points: number): number {
  return Math.max(1, Math.min(availableParallelism(), Math.ceil(points / 16)))
}

/** The name a rule strategy object carries, or `custom`. */
function strategyLabel(strategy: unknown): string {
  const name = (strategy as { name?: unknown } | null)?.name
  return typeof name === 'string' ? name : 'custom'
}

function isNumericMetric(name: string): name is NumericMetric {
  return (NUMERIC_METRICS as string[]).includes(name)
}

/** The spec the engine receives: only the fields the caller set (the engine fills defaults). */
function specOf(input: RunInput, strategy: BacktestSpec['strategy']): BacktestSpec {
  const spec: Record<string, unknown> = { strategy, params: input.params }
  for (const key of [
    'cash',
    'commission',
    'spread',
    'slippage',
    'margin',
    'sizing',
    'units',
    'orders',
    'finalizeTrades',
    'statsConvention',
    'from',
    'to',
  ] as const) {
    if (input[key] !== undefined) spec[key] = input[key]
  }
  return spec as BacktestSpec
}

function toRunDto(stored: StoredBacktest): BacktestRunDto {
  return {
    id: stored.id,
    symbol: stored.symbol ?? '',
    timeframe: stored.timeframe ?? '',
    mode: stored.semantics.mode,
    semantics: stored.semantics.semantics,
    strategy: stored.strategy,
    spec: stored.spec,
    stats: stored.stats as BacktestStatsDto,
    trades: stored.trades as BacktestRunDto['trades'],
    equity: stored.curves.equity,
    drawdown: stored.curves.drawdown,
    time: stored.curves.time,
    createdAt: stored.createdAt,
  }
}

function metricValue(metrics: Record<string, unknown>, metric: string): number | null {
  const v = metrics[metric]
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

/** Best, worst and mean of every numeric metric over a job's runs. */
export function summariseRuns(runs: readonly RunRow[], rankBy: NumericMetric): BatchSummaryDto {
  let best: BatchSummaryDto['best'] = null
  let worst: BatchSummaryDto['worst'] = null
  let failed = 0
  const sums = new Map<NumericMetric, { sum: number; n: number }>()
  for (const run of runs) {
    if ('error' in run.metrics) failed++
    const value = metricValue(run.metrics, rankBy)
    if (value !== null) {
      if (!best || value > best.value)
        best = { runIndex: run.runIndex, variables: run.variables, value }
      if (!worst || value < worst.value)
        worst = { runIndex: run.runIndex, variables: run.variables, value }
    }
    for (const metric of NUMERIC_METRICS) {
      const v = metricValue(run.metrics, metric)
      if (v === null) continue
      const acc = sums.get(metric) ?? { sum: 0, n: 0 }
      acc.sum += v
      acc.n += 1
      sums.set(metric, acc)
    }
  }
  const average: BatchSummaryDto['average'] = {}
  for (const [metric, acc] of sums) average[metric] = acc.sum / acc.n
  return { metric: rankBy, runs: runs.length, failed, best, worst, average }
}

/** `planGrid` for a spec: the strategy by name (a rule strategy has no parameter ordering). */
function planSpec(axes: GridAxis[], spec: BacktestSpec, cap: number): GridPlan {
  const strategy = typeof spec.strategy === 'string' ? spec.strategy : null
  return planGrid(axes, strategy, spec.params ?? {}, cap)
}

function runRowOf(run: GridRun): RunRow {
  return {
    runIndex: run.index,
    variables: run.params,
    metrics: run.stats ? { ...run.stats } : { error: run.error ?? 'run failed' },
  }
}

export function backtestHandlers(deps: Deps): BacktestHandlers {
  /** Jobs running in this process, by id. */
  const active = new Map<string, { controller: AbortController; finished: Promise<void> }>()

  function jobDto(job: StoredJob): BatchJobDto {
    const isOrphan = job.status === 'running' && !active.has(job.id)
    const spec = job.request.spec
    const strategy =
      typeof spec.strategy === 'string' ? spec.strategy : strategyLabel(spec.strategy)
    return {
      id: job.id,
      name: job.name,
      status: (isOrphan ? 'interrupted' : job.status) as BatchStatus,
      symbol: job.request.symbol,
      timeframe: job.request.timeframe,
      strategy,
      total: job.total,
      completed: job.completed,
      truncated: job.truncated,
      skipped: (job.request as { skipped?: number }).skipped ?? 0,
      skipReason: (job.request as { skipReason?: string | null }).skipReason ?? null,
      axes: job.axes,
      summary: job.summary as BatchSummaryDto | null,
      error: job.error,
      createdAt: job.createdAt,
      completedAt: job.completedAt,
    }
  }

  async function loadBars(symbol: string, timeframe: string): Promise<BarColumns> {
    const bars = await readBars(deps.pg, { symbol, timeframe })
    if (bars.time.length === 0) {
      throw new AppError(
        ErrorCode.NotFound,
        `No ${timeframe} bars stored for ${symbol}; import them first`,
      )
    }
    return bars
  }

  async function resolveStrategy(
    strategy: RunInput['strategy'],
  ): Promise<{ value: BacktestSpec['strategy']; strategyId: string | null }> {
    if (typeof strategy !== 'string')
      return { value: strategy as BacktestSpec['strategy'], strategyId: null }
    if (!strategy.startsWith(USER_PREFIX)) return { value: strategy, strategyId: null }
    const id = strategy.slice(USER_PREFIX.length)
    const saved = /^[0-9a-f-]{36}$/i.test(id) ? await getUserStrategy(deps.pg, id) : null
    if (!saved) throw new AppError(ErrorCode.NotFound, `No saved strategy ${id}`)
    return { value: saved.rules as BacktestSpec['strategy'], strategyId: saved.id }
  }

  async function requireJob(jobId: string): Promise<StoredJob> {
    const job = await getJob(deps.pg, jobId)
    if (!job) throw new AppError(ErrorCode.NotFound, `No batch job ${jobId}`)
    return job
  }

  async function axesOf(grid: AxisInput[]): Promise<GridAxis[]> {
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
      else if ('listId' in axis) {
        const list = await getVariableList(deps.pg, axis.listId)
        if (!list) throw new AppError(ErrorCode.NotFound, `No variable list ${axis.listId}`)
        const values = list.values.filter((v): v is number => typeof v === 'number')
        if (values.length !== list.values.length) {
          throw new AppError(
            ErrorCode.InvalidInput,
            `Variable list ${list.name} holds non-numbers; a grid needs numbers`,
            {
              issues: [{ path: ['grid', i, 'listId'], message: 'list holds non-numbers' }],
            },
          )
        }
        axes.push({ name: axis.name, values })
      } else {
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

  /** Runs a job's points not yet stored on the engine pool, storing each batch as it arrives. */
  function execute(
    job: StoredJob,
    bars: BarColumns,
    baseSpec: BacktestSpec,
    axes: GridAxis[],
    cap: number,
    rankBy: NumericMetric,
    skip: Set<number>,
    skipped: number,
  ): Promise<void> {
    const controller = new AbortController()
    let writes = Promise.resolve()
    const store = (runs: GridRun[]): void => {
      const rows = runs.filter((r) => !skip.has(r.index)).map(runRowOf)
      writes = writes.then(() => insertRuns(deps.pg, job.id, rows))
    }
    const progress = (done: number, total: number): void => {
      deps.emit('backtest-progress', {
        jobId: job.id,
        kind: 'backtest-batch',
        // Skipped invalid points count neither as done nor as planned.
        done: Math.max(0, done - skipped),
        total: Math.max(0, total - skipped),
        message: `${job.name}`,
      })
    }
    const work = async (): Promise<void> => {
      const remaining = expandGrid(axes, cap).points.filter((p) => !skip.has(p.index)).length
      await runGrid(bars, baseSpec, axes, {
        cap,
        skip,
        workers: poolSizeFor(remaining),
        signal: controller.signal,
        onRuns: store,
        onProgress: (p) => progress(p.done, p.total),
      })
      await writes
    }
    const finished = work()
      .then(async () => {
        const summary = summariseRuns(await allRuns(deps.pg, job.id), rankBy)
        await updateJob(deps.pg, job.id, { status: 'completed', summary, isDone: true })
      })
      .catch(async (err: unknown) => {
        await writes.catch(() => undefined)
        const isCancel = err instanceof AppError && err.code === ErrorCode.Cancelled
        const summary = summariseRuns(await allRuns(deps.pg, job.id), rankBy)
        await updateJob(deps.pg, job.id, {
          status: isCancel ? 'cancelled' : 'failed',
          summary,
          error: isCancel ? null : err instanceof Error ? err.message : String(err),
        })
      })
      .finally(() => {
        active.delete(job.id)
        deps.emit('data-changed', { domain: 'backtest' })
      })
    active.set(job.id, { controller, finished })
    return finished
  }

  async function start(job: StoredJob, wait: boolean): Promise<BatchJobDto> {
    const request = job.request as StoredJob['request'] & { cap: number; rankBy: NumericMetric }
    const bars = await loadBars(request.symbol, request.timeframe)
    const skip = await storedRunIndexes(deps.pg, job.id)
    const spec = request.spec as BacktestSpec
    const plan = planSpec(job.axes, spec, request.cap)
    for (const index of plan.invalid) skip.add(index)
    if (job.status !== 'running')
      await updateJob(deps.pg, job.id, { status: 'running', error: null })
    const finished = execute(
      job,
      bars,
      spec,
      job.axes,
      plan.engineCap,
      request.rankBy,
      skip,
      plan.invalid.size,
    )
    if (wait) await finished
    return jobDto(await requireJob(job.id))
  }

  return {
    'backtest-run': async (input) => {
      const { value, strategyId } = await resolveStrategy(input.strategy)
      const spec = specOf(input, value)
      const bars = await loadBars(input.symbol, input.timeframe)
      const result = runBacktest(bars, spec)
      const run: BacktestRunDto = {
        id: null,
        symbol: input.symbol,
        timeframe: input.timeframe,
        mode: result.mode,
        semantics: result.semantics,
        strategy: result.strategy,
        spec: {
          ...(spec as Record<string, unknown>),
          symbol: input.symbol,
          timeframe: input.timeframe,
        },
        stats: result.stats,
        trades: result.trades,
        equity: result.equity,
        drawdown: result.drawdown,
        time: result.time,
        createdAt: null,
      }
      if (!input.save) return run
      const stored = await insertBacktest(deps.pg, {
        symbol: input.symbol,
        timeframe: input.timeframe,
        strategyId,
        startDate: result.stats.start.slice(0, 10),
        endDate: result.stats.end.slice(0, 10),
        spec: run.spec,
        strategy: result.strategy,
        semantics: { mode: result.mode, semantics: result.semantics },
        stats: result.stats,
        curves: { time: result.time, equity: result.equity, drawdown: result.drawdown },
        trades: result.trades,
      })
      deps.emit('data-changed', { domain: 'backtest' })
      return { ...run, id: stored.id, createdAt: stored.createdAt }
    },

    'backtest-list': async (input) => {
      const rows = await listBacktests(deps.pg, { symbol: input.symbol, limit: input.limit })
      return rows.map((r) => ({
        id: r.id,
        symbol: r.symbol,
        timeframe: r.timeframe,
        strategy: r.strategy.name,
        params: r.strategy.params,
        startDate: r.startDate,
        endDate: r.endDate,
        returnPct: metricValue(r.stats, 'returnPct'),
        sharpe: metricValue(r.stats, 'sharpe'),
        maxDrawdownPct: metricValue(r.stats, 'maxDrawdownPct'),
        trades: metricValue(r.stats, 'trades'),
        createdAt: r.createdAt,
      }))
    },

    'backtest-get': async (input) => {
      const stored = await getBacktest(deps.pg, input.id)
      if (!stored) throw new AppError(ErrorCode.NotFound, `No backtest ${input.id}`)
      return toRunDto(stored)
    },

    'backtest-compare': async (input) => {
      const [a, b] = await Promise.all([
        getBacktest(deps.pg, input.a),
        getBacktest(deps.pg, input.b),
      ])
      if (!a) throw new AppError(ErrorCode.NotFound, `No backtest ${input.a}`)
      if (!b) throw new AppError(ErrorCode.NotFound, `No backtest ${input.b}`)
      const diff = NUMERIC_METRICS.map((metric) => {
        const va = metricValue(a.stats, metric)
        const vb = metricValue(b.stats, metric)
        return { metric, a: va, b: vb, delta: va === null || vb === null ? null : vb - va }
      })
      return { a: toRunDto(a), b: toRunDto(b), diff }
    },

    'backtest-delete': async (input) => {
      const deleted = await deleteBacktest(deps.pg, input.id)
      if (!deleted) throw new AppError(ErrorCode.NotFound, `No backtest ${input.id}`)
      return { deleted }
    },

    'strategies-list': async () => ({
      builtin: strategyCatalogue.map((s) => ({
        name: s.name,
        description: s.description,
        params: s.params,
      })),
      user: await listUserStrategies(deps.pg),
    }),

    'strategy-save': async (input) => {
      const parsed = rulesStrategySchema.safeParse({ ...input.rules, name: input.name })
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => ({
          path: ['rules', ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
          message: i.message,
        }))
        throw new AppError(
          ErrorCode.InvalidInput,
          `Invalid strategy rules at ${issues[0]?.path.join('.')}: ${issues[0]?.message}`,
          { issues },
        )
      }
      // Compile once against a small flat series so unknown references fail now, not at run time.
      const n = 300
      const flat = (v: number): Float64Array => new Float64Array(n).fill(v)
      const probe: BarColumns = {
        time: Float64Array.from({ length: n }, (_, i) => i * 86_400_000),
        open: flat(1),
        high: flat(1),
        low: flat(1),
        close: flat(1),
        volume: flat(0),
      }
      const defaults = Object.fromEntries(ruleParams(parsed.data).map((p) => [p.name, p.default]))
      try {
        planRules(probe, parsed.data, defaults, new IndicatorCache())
      } catch (err) {
        if (err instanceof RuleError) {
          const issues = err.issues.map((i) => ({ path: ['rules', ...i.path], message: i.message }))
          throw new AppError(ErrorCode.InvalidInput, `Invalid strategy rules: ${err.message}`, {
            issues,
          })
        }
        throw err
      }
      const saved = await upsertUserStrategy(deps.pg, {
        id: input.id ?? uuidv7(),
        name: input.name,
        description: input.description ?? null,
        rules: parsed.data,
      })
      deps.emit('data-changed', { domain: 'strategy' })
      return saved
    },

    'strategy-delete': async (input) => {
      const deleted = await deleteUserStrategy(deps.pg, input.id)
      if (!deleted) throw new AppError(ErrorCode.NotFound, `No saved strategy ${input.id}`)
      return { deleted }
    },

    'batch-run': async (input) => {
      const { value } = await resolveStrategy(input.strategy)
      const spec = specOf(input, value)
      const axes = await axesOf(input.grid)
      const bars = await loadBars(input.symbol, input.timeframe)
      // A zero-point grid runs only the engine's up-front checks (spec, axis names) so a bad
      // request fails here instead of leaving a failed job behind.
      await runGrid(bars, spec, axes, { cap: 0, workers: 0 })
      const plan = planSpec(axes, spec, input.cap)
      const { total, truncated } = plan
      const strategyName = typeof value === 'string' ? value : strategyLabel(value)
      const job = await createJob(deps.pg, {
        id: uuidv7(),
        name:
          input.name ??
          `${strategyName} on ${input.symbol} ${input.timeframe}: ${axes.map((a) => a.name).join(' × ')}`,
        total,
        truncated,
        axes,
        request: {
          symbol: input.symbol,
          timeframe: input.timeframe,
          spec: spec,
          cap: input.cap,
          rankBy: 'sharpe',
          skipped: plan.invalid.size,
          skipReason: plan.skipReason,
        } as StoredJob['request'],
        startDate: typeof input.from === 'string' ? input.from.slice(0, 10) : null,
        endDate: typeof input.to === 'string' ? input.to.slice(0, 10) : null,
      })
      return start(job, input.wait)
    },

    'batch-preview': async (input) => {
      const { value } = await resolveStrategy(input.strategy)
      const axes = await axesOf(input.grid)
      const spec: BacktestSpec = { strategy: value, params: input.params }
      // The checks batch-run makes before it starts a job, but those that need bars.
      validateGridSpec(spec, axes)
      const plan = planSpec(axes, spec, input.cap)
      return {
        points: expandGrid(axes, 0).total,
        runs: plan.total,
        skipped: plan.invalid.size,
        skipReason: plan.skipReason,
        truncated: plan.truncated,
      }
    },

    'batch-get': async (input) => jobDto(await requireJob(input.jobId)),

    'batch-list': async () => (await listJobs(deps.pg)).map(jobDto),

    'batch-runs': async (input) => {
      const job = await requireJob(input.jobId)
      let sort: { by: string; dir: 'asc' | 'desc'; isVariable: boolean } | undefined
      if (input.sort) {
        const isVariable = job.axes.some((a) => a.name === input.sort?.by)
        if (!isVariable && !isNumericMetric(input.sort.by)) {
          throw new AppError(
            ErrorCode.InvalidInput,
            `Cannot sort by ${input.sort.by}: not a metric or a variable of this job`,
            {
              issues: [{ path: ['sort', 'by'], message: 'unknown metric or variable' }],
            },
          )
        }
        sort = { by: input.sort.by, dir: input.sort.dir, isVariable }
      }
      const result = await queryRuns(deps.pg, input.jobId, {
        where: input.where,
        sort,
        limit: input.limit,
        offset: input.offset,
      })
      return {
        total: result.total,
        runs: result.runs.map((r) => ({
          runIndex: r.runIndex,
          variables: r.variables,
          metrics: r.metrics,
        })),
      }
    },

    'batch-cancel': async (input) => {
      const job = await requireJob(input.jobId)
      const running = active.get(job.id)
      if (running) {
        running.controller.abort()
        await running.finished
      } else if (job.status === 'running') {
        await updateJob(deps.pg, job.id, { status: 'cancelled' })
      } else {
        throw new AppError(ErrorCode.Conflict, `Batch job ${job.id} is ${job.status}, not running`)
      }
      return jobDto(await requireJob(job.id))
    },

    'batch-resume': async (input) => {
      const job = await requireJob(input.jobId)
      if (active.has(job.id))
        throw new AppError(ErrorCode.Conflict, `Batch job ${job.id} is already running`)
      if (job.status === 'completed')
        throw new AppError(ErrorCode.Conflict, `Batch job ${job.id} is already completed`)
      return start(job, input.wait)
    },

    'batch-delete': async (input) => {
      const running = active.get(input.jobId)
      if (running) {
        running.controller.abort()
        await running.finished
      }
      const deleted = await deleteJob(deps.pg, input.jobId)
      if (!deleted) throw new AppError(ErrorCode.NotFound, `No batch job ${input.jobId}`)
      return { deleted }
    },

    'batch-heatmap': async (input) => {
      const job = await requireJob(input.jobId)
      const xAxis = job.axes.find((a) => a.name === input.x)
      const yAxis = job.axes.find((a) => a.name === input.y)
      const names = job.axes.map((a) => a.name).join(', ')
      if (!xAxis)
        throw new AppError(
          ErrorCode.InvalidInput,
          `x: ${input.x} is not a variable of this job (${names})`,
          { issues: [{ path: ['x'], message: 'unknown variable' }] },
        )
      if (!yAxis)
        throw new AppError(
          ErrorCode.InvalidInput,
          `y: ${input.y} is not a variable of this job (${names})`,
          { issues: [{ path: ['y'], message: 'unknown variable' }] },
        )
      if (input.x === input.y)
        throw new AppError(ErrorCode.InvalidInput, 'x and y must be different variables', {
          issues: [{ path: ['y'], message: 'same as x' }],
        })
      const xs = [...new Set(xAxis.values)].sort((a, b) => a - b)
      const ys = [...new Set(yAxis.values)].sort((a, b) => a - b)
      const acc = ys.map(() => xs.map(() => ({ value: null as number | null, sum: 0, n: 0 })))
      for (const run of await allRuns(deps.pg, job.id)) {
        const v = metricValue(run.metrics, input.metric)
        const xi = xs.indexOf(run.variables[input.x] as number)
        const yi = ys.indexOf(run.variables[input.y] as number)
        if (v === null || xi < 0 || yi < 0) continue
        const cell = acc[yi]?.[xi]
        if (!cell) continue
        cell.n += 1
        cell.sum += v
        if (cell.value === null) cell.value = v
        else if (input.reduce === 'max') cell.value = Math.max(cell.value, v)
        else if (input.reduce === 'min') cell.value = Math.min(cell.value, v)
      }
      const cells = acc.map((row) =>
        row.map((c) => (c.n === 0 ? null : input.reduce === 'mean' ? c.sum / c.n : c.value)),
      )
      return {
        metric: input.metric,
        x: { name: input.x, values: xs },
        y: { name: input.y, values: ys },
        cells,
      }
    },

    'variable-lists-list': async () => listVariableLists(deps.pg),

    'variable-lists-save': async (input) => {
      if (input.type === 'number' && input.values.some((v) => typeof v !== 'number')) {
        throw new AppError(ErrorCode.InvalidInput, 'A number list holds only numbers', {
          issues: [{ path: ['values'], message: 'non-number in a number list' }],
        })
      }
      return upsertVariableList(deps.pg, {
        id: input.id ?? uuidv7(),
        name: input.name,
        type: input.type,
        values: input.values,
        description: input.description ?? null,
      })
    },

    'variable-lists-delete': async (input) => {
      const deleted = await deleteVariableList(deps.pg, input.id)
      if (!deleted) throw new AppError(ErrorCode.NotFound, `No variable list ${input.id}`)
      return { deleted }
    },
  }
}
