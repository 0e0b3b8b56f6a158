// Orchestration shared by the backtest channels (single runs and grids): stored bars, the
// strategy a request names, the spec the engine receives, and the DTO of a run.
import { getUserStrategy, type StoredBacktest } from '../../../../db/repos/backtest-repo'
import { readBars } from '../../../../db/repos/market-repo'
import type { BacktestRunDto, BacktestStatsDto } from '../../contract/backtest'
import { ErrorCode } from '../../contract/errors'
import { rulesStrategySchema } from '../../contract/backtest-spec'
import type { BacktestResult, ParsedBacktestSpec } from '../../domain/backtest'
import type { BarColumns } from '../../domain/market/bars'
import { AppError } from '../../errors'
import { wireIssues } from '../../zod-issues'
import type { Handle } from '../../../../db/query'

/**
 * The fields of `backtest-run` and `batch-run` that make up a backtest request, as the channel
 * parsed them (every default applied).
 */
export type RunRequest = Omit<ParsedBacktestSpec, 'from' | 'to'> & {
  symbol: string
  timeframe: string
  from?: string | undefined
  to?: string | undefined
}

const USER_PREFIX = 'user:'

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
 * The strategy a request names, with a saved one (`user:<id>`) read and checked (it comes from a
 * database column, not from the request), and the saved strategy's id; `not-found` when no such
 * strategy is saved.
 */
export async function strategyOf(
  pg: Handle,
  strategy: ParsedBacktestSpec['strategy'],
): Promise<{ strategy: ParsedBacktestSpec['strategy']; strategyId: string | null }> {
  if (typeof strategy !== 'string' || !strategy.startsWith(USER_PREFIX)) {
    return { strategy, strategyId: null }
  }
  const id = strategy.slice(USER_PREFIX.length)
  const saved = /^[0-9a-f-]{36}$/i.test(id) ? await getUserStrategy(pg, id) : null
  if (!saved) throw new AppError(ErrorCode.NotFound, `No saved strategy ${id}`)
  const rules = rulesStrategySchema.safeParse(saved.rules)
  if (!rules.success) {
    const issues = wireIssues(rules.error).map((i) => ({ ...i, path: ['strategy', ...i.path] }))
    throw new AppError(ErrorCode.InvalidInput, `Saved strategy ${id} holds invalid rules`, {
      issues,
    })
  }
  return { strategy: rules.data, strategyId: saved.id }
}

/**
 * The spec a parsed request names (its saved strategy resolved, see `strategyOf`) and the saved
 * strategy's id. The request was validated by its channel: nothing here validates it again.
 */
export async function specOf(
  pg: Handle,
  request: RunRequest,
): Promise<{ spec: ParsedBacktestSpec; strategyId: string | null }> {
  const { strategy, strategyId } = await strategyOf(pg, request.strategy)
  const spec: ParsedBacktestSpec = {
    strategy,
    params: request.params,
    cash: request.cash,
    commission: request.commission,
    spread: request.spread,
    slippage: request.slippage,
    margin: request.margin,
    sizing: request.sizing,
    units: request.units,
    orders: request.orders,
    finalizeTrades: request.finalizeTrades,
    statsConvention: request.statsConvention,
    ...(request.from === undefined ? {} : { from: request.from }),
    ...(request.to === undefined ? {} : { to: request.to }),
  }
  return { spec, strategyId }
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
  spec: ParsedBacktestSpec,
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
      ...spec,
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
