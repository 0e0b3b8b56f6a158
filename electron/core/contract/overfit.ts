import { z } from 'zod'
import type { DrawdownDistribution } from '../domain/overfit/monte-carlo'
import type { DsrResult, MinTrlResult, PsrResult } from '../domain/overfit/sharpe'
import type { InputOf } from './types'

// Every Sharpe ratio on these channels is per period (an annual figure divided by √periods a
// year), kurtosis is raw (3 for normal returns), and observations count returns, not years.

const finite = z.number().finite()
const shape = {
  /** Skew of the per-period returns (0 for normal returns). */
  skew: finite.default(0),
  /** Raw, not excess, kurtosis of the per-period returns (3 for normal returns). */
  kurtosis: finite.min(1).default(3),
}
const returnsMatrix = z
  .array(z.array(finite).min(2).max(10_000))
  .min(4)
  .max(1_000_000)
  .describe('T × N per-period returns: row t holds the N variants at period t')

/** Input schemas of the `overfit-*` channels: Bailey & López de Prado's overfitting statistics. */
export const overfitInputs = {
  /**
   * Probabilistic Sharpe Ratio (Sharpe Ratio Efficient Frontier, 2012): the probability that the
   * true Sharpe ratio exceeds `benchmark`. `invalid-input` when skew and kurtosis do not fit.
   */
  'overfit-psr': z
    .object({
      sharpe: finite,
      benchmark: finite.default(0),
      observations: z.number().int().min(2),
      ...shape,
    })
    .strict(),
  /**
   * Deflated Sharpe Ratio (2014): PSR against the Sharpe ratio the best of `trials` variants
   * whose Sharpe ratios vary by `sharpeVariance` reaches by luck.
   */
  'overfit-dsr': z
    .object({
      sharpe: finite,
      trials: z.number().int().min(1),
      sharpeVariance: finite.min(0),
      observations: z.number().int().min(2),
      ...shape,
    })
    .strict(),
  /**
   * Minimum Track Record Length (2012): returns needed to be `confidence` sure the true Sharpe
   * ratio exceeds `benchmark`. `invalid-input` when `sharpe` is not above `benchmark`.
   */
  'overfit-mintrl': z
    .object({
      sharpe: finite,
      benchmark: finite.default(0),
      confidence: z.number().gt(0).lt(1).default(0.95),
      ...shape,
    })
    .strict(),
  /**
   * Probability of Backtest Overfitting by CSCV (2015) over the per-period returns of every run
   * of a stored batch job (`jobId`, recomputed from its bars, spec and variables) or of a given
   * `returns` matrix; with the PSR, DSR and MinTRL of the best run. `logits` asks for each
   * split's logit. `not-found` for an unknown job; `invalid-input` for a job with under 2 runs.
   */
  'overfit-pbo': z.union([
    z
      .object({
        jobId: z.string().min(1),
        blocks: z.number().int().min(2).max(24).default(16),
        logits: z.boolean().default(false),
      })
      .strict(),
    z
      .object({
        returns: returnsMatrix,
        blocks: z.number().int().min(2).max(24).default(16),
        logits: z.boolean().default(false),
      })
      .strict(),
  ]),
  /**
   * Monte Carlo reshuffle of trades: the distribution of the maximum drawdown over `runs`
   * reorderings (or bootstrap draws) of the trade returns, seeded.
   */
  'overfit-drawdowns': z
    .object({
      /** Each trade's return as a fraction of equity (0.02 for +2 %). */
      tradeReturns: z.array(finite.min(-1)).min(1).max(1_000_000),
      runs: z.number().int().min(1).max(1_000_000).default(1000),
      seed: z.number().int().default(1),
      method: z.enum(['shuffle', 'bootstrap']).default('shuffle'),
    })
    .strict(),
}

/** Answer of `overfit-psr`: the domain's own shape. */
export type PsrDto = PsrResult

/** Answer of `overfit-dsr`. */
export type DsrDto = DsrResult

/** Answer of `overfit-mintrl`: the minimum number of returns (same period as the Sharpe ratio). */
export type MinTrlDto = MinTrlResult

/** The honest statistics of the best variant of a grid. */
export type SelectionDto = {
  /** Its position among the variants (the job's run index for a job). */
  index: number
  variables: Record<string, number> | null
  sharpe: number
  skew: number
  kurtosis: number
  observations: number
  trials: number
  sharpeVariance: number
  psr: number
  dsr: number
  expectedMaxSharpe: number
  minTrackRecord: number | null
}

/** Answer of `overfit-pbo`. */
export type PboDto = {
  jobId: string | null
  pbo: number
  combinations: number
  blocks: number
  observations: number
  variants: number
  probOosLoss: number
  degradation: { slope: number; intercept: number } | null
  /** Each split's logit, only when asked. */
  logits?: number[]
  best: SelectionDto
}

/** Answer of `overfit-drawdowns`; drawdowns are fractions of the running peak. */
export type DrawdownsDto = DrawdownDistribution

type In<K extends keyof typeof overfitInputs> = InputOf<typeof overfitInputs, K>

/** Handlers of the `overfit-*` channels. */
export type OverfitHandlers = {
  'overfit-psr': (input: In<'overfit-psr'>) => Promise<PsrDto>
  'overfit-dsr': (input: In<'overfit-dsr'>) => Promise<DsrDto>
  'overfit-mintrl': (input: In<'overfit-mintrl'>) => Promise<MinTrlDto>
  'overfit-pbo': (input: In<'overfit-pbo'>) => Promise<PboDto>
  'overfit-drawdowns': (input: In<'overfit-drawdowns'>) => Promise<DrawdownsDto>
}
