import { z } from 'zod'
import {
  backtestRunOptions,
  numericMetricSchema,
  type BacktestStatsDto,
  type NumericMetric,
} from './backtest'
import { symbolSchema } from './market'
import type { BatchStatus } from './backtest-batch'
import type { InputOf } from './types'

/** A searched parameter's range, replacing the strategy's own min, max and step. */
export const searchRangeSchema = z
  .object({
    name: z.string().min(1),
    min: z.number().finite(),
    max: z.number().finite(),
    step: z.number().positive(),
  })
  .strict()

const optimiserOptions = {
  ...backtestRunOptions,
  /** `random` search, a `genetic` algorithm, or `tpe` (Tree-structured Parzen Estimator). */
  method: z.enum(['random', 'genetic', 'tpe']).default('genetic'),
  /** Any numeric statistic of a run. */
  objective: numericMetricSchema.default('sharpe'),
  direction: z.enum(['max', 'min']).default('max'),
  /** The same seed gives the same individuals and the same best. */
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(1),
  /** Most parameter sets evaluated (the genetic algorithm runs ⌊budget / population⌋ generations). */
  budget: z.number().int().min(2).max(100_000).default(200),
  /** Genetic algorithm: individuals per generation. */
  population: z.number().int().min(2).max(10_000).optional(),
  /** Ranges to search instead of the strategy's own (a parameter not ranged keeps its value). */
  ranges: z.array(searchRangeSchema).max(20).default([]),
  /** Extra constraints `lower < upper` (a built-in's own, such as fast < slow, always hold). */
  constraints: z
    .array(z.object({ lower: z.string().min(1), upper: z.string().min(1) }).strict())
    .max(20)
    .default([]),
  wait: z.boolean().default(false),
}

/** Input schemas of the `optimise-*` channels: optimisers and walk-forward run as jobs. */
export const optimiseInputs = {
  /**
   * Starts an optimiser as a job on the engine workers (`backtest-progress` events of kind
   * `optimise`): the run and every evaluated individual stored in `optimization_runs` /
   * `optimization_individuals`. With `symbols`, a parameter set scores the median of its objective
   * over `symbol` and those. Answers at once, or when the job ends if `wait`. `invalid-input`
   * for a bad range, constraint or spec; `not-found` when bars are missing.
   */
  'optimise-run': z
    .object({ ...optimiserOptions, symbols: z.array(symbolSchema).max(50).default([]) })
    .strict(),
  /** One optimiser job with its best, convergence per generation and status. */
  'optimise-get': z.object({ jobId: z.string().min(1) }).strict(),
  /** The optimiser and walk-forward jobs, newest first. */
  'optimise-list': z
    .object({ kind: z.enum(['optimise', 'walkforward']).default('optimise') })
    .strict()
    .default({ kind: 'optimise' }),
  /** A page of an optimiser run's individuals, best first (a walk-forward window's by `runId`). */
  'optimise-individuals': z
    .object({
      runId: z.string().min(1),
      limit: z.number().int().min(1).max(10_000).default(100),
      offset: z.number().int().min(0).default(0),
      /** Best first is the highest value; true for a minimised objective. */
      ascending: z.boolean().default(false),
    })
    .strict(),
  /** Stops a running optimiser or walk-forward; its stored individuals stay. */
  'optimise-cancel': z.object({ jobId: z.string().min(1) }).strict(),
  /**
   * Continues a cancelled or interrupted optimiser or walk-forward without evaluating a stored
   * individual again. `conflict` when it runs or has completed.
   */
  'optimise-resume': z
    .object({ jobId: z.string().min(1), wait: z.boolean().default(false) })
    .strict(),
  /**
   * Starts a walk-forward on one symbol: windows of `inSample` then `outOfSample` bars every
   * `step` bars (default `outOfSample`), rolling or `anchored`; each in-sample optimised with the
   * method, each out-of-sample backtested alone with the best parameters, the out-of-sample
   * equity stitched. Fails `invalid-input` when the bars hold no window.
   */
  'optimise-walkforward-run': z
    .object({
      ...optimiserOptions,
      inSample: z.number().int().min(2),
      outOfSample: z.number().int().min(2),
      step: z.number().int().min(1).optional(),
      anchored: z.boolean().default(false),
    })
    .strict(),
  /** One walk-forward job: its table per window, stitched out-of-sample equity and efficiency. */
  'optimise-walkforward-get': z.object({ jobId: z.string().min(1) }).strict(),
}

/** Best and mean objective value per generation (a batch of asks for random search and TPE). */
export type ConvergencePointDto = {
  generation: number
  evaluations: number
  best: number | null
  mean: number | null
}

/** An optimiser job. */
export type OptimiseJobDto = {
  id: string
  name: string
  status: BatchStatus
  method: 'random' | 'genetic' | 'tpe'
  objective: NumericMetric
  direction: 'max' | 'min'
  symbols: string[]
  timeframe: string
  strategy: string
  seed: number
  budget: number
  /** Individuals stored so far. */
  evaluations: number
  best: Record<string, number> | null
  bestValue: number | null
  convergence: ConvergencePointDto[]
  error: string | null
  createdAt: string
  completedAt: string | null
}

/** One evaluated individual: its genes, objective value, generation, rank and statistics. */
export type IndividualDto = {
  generation: number
  rank: number | null
  genes: Record<string, number>
  fitness: number | null
  objectives: Record<string, unknown> | null
}

/** One window of a walk-forward. */
export type WalkWindowDto = {
  index: number
  runId: string
  isFrom: string
  isTo: string
  oosFrom: string
  oosTo: string
  best: Record<string, number> | null
  evaluations: number
  isValue: number | null
  oosValue: number | null
  isReturnAnnPct: number | null
  oosReturnAnnPct: number | null
  oosReturnPct: number | null
  oosTrades: number
  /** Annualised out-of-sample return over annualised in-sample return (Pardo 2008). */
  efficiency: number | null
}

/** A walk-forward job. */
export type WalkForwardDto = {
  id: string
  name: string
  status: BatchStatus
  method: 'random' | 'genetic' | 'tpe'
  objective: NumericMetric
  direction: 'max' | 'min'
  symbol: string
  timeframe: string
  strategy: string
  inSample: number
  outOfSample: number
  step: number
  anchored: boolean
  windows: WalkWindowDto[]
  /** The stitched out-of-sample equity per bar (epoch-ms times) and its statistics. */
  stitched: { time: number[]; equity: number[]; stats: BacktestStatsDto } | null
  /** Walk-forward efficiency of the whole (stitched annualised OOS / mean annualised IS). */
  efficiency: number | null
  error: string | null
  createdAt: string
  completedAt: string | null
}

/** A line of `optimise-list`. */
export type LabJobDto = { id: string; name: string; status: BatchStatus; createdAt: string }

type In<K extends keyof typeof optimiseInputs> = InputOf<typeof optimiseInputs, K>

/** Handlers of the `optimise-*` channels. */
export type OptimiseHandlers = {
  'optimise-run': (input: In<'optimise-run'>) => Promise<OptimiseJobDto>
  'optimise-get': (input: In<'optimise-get'>) => Promise<OptimiseJobDto>
  'optimise-list': (input: In<'optimise-list'>) => Promise<LabJobDto[]>
  'optimise-individuals': (
    input: In<'optimise-individuals'>,
  ) => Promise<{ total: number; individuals: IndividualDto[] }>
  'optimise-cancel': (input: In<'optimise-cancel'>) => Promise<{ id: string; status: BatchStatus }>
  'optimise-resume': (input: In<'optimise-resume'>) => Promise<{ id: string; status: BatchStatus }>
  'optimise-walkforward-run': (input: In<'optimise-walkforward-run'>) => Promise<WalkForwardDto>
  'optimise-walkforward-get': (input: In<'optimise-walkforward-get'>) => Promise<WalkForwardDto>
}
