import { z } from 'zod'
import type { BacktestTrade } from '../domain/backtest/run'
import type { BacktestStats } from '../domain/backtest/stats'
import { backtestSpecSchema } from './backtest-spec'
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

/** A numeric metric, as an input. */
export const numericMetricSchema = z.enum(NUMERIC_METRICS as [NumericMetric, ...NumericMetric[]])

/**
 * Statistics of a run with backtesting.py 0.6.6 definitions: percentages in percent units,
 * durations in days, `null` where the reference engine answers NaN. Declared once, in the domain.
 */
export type BacktestStatsDto = BacktestStats

/** One closed trade: bars are indexes into the run's `time`; size negative for shorts. */
export type BacktestTradeDto = BacktestTrade

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

/**
 * What a backtest request carries: the bars it runs on and every field of the spec with its
 * default (`backtestSpecFields`), parsed here once; the engine never validates them again. The
 * strategy is a built-in name (`sma-cross`), a rule strategy object, or `user:<uuid>` of a saved
 * one; `statsConvention` is `0.6.6` (default, as released) or `0.6.5` for figures published with
 * the release before it.
 */
export const backtestRunOptions = {
  symbol: symbolSchema,
  timeframe: timeframeSchema,
  ...backtestSpecSchema.omit({ from: true, to: true }).shape,
  from: instantSchema.optional(),
  to: instantSchema.optional(),
}

/** Input schemas of the `backtest-*` channels: single runs and the stored ones. */
export const backtestInputs = {
  /**
   * Runs one backtest on stored bars and (unless `save` is false) stores it in
   * `backtest_results` with the strategy snapshot. Fails with `not-found` when no bars are
   * stored and `invalid-input` (with paths) for a bad strategy, parameter or cost.
   */
  'backtest-run': z.object({ ...backtestRunOptions, save: z.boolean().default(true) }).strict(),
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
}

/** Answer of `backtest-compare`. */
export type BacktestCompareDto = {
  a: BacktestRunDto
  b: BacktestRunDto
  diff: { metric: NumericMetric; a: number | null; b: number | null; delta: number | null }[]
}

type In<K extends keyof typeof backtestInputs> = InputOf<typeof backtestInputs, K>

/** Handlers of the `backtest-*` channels. */
export type BacktestHandlers = {
  'backtest-run': (input: In<'backtest-run'>) => Promise<BacktestRunDto>
  'backtest-list': (input: In<'backtest-list'>) => Promise<BacktestSummaryDto[]>
  'backtest-get': (input: In<'backtest-get'>) => Promise<BacktestRunDto>
  'backtest-compare': (input: In<'backtest-compare'>) => Promise<BacktestCompareDto>
  'backtest-delete': (input: In<'backtest-delete'>) => Promise<{ deleted: boolean }>
}
