import { z } from 'zod'
import {
  backtestRunOptions,
  numericMetricSchema,
  type BacktestStatsDto,
  type NumericMetric,
} from './backtest'
import type { InputOf } from './types'

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
    metric: numericMetricSchema,
    op: z.enum(['>', '>=', '<', '<=', '=', '!=']),
    value: z.number(),
  })
  .strict()

/** Input schemas of the `batch-*` channels: grids of backtests run as jobs. */
export const batchInputs = {
  /**
   * Starts a batch job: the cartesian grid of the axes (cut at `cap`, `truncated` then set), run
   * on the engine pool with `backtest-progress` events, one stored row per run. Answers at once
   * with the job id, or when the job ends if `wait` is true.
   */
  'batch-run': z
    .object({
      ...backtestRunOptions,
      name: z.string().max(500).optional(),
      grid: z.array(gridAxisSchema).min(1).max(6),
      cap: z.number().int().min(1).max(1_000_000).default(10_000),
      wait: z.boolean().default(false),
      /**
       * `local` (default): this core's engine workers. `server`: the shared server's workers
       * (`edgebook worker`), a job of kind `server` whose results are read back as they finish;
       * `unavailable` when the server cannot be reached, `not-found` when none is configured.
       */
      where: z.enum(['local', 'server']).default('local'),
      /**
       * For `where: 'server'`: the server (default: the sync server), grid points per chunk, and
       * how long a worker may hold a chunk before another takes it over.
       */
      server: z
        .object({
          url: z.string().min(1).optional(),
          chunkRuns: z.number().int().min(1).max(100_000).default(256),
          chunkTimeoutSeconds: z.number().int().min(1).max(86_400).default(300),
        })
        .strict()
        .optional(),
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
      strategy: backtestRunOptions.strategy,
      params: backtestRunOptions.params,
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
      metric: numericMetricSchema,
      reduce: z.enum(['max', 'min', 'mean']).default('max'),
    })
    .strict(),
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
  /** Where the runs happen: `local` (this core) or `server` (the shared server's workers). */
  kind: 'local' | 'server'
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

type In<K extends keyof typeof batchInputs> = InputOf<typeof batchInputs, K>

/** Handlers of the `batch-*` channels. */
export type BatchHandlers = {
  'batch-run': (input: In<'batch-run'>) => Promise<BatchJobDto>
  'batch-preview': (input: In<'batch-preview'>) => Promise<BatchPreviewDto>
  'batch-get': (input: In<'batch-get'>) => Promise<BatchJobDto>
  'batch-list': (input: In<'batch-list'>) => Promise<BatchJobDto[]>
  'batch-runs': (input: In<'batch-runs'>) => Promise<{ total: number; runs: BatchRunDto[] }>
  'batch-cancel': (input: In<'batch-cancel'>) => Promise<BatchJobDto>
  'batch-resume': (input: In<'batch-resume'>) => Promise<BatchJobDto>
  'batch-delete': (input: In<'batch-delete'>) => Promise<{ deleted: boolean }>
  'batch-heatmap': (input: In<'batch-heatmap'>) => Promise<HeatmapDto>
}
