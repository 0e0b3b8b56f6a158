import { z } from 'zod'
import { instantSchema, symbolSchema, timeframeSchema } from './market'
import type { InputOf } from './types'

/** Every summary metric of a run, in the order a stats table shows them. */
export const METRICS = [
  'start',
  'end',
  'durationDays',
  'exposurePct',
  'equityFinal',
  'equityPeak',
  'returnPct',
  'buyHoldReturnPct',
  'returnAnnPct',
  'volatilityAnnPct',
  'cagrPct',
  'sharpe',
  'sortino',
  'calmar',
  'alphaPct',
  'beta',
  'maxDrawdownPct',
  'avgDrawdownPct',
  'maxDrawdownDurationDays',
  'avgDrawdownDurationDays',
  'trades',
  'winRatePct',
  'bestTradePct',
  'worstTradePct',
  'avgTradePct',
  'maxTradeDurationDays',
  'avgTradeDurationDays',
  'profitFactor',
  'expectancyPct',
  'sqn',
  'kelly',
] as const

/** The numeric metrics: what a batch can filter, sort and map. */
export const NUMERIC_METRICS = METRICS.filter(
  (m): m is Exclude<(typeof METRICS)[number], 'start' | 'end'> => m !== 'start' && m !== 'end',
)

export type NumericMetric = (typeof NUMERIC_METRICS)[number]

const numericMetric = z.enum(NUMERIC_METRICS as [NumericMetric, ...NumericMetric[]])

/**
 * Statistics of a run with backtesting.py 0.6.6 definitions: percentages in percent units,
 * durations in days, `null` where the reference engine answers NaN.
 */
export type BacktestStatsDto = {
  start: string
  end: string
  durationDays: number
  exposurePct: number
  equityFinal: number
  equityPeak: number
  returnPct: number
  buyHoldReturnPct: number | null
  returnAnnPct: number | null
  volatilityAnnPct: number | null
  cagrPct: number | null
  sharpe: number | null
  sortino: number | null
  calmar: number | null
  alphaPct: number | null
  beta: number | null
  maxDrawdownPct: number
  avgDrawdownPct: number | null
  maxDrawdownDurationDays: number | null
  avgDrawdownDurationDays: number | null
  trades: number
  winRatePct: number | null
  bestTradePct: number | null
  worstTradePct: number | null
  avgTradePct: number | null
  maxTradeDurationDays: number | null
  avgTradeDurationDays: number | null
  profitFactor: number | null
  expectancyPct: number | null
  sqn: number | null
  kelly: number | null
}

/** One closed trade: bars are indexes into the run's `time`; size negative for shorts. */
export type BacktestTradeDto = {
  entryBar: number
  exitBar: number
  entryTime: string
  exitTime: string
  entryPrice: number
  exitPrice: number
  size: number
  pnl: number
  returnPct: number
  durationDays: number
  exitReason: string
}

/** A finished (or stored) run: what the engine answered plus where it is kept. */
export type BacktestRunDto = {
  /** Id in `backtest_results`, or null when the run was not saved. */
  id: number | null
  symbol: string
  timeframe: string
  mode: 'reference'
  /** The fill, cost and statistics rules the run used, in words. */
  semantics: string[]
  strategy: { name: string; params: Record<string, number> }
  /** The full request (strategy snapshot included) so the run can be repeated. */
  spec: Record<string, unknown>
  stats: BacktestStatsDto
  trades: BacktestTradeDto[]
  equity: number[]
  drawdown: number[]
  /** Epoch ms per bar, aligned with `equity` and `drawdown`. */
  time: number[]
  createdAt: string | null
}

/** One line of `backtest-list`. */
export type BacktestSummaryDto = {
  id: number
  symbol: string | null
  timeframe: string | null
  strategy: string
  params: Record<string, number>
  startDate: string
  endDate: string
  returnPct: number | null
  sharpe: number | null
  maxDrawdownPct: number | null
  trades: number | null
  createdAt: string
}

/** Costs and account of a run; the engine validates the details and names bad paths. */
const runOptions = {
  symbol: symbolSchema,
  timeframe: timeframeSchema,
  /** A built-in name (`sma-cross`), a rule strategy object, or `user:<uuid>` of a saved one. */
  strategy: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
  params: z.record(z.string(), z.number()).default({}),
  cash: z.number().positive().optional(),
  /** A rate of traded value (0.002 = 0.2 %) or `{ rate, perUnit, fixed }`. */
  commission: z.union([z.number(), z.record(z.string(), z.number())]).optional(),
  spread: z.number().min(0).optional(),
  slippage: z.number().min(0).optional(),
  margin: z.number().optional(),
  sizing: z.record(z.string(), z.unknown()).optional(),
  units: z.enum(['whole', 'fractional']).optional(),
  orders: z.record(z.string(), z.unknown()).optional(),
  finalizeTrades: z.boolean().optional(),
  /**
   * The backtesting.py release whose statistics definitions apply: `0.6.6` (default, as
   * released) or `0.6.5` for figures published with the release before it.
   */
  statsConvention: z.enum(['0.6.6', '0.6.5']).optional(),
  from: instantSchema.optional(),
  to: instantSchema.optional(),
}

/** One grid axis: an inline range, explicit values, or a saved variable list. */
export const gridAxisSchema = z.union([
  z
    .object({
      name: z.string().min(1),
      from: z.number(),
      to: z.number(),
      step: z.number().positive(),
    })
    .strict(),
  z.object({ name: z.string().min(1), values: z.array(z.number()).min(1) }).strict(),
  z.object({ name: z.string().min(1), listId: z.uuid() }).strict(),
])

/** A condition on a metric for `batch-runs`. */
export const metricFilterSchema = z
  .object({
    metric: numericMetric,
    op: z.enum(['>', '>=', '<', '<=', '=', '!=']),
    value: z.number(),
  })
  .strict()

/** Input schemas of the backtest, strategy, batch and variable-list channels. */
export const backtestInputs = {
  /**
   * Runs one backtest on stored bars and (unless `save` is false) stores it in
   * `backtest_results` with the strategy snapshot. Fails with `not-found` when no bars are
   * stored and `invalid-input` (with paths) for a bad strategy, parameter or cost.
   */
  'backtest-run': z.object({ ...runOptions, save: z.boolean().default(true) }).strict(),
  /** Stored runs, newest first. */
  'backtest-list': z
    .object({
      symbol: symbolSchema.optional(),
      limit: z.number().int().min(1).max(1000).default(100),
    })
    .strict()
    .default({ limit: 100 }),
  /** One stored run with its curves and trades. */
  'backtest-get': z.object({ id: z.number().int().positive() }).strict(),
  /** Two stored runs side by side with the difference of every numeric metric (b − a). */
  'backtest-compare': z
    .object({ a: z.number().int().positive(), b: z.number().int().positive() })
    .strict(),
  'backtest-delete': z.object({ id: z.number().int().positive() }).strict(),
  /** The built-in catalogue and the user's saved rule strategies. */
  'strategies-list': z.object({}).strict().optional(),
  /** Saves a user rule strategy (seed 004 `elements`), validated with every problem named. */
  'strategy-save': z
    .object({
      id: z.uuid().optional(),
      name: z.string().trim().min(1).max(200),
      description: z.string().max(2000).optional(),
      rules: z.record(z.string(), z.unknown()),
    })
    .strict(),
  'strategy-delete': z.object({ id: z.uuid() }).strict(),
  /**
   * Starts a batch job: the cartesian grid of the axes (cut at `cap`, `truncated` then set), run
   * on the engine pool with `backtest-progress` events, one stored row per run. Answers at once
   * with the job id, or when the job ends if `wait` is true.
   */
  'batch-run': z
    .object({
      ...runOptions,
      name: z.string().max(500).optional(),
      grid: z.array(gridAxisSchema).min(1).max(6),
      cap: z.number().int().min(1).max(1_000_000).default(10_000),
      wait: z.boolean().default(false),
    })
    .strict(),
  /**
   * What `batch-run` with the same strategy, parameters, grid and cap would run, without running
   * it or touching bars: the runs it starts, the points it skips because the strategy's
   * parameters contradict each other (and why), and whether the cap cuts the grid. The counts
   * equal the job's `total`, `skipped`, `skipReason` and `truncated`. Fails like `batch-run` for a
   * bad axis (`invalid-input`) or an unknown saved strategy or list (`not-found`).
   */
  'batch-preview': z
    .object({
      strategy: runOptions.strategy,
      params: runOptions.params,
      grid: z.array(gridAxisSchema).min(1).max(6),
      cap: z.number().int().min(1).max(1_000_000).default(10_000),
    })
    .strict(),
  /** One job with its progress and summary. */
  'batch-get': z.object({ jobId: z.string().min(1) }).strict(),
  /** Every job, newest first; jobs left running by a previous process show as `interrupted`. */
  'batch-list': z.object({}).strict().optional(),
  /** Runs of a job, filtered (`sharpe > 1`) and sorted by any numeric metric or variable. */
  'batch-runs': z
    .object({
      jobId: z.string().min(1),
      where: z.array(metricFilterSchema).default([]),
      sort: z
        .object({ by: z.string().min(1), dir: z.enum(['asc', 'desc']).default('desc') })
        .strict()
        .optional(),
      limit: z.number().int().min(1).max(100_000).default(100),
      offset: z.number().int().min(0).default(0),
    })
    .strict(),
  /** Stops a running job; stored runs stay and the job can be resumed. */
  'batch-cancel': z.object({ jobId: z.string().min(1) }).strict(),
  /** Continues an interrupted or cancelled job from the runs not yet stored. */
  'batch-resume': z.object({ jobId: z.string().min(1), wait: z.boolean().default(false) }).strict(),
  'batch-delete': z.object({ jobId: z.string().min(1) }).strict(),
  /** A metric over two variables; other variables are reduced by `reduce` (default max, as backtesting.py's heatmap). */
  'batch-heatmap': z
    .object({
      jobId: z.string().min(1),
      x: z.string().min(1),
      y: z.string().min(1),
      metric: numericMetric,
      reduce: z.enum(['max', 'min', 'mean']).default('max'),
    })
    .strict(),
  'variable-lists-list': z.object({}).strict().optional(),
  /** Saves a named list of values for grids (seed 004 `variable_lists`). */
  'variable-lists-save': z
    .object({
      id: z.uuid().optional(),
      name: z.string().trim().min(1).max(255),
      type: z.enum(['number', 'symbol']).default('number'),
      values: z
        .array(z.union([z.number(), z.string()]))
        .min(1)
        .max(100_000),
      description: z.string().max(2000).optional(),
    })
    .strict(),
  'variable-lists-delete': z.object({ id: z.uuid() }).strict(),
}

/** A built-in strategy parameter. */
export type ParamSpecDto = {
  name: string
  default: number
  min: number
  max: number
  step: number
  description: string
}

/** Answer of `strategies-list`. */
export type StrategiesDto = {
  builtin: { name: string; description: string; params: ParamSpecDto[] }[]
  user: {
    id: string
    name: string
    description: string | null
    rules: Record<string, unknown>
    updatedAt: string
  }[]
}

/** Status of a batch job. */
export type BatchStatus =
  'queued' | 'running' | 'completed' | 'cancelled' | 'failed' | 'interrupted'

/** Best, worst and mean of a batch by its ranking metric. */
export type BatchSummaryDto = {
  metric: NumericMetric
  runs: number
  failed: number
  best: { runIndex: number; variables: Record<string, number>; value: number } | null
  worst: { runIndex: number; variables: Record<string, number>; value: number } | null
  average: Partial<Record<NumericMetric, number>>
}

/** A batch job. */
export type BatchJobDto = {
  id: string
  name: string
  status: BatchStatus
  symbol: string
  timeframe: string
  strategy: string
  total: number
  completed: number
  truncated: boolean
  /**
   * Points of the grid left out because the strategy's parameters contradict each other
   * (`fast` not below `slow`, RSI `lower` not below `upper`); `total` counts only the others.
   */
  skipped: number
  /** Why they were left out, for example `fast must be < slow`; null when none were. */
  skipReason: string | null
  axes: { name: string; values: number[] }[]
  summary: BatchSummaryDto | null
  error: string | null
  createdAt: string
  completedAt: string | null
}

/** Answer of `batch-preview`: what a grid will run before it runs. */
export type BatchPreviewDto = {
  /** Points of the full cartesian grid. */
  points: number
  /** Runs the job will make (its `total`): valid points, up to the cap. */
  runs: number
  /** Points left out because the strategy's parameters contradict each other (its `skipped`). */
  skipped: number
  /** Why, for example `fast must be < slow`; null when none are. */
  skipReason: string | null
  /** True when the cap leaves out points that would run. */
  truncated: boolean
}

/** One stored run of a batch. */
export type BatchRunDto = {
  runIndex: number
  variables: Record<string, number>
  metrics: Partial<BacktestStatsDto> & { error?: string }
}

/** Answer of `batch-heatmap`: `cells[yi][xi]`, null where no run exists. */
export type HeatmapDto = {
  metric: NumericMetric
  x: { name: string; values: number[] }
  y: { name: string; values: number[] }
  cells: (number | null)[][]
}

/** A saved variable list. */
export type VariableListDto = {
  id: string
  name: string
  type: string
  values: (number | string)[]
  description: string | null
  updatedAt: string
}

/** Answer of `backtest-compare`. */
export type BacktestCompareDto = {
  a: BacktestRunDto
  b: BacktestRunDto
  diff: { metric: NumericMetric; a: number | null; b: number | null; delta: number | null }[]
}

type In<K extends keyof typeof backtestInputs> = InputOf<typeof backtestInputs, K>

export type BacktestHandlers = {
  'backtest-run': (input: In<'backtest-run'>) => Promise<BacktestRunDto>
  'backtest-list': (input: In<'backtest-list'>) => Promise<BacktestSummaryDto[]>
  'backtest-get': (input: In<'backtest-get'>) => Promise<BacktestRunDto>
  'backtest-compare': (input: In<'backtest-compare'>) => Promise<BacktestCompareDto>
  'backtest-delete': (input: In<'backtest-delete'>) => Promise<{ deleted: boolean }>
  'strategies-list': (input: In<'strategies-list'>) => Promise<StrategiesDto>
  'strategy-save': (input: In<'strategy-save'>) => Promise<StrategiesDto['user'][number]>
  'strategy-delete': (input: In<'strategy-delete'>) => Promise<{ deleted: boolean }>
  'batch-run': (input: In<'batch-run'>) => Promise<BatchJobDto>
  'batch-preview': (input: In<'batch-preview'>) => Promise<BatchPreviewDto>
  'batch-get': (input: In<'batch-get'>) => Promise<BatchJobDto>
  'batch-list': (input: In<'batch-list'>) => Promise<BatchJobDto[]>
  'batch-runs': (input: In<'batch-runs'>) => Promise<{ total: number; runs: BatchRunDto[] }>
  'batch-cancel': (input: In<'batch-cancel'>) => Promise<BatchJobDto>
  'batch-resume': (input: In<'batch-resume'>) => Promise<BatchJobDto>
  'batch-delete': (input: In<'batch-delete'>) => Promise<{ deleted: boolean }>
  'batch-heatmap': (input: In<'batch-heatmap'>) => Promise<HeatmapDto>
  'variable-lists-list': (input: In<'variable-lists-list'>) => Promise<VariableListDto[]>
  'variable-lists-save': (input: In<'variable-lists-save'>) => Promise<VariableListDto>
  'variable-lists-delete': (input: In<'variable-lists-delete'>) => Promise<{ deleted: boolean }>
}
