// Orchestration shared by the backtest channels (single runs and grids): stored bars, the
// strategy a request names, the spec the engine receives, and the DTO of a run.
import { getUserStrategy, type StoredBacktest } from '../../../../db/repos/backtest-repo'
import { readBars } from '../../../../db/repos/market-repo'
import type { BacktestRunDto, BacktestStatsDto } from '../../contract/backtest'
import { ErrorCode } from '../../contract/errors'
import type { BacktestResult, BacktestSpec } from '../../domain/backtest'
import type { BarColumns } from '../../domain/market/bars'
import { AppError } from '../../errors'
import type { Handle } from '../../../../db/query'

/** The fields of `backtest-run` and `batch-run` that make up a backtest request. */
export type RunRequest = {
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

const USER_PREFIX = 'user:'

const SPEC_FIELDS = [
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
] as const

/** A request's stored bars; `not-found` when none are stored. */
export async function loadBars(pg: Handle, symbol: string, timeframe: string): Promise<BarColumns> {
  const bars = await readBars(pg, { symbol, timeframe })
  if (bars.time.length === 0) {
    throw new AppError(
      ErrorCode.NotFound,
      `No ${timeframe} bars stored for ${symbol}; import them first`,
    )
  }
  return bars
}

/**
 * The spec a request names, with the saved strategy it refers to (`user:<id>`) resolved: only the
 * fields the caller set (the engine fills defaults), and the saved strategy's id.
 */
export async function specOf(
  pg: Handle,
  request: RunRequest,
): Promise<{ spec: BacktestSpec; strategyId: string | null }> {
  let strategy = request.strategy as BacktestSpec['strategy']
  let strategyId: string | null = null
  if (typeof request.strategy === 'string' && request.strategy.startsWith(USER_PREFIX)) {
    const id = request.strategy.slice(USER_PREFIX.length)
    const saved = /^[0-9a-f-]{36}$/i.test(id) ? await getUserStrategy(pg, id) : null
    if (!saved) throw new AppError(ErrorCode.NotFound, `No saved strategy ${id}`)
    strategy = saved.rules as BacktestSpec['strategy']
    strategyId = saved.id
  }
  const spec: Record<string, unknown> = { strategy, params: request.params }
  for (const key of SPEC_FIELDS) {
    if (request[key] !== undefined) spec[key] = request[key]
  }
  return { spec: spec as BacktestSpec, strategyId }
}

/** The name a strategy goes by in a job: a built-in's name, a rule strategy's `name`, `custom`. */
export function strategyLabel(strategy: unknown): string {
  if (typeof strategy === 'string') return strategy
  const name = (strategy as { name?: unknown } | null)?.name
  return typeof name === 'string' ? name : 'custom'
}

/** A finished, not yet stored run as its DTO (the spec carries symbol and timeframe). */
export function runDtoOf(
  request: RunRequest,
  spec: BacktestSpec,
  result: BacktestResult,
): BacktestRunDto {
  return {
    id: null,
    symbol: request.symbol,
    timeframe: request.timeframe,
    mode: result.mode,
    semantics: result.semantics,
    strategy: result.strategy,
    spec: {
      ...(spec as Record<string, unknown>),
      symbol: request.symbol,
      timeframe: request.timeframe,
    },
    stats: result.stats,
    trades: result.trades,
    equity: result.equity,
    drawdown: result.drawdown,
    time: result.time,
    createdAt: null,
  }
}

/** What `insertBacktest` keeps of a run. */
export function storedRunOf(
  run: BacktestRunDto,
  strategyId: string | null,
): Omit<StoredBacktest, 'id' | 'createdAt'> {
  return {
    symbol: run.symbol,
    timeframe: run.timeframe,
    strategyId,
    startDate: run.stats.start.slice(0, 10),
    endDate: run.stats.end.slice(0, 10),
    spec: run.spec,
    strategy: run.strategy,
    semantics: { mode: run.mode, semantics: run.semantics },
    stats: run.stats,
    curves: { time: run.time, equity: run.equity, drawdown: run.drawdown },
    trades: run.trades,
  }
}

/** A stored run as its DTO. */
export function toRunDto(stored: StoredBacktest): BacktestRunDto {
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
