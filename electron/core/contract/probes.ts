import { z } from 'zod'
import type { CatalogueDetails, StrategyFamily } from '../domain/probes/catalogue'
import type {
  FamilyHeatmap,
  Leaderboard,
  LeaderboardRow,
  ProbeMetric,
  SymbolBest,
} from '../domain/probes/leaderboard'
import type { BacktestRunDto } from './backtest'
import { commissionSchema } from './backtest-spec'
import type { BatchStatus } from './backtest-batch'
import { instantSchema, symbolSchema, timeframeSchema } from './market'
import type { InputOf, Same } from './types'

// The probe catalogue (catalogue entries seeded into strategy.probe_strategies). Probe runs add
// their channels below this part.

/** The catalogue's families (the domain's `STRATEGY_FAMILIES`; `FAMILIES_MIRROR` checks it). */
const families = [
  'trend',
  'breakout',
  'momentum',
  'mean_reversion',
  'volatility',
  'volume',
  'pattern',
  'seasonal',
] as const

/** Compile-time proof that the listed families are exactly the domain's. */
export const FAMILIES_MIRROR = true satisfies Same<(typeof families)[number], StrategyFamily>

/** Input schemas of the `probes-*` channels. */
export const probesInputs = {
  /**
   * The active catalogue strategies by name, all or one family (`family`), each with its rule,
   * orders and published source; `withInactive` adds entries a newer catalogue dropped.
   */
  'probes-catalogue': z
    .object({
      family: z.enum(families).optional(),
      withInactive: z.boolean().default(false),
    })
    .strict()
    .default({ withInactive: false }),
}

/** One catalogue strategy as listed. */
export type CatalogueStrategyDto = {
  id: number
  name: string
  displayName: string | null
  philosophy: string | null
  strategyType: StrategyFamily | null
  direction: string | null
  isActive: boolean
  details: CatalogueDetails
}

/** The catalogue as listed: its version (the highest stored) and its strategies. */
export type CatalogueListDto = { version: number; strategies: CatalogueStrategyDto[] }

type CatalogueIn<K extends keyof typeof probesInputs> = InputOf<typeof probesInputs, K>

/** Handlers of the `probes-*` channels. */
export type ProbesHandlers = {
  'probes-catalogue': (input: CatalogueIn<'probes-catalogue'>) => Promise<CatalogueListDto>
}

// ---------------------------------------------------------------------------------------------
// Probe runs and their leaderboard: the catalogue × symbols × a period, run as a job.
// ---------------------------------------------------------------------------------------------

const jobId = z.string().min(1).max(50)
const probeMetricSchema = z.enum(['sharpe', 'returnPct', 'excessPct'])

/** Input schemas of the probe-run channels. */
export const probeRunInputs = {
  /**
   * Starts a probe run: the active catalogue strategies (all, one `family`, or the `names`
   * listed) × `symbols` (every stored series of `timeframe` when absent) over `from` … `to`, on
   * the engine workers with `backtest-progress` events of kind `probe`. One stored result per
   * symbol × strategy (every trade, and one row per day trades opened), under the job's id.
   * `not-found` when no strategy or no symbol matches; answers at once, or at the end if `wait`.
   */
  'probes-run': z
    .object({
      family: z.string().min(1).max(50).optional(),
      names: z.array(z.string().min(1).max(100)).min(1).max(1000).optional(),
      symbols: z.array(symbolSchema).min(1).max(10_000).optional(),
      timeframe: timeframeSchema,
      from: instantSchema.optional(),
      to: instantSchema.optional(),
      cash: z.number().positive().default(10_000),
      commission: commissionSchema.default(0),
      spread: z.number().min(0).lt(0.5).default(0),
      slippage: z.number().min(0).lt(0.5).default(0),
      name: z.string().max(500).optional(),
      wait: z.boolean().default(false),
    })
    .strict(),
  /** One probe run with its progress. */
  'probes-get': z.object({ jobId }).strict(),
  /** Every probe run, newest first (one left running by a gone process shows `interrupted`). */
  'probes-list': z.object({}).strict().optional(),
  /** Stops a running probe; stored results stay and it can be resumed. */
  'probes-cancel': z.object({ jobId }).strict(),
  /** Continues an interrupted or cancelled probe from the pairs not yet stored. */
  'probes-resume': z.object({ jobId, wait: z.boolean().default(false) }).strict(),
  /**
   * The ranking of a run's stored results: strategies by median Sharpe across symbols, with the
   * deflated Sharpe ratio of the leader given the strategies tried; the family × symbol heatmap
   * of `metric` and each symbol's `top` strategies by it.
   */
  'probes-leaderboard': z
    .object({
      jobId,
      metric: probeMetricSchema.default('sharpe'),
      top: z.number().int().min(1).max(50).default(3),
    })
    .strict(),
  /** The leaderboard as CSV text (the page saves it; the CLI writes it to a file). */
  'probes-export': z.object({ jobId }).strict(),
  /**
   * One symbol × strategy of a run as a full backtest (curves and trades, not stored): the
   * drill-down from the leaderboard, run again from the catalogue rule and the run's period.
   */
  'probes-backtest': z
    .object({ jobId, symbol: symbolSchema, strategy: z.string().min(1) })
    .strict(),
  /** A run's per-open-day rows: one symbol and/or strategy, or one day across the catalogue. */
  'probes-days': z
    .object({
      jobId,
      symbol: symbolSchema.optional(),
      strategy: z.string().min(1).optional(),
      openDay: z.iso.date().optional(),
    })
    .strict(),
}

/** A probe run. */
export type ProbeJobDto = {
  id: string
  name: string
  status: BatchStatus
  timeframe: string
  from: string | null
  to: string | null
  family: string | null
  strategies: number
  symbols: string[]
  /** Symbol × strategy pairs planned and stored. */
  total: number
  completed: number
  summary: Record<string, unknown> | null
  error: string | null
  createdAt: string
  completedAt: string | null
}

/** Answer of `probes-leaderboard`. */
export type ProbeLeaderboardDto = {
  job: ProbeJobDto
  leaderboard: Leaderboard
  heatmap: FamilyHeatmap
  best: SymbolBest[]
}

/** A metric a heatmap or per-symbol ranking uses. */
export type ProbeMetricName = ProbeMetric

/** One strategy's line of a leaderboard (declared once, in the domain). */
export type ProbeLeaderboardRow = LeaderboardRow

/** Families × symbols of a run (declared once, in the domain). */
export type ProbeHeatmapDto = FamilyHeatmap

/** One open-day row: the trades one strategy opened on one day on one symbol. */
export type ProbeDayDto = {
  symbol: string
  strategy: string
  openDay: string
  totalTrades: number
  winRate: number | null
  profitFactor: number | null
  totalPnl: number | null
}

type In<K extends keyof typeof probeRunInputs> = InputOf<typeof probeRunInputs, K>

/** Handlers of the probe-run channels. */
export type ProbeRunHandlers = {
  'probes-run': (input: In<'probes-run'>) => Promise<ProbeJobDto>
  'probes-get': (input: In<'probes-get'>) => Promise<ProbeJobDto>
  'probes-list': (input: In<'probes-list'>) => Promise<ProbeJobDto[]>
  'probes-cancel': (input: In<'probes-cancel'>) => Promise<ProbeJobDto>
  'probes-resume': (input: In<'probes-resume'>) => Promise<ProbeJobDto>
  'probes-leaderboard': (input: In<'probes-leaderboard'>) => Promise<ProbeLeaderboardDto>
  'probes-export': (input: In<'probes-export'>) => Promise<{ filename: string; csv: string }>
  'probes-backtest': (input: In<'probes-backtest'>) => Promise<BacktestRunDto>
  'probes-days': (input: In<'probes-days'>) => Promise<ProbeDayDto[]>
}
