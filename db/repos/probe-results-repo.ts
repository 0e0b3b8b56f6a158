import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { rawOf, type Handle } from '../query'
import { quietTriggers } from './bulk-load'
import { probeStrategies, strategyProbeResults, strategyProbeTrades } from '../schema/index'

/** A `probe_strategies` row, typed from the schema. */
type StrategyRecord = typeof probeStrategies.$inferSelect
/** A `strategy_probe_results` row, typed from the schema. */
type ResultRecord = typeof strategyProbeResults.$inferSelect
/** A `strategy_probe_trades` row, typed from the schema. */
type TradeRecord = typeof strategyProbeTrades.$inferSelect

/** A catalogue strategy as a probe run reads it; `details` is checked by its reader. */
export type ProbeStrategyRow = Pick<
  StrategyRecord,
  'id' | 'name' | 'displayName' | 'strategyType' | 'direction' | 'details'
>

const STRATEGY_COLUMNS = {
  id: probeStrategies.id,
  name: probeStrategies.name,
  displayName: probeStrategies.displayName,
  strategyType: probeStrategies.strategyType,
  direction: probeStrategies.direction,
  details: probeStrategies.details,
}

/**
 * Active catalogue strategies by name: all, one family (`strategy_type`), or the named ones (an
 * unknown name is simply absent: the caller says which).
 */
export async function selectProbeStrategies(
  h: Handle,
  selection: { family?: string | undefined; names?: readonly string[] | undefined },
): Promise<ProbeStrategyRow[]> {
  const where = [eq(probeStrategies.isActive, true)]
  if (selection.family) where.push(eq(probeStrategies.strategyType, selection.family))
  if (selection.names) where.push(inArray(probeStrategies.name, [...selection.names]))
  return h
    .select(STRATEGY_COLUMNS)
    .from(probeStrategies)
    .where(and(...where))
    .orderBy(asc(probeStrategies.name))
}

/** Catalogue strategies by id (a resumed run's, active or not), by name. */
export async function probeStrategiesById(
  h: Handle,
  ids: readonly number[],
): Promise<ProbeStrategyRow[]> {
  if (ids.length === 0) return []
  return h
    .select(STRATEGY_COLUMNS)
    .from(probeStrategies)
    .where(inArray(probeStrategies.id, [...ids]))
    .orderBy(asc(probeStrategies.name))
}

/** The figures a row holds beside its keys (whole period, or one open day). */
export type ProbeFigures = Pick<
  ResultRecord,
  'totalTrades' | 'winRate' | 'profitFactor' | 'totalPnl' | 'maxDrawdown' | 'sharpeRatio'
> & { metrics: Record<string, unknown> }

/** One trade to store; times in epoch ms. */
export type ProbeTradeWrite = Pick<
  TradeRecord,
  'side' | 'entryPrice' | 'exitPrice' | 'quantity' | 'pnl' | 'returnPct' | 'exitReason'
> & { entryMs: number; exitMs: number; metrics: Record<string, unknown> | null }

/** One symbol × strategy of a run: its whole-period row, its open-day rows and its trades. */
export type ProbeResultWrite = ProbeFigures & {
  symbol: string
  strategyId: number
  periodStartMs: number | null
  periodEndMs: number | null
  days: (ProbeFigures & { openDay: string })[]
  trades: ProbeTradeWrite[]
}

/**
 * Stores symbol × strategy results of a run in one statement (all of them or, if it fails,
 * none): the whole-period rows and open-day rows multi-row, every trade of the whole-period rows
 * this statement inserted, and the job's completed count raised by those rows. A row already
 * stored under the same (run, symbol, strategy, open day) is left alone and its trades are not
 * written again, so a resumed or repeated run never stores anything twice. Answers how many
 * whole-period rows it stored.
 */
export async function insertProbeResults(
  h: Handle,
  runId: string,
  results: readonly ProbeResultWrite[],
): Promise<number> {
  if (results.length === 0) return 0
  const rows: Record<string, unknown>[] = []
  const trades: Record<string, unknown>[] = []
  for (const r of results) {
    const keys = {
      symbol: r.symbol,
      strategy_id: r.strategyId,
      period_start_ms: r.periodStartMs,
      period_end_ms: r.periodEndMs,
    }
    rows.push({ ...keys, open_day: null, ...figures(r) })
    for (const d of r.days) rows.push({ ...keys, open_day: d.openDay, ...figures(d) })
    for (const t of r.trades) {
      trades.push({
        symbol: r.symbol,
        strategy_id: r.strategyId,
        side: t.side,
        entry_ms: t.entryMs,
        exit_ms: t.exitMs,
        entry_price: t.entryPrice,
        exit_price: t.exitPrice,
        quantity: t.quantity,
        pnl: t.pnl,
        return_pct: t.returnPct,
        exit_reason: t.exitReason,
        metrics: t.metrics,
      })
    }
  }
  // Data-modifying CTEs all run, in one snapshot: the trades join only the whole-period rows
  // this statement inserted, so a conflict (stored before) skips its trades as well. The
  // foreign-key checks are skipped for the statement (as a bulk restore skips them): every trade
  // refers to a row the same statement inserted, every result to a catalogue row its caller read.
  return h.transaction(async (tx) => {
    const quiet = await quietTriggers(tx)
    const n = await insertStatement(tx, runId, rows, trades)
    await quiet?.restore()
    return n
  })
}

async function insertStatement(
  h: Handle,
  runId: string,
  rows: Record<string, unknown>[],
  trades: Record<string, unknown>[],
): Promise<number> {
  const result = await rawOf(h).query<{ n: number }>(
    `WITH inserted AS (
       INSERT INTO backtest.strategy_probe_results
         (run_id, symbol, strategy_id, period_start, period_end, open_day, total_trades, win_rate,
          profit_factor, total_pnl, max_drawdown, sharpe_ratio, metrics)
       SELECT $1, r.symbol, r.strategy_id, to_timestamp(r.period_start_ms / 1000.0),
              to_timestamp(r.period_end_ms / 1000.0), r.open_day, r.total_trades, r.win_rate,
              r.profit_factor, r.total_pnl, r.max_drawdown, r.sharpe_ratio, r.metrics
         FROM jsonb_to_recordset($2::jsonb) AS r(symbol text, strategy_id int, period_start_ms float8,
              period_end_ms float8, open_day date, total_trades int, win_rate float8,
              profit_factor float8, total_pnl float8, max_drawdown float8, sharpe_ratio float8,
              metrics jsonb)
       ON CONFLICT ON CONSTRAINT uq_strategy_probe_results_run_symbol_strategy_day DO NOTHING
       RETURNING id, symbol, strategy_id, open_day),
     whole AS (SELECT id, symbol, strategy_id FROM inserted WHERE open_day IS NULL),
     traded AS (
       INSERT INTO backtest.strategy_probe_trades
         (result_id, symbol, side, entry_time, exit_time, entry_price, exit_price, quantity, pnl,
          return_pct, exit_reason, metrics)
       SELECT w.id, t.symbol, t.side, to_timestamp(t.entry_ms / 1000.0),
              to_timestamp(t.exit_ms / 1000.0), t.entry_price, t.exit_price, t.quantity, t.pnl,
              t.return_pct, t.exit_reason, t.metrics
         FROM jsonb_to_recordset($3::jsonb) AS t(symbol text, strategy_id int, side text,
              entry_ms float8, exit_ms float8, entry_price float8, exit_price float8,
              quantity float8, pnl float8, return_pct float8, exit_reason text, metrics jsonb)
         JOIN whole w ON w.symbol = t.symbol AND w.strategy_id = t.strategy_id
       RETURNING 1),
     counted AS (
       UPDATE backtest.batch_jobs SET completed = completed + (SELECT count(*) FROM whole)
        WHERE id = $1 RETURNING 1)
     SELECT (SELECT count(*) FROM whole)::int AS n`,
    [runId, JSON.stringify(rows), JSON.stringify(trades)],
  )
  return result.rows[0]?.n ?? 0
}

function figures(f: ProbeFigures): Record<string, unknown> {
  return {
    total_trades: f.totalTrades,
    win_rate: f.winRate,
    profit_factor: f.profitFactor,
    total_pnl: f.totalPnl,
    max_drawdown: f.maxDrawdown,
    sharpe_ratio: f.sharpeRatio,
    metrics: f.metrics,
  }
}

/** The symbol × strategy pairs of a run already stored (`symbol \0 strategyId`): a resume skips them. */
export async function storedProbePairs(h: Handle, runId: string): Promise<Set<string>> {
  const rows = await h
    .select({ symbol: strategyProbeResults.symbol, strategyId: strategyProbeResults.strategyId })
    .from(strategyProbeResults)
    .where(and(eq(strategyProbeResults.runId, runId), isNull(strategyProbeResults.openDay)))
  return new Set(rows.map((r) => probePairKey(r.symbol, r.strategyId)))
}

/** The key of a symbol × strategy pair in `storedProbePairs`. */
export function probePairKey(symbol: string, strategyId: number): string {
  return `${symbol}\u0000${strategyId}`
}

/** A stored whole-period result with its strategy's name and family. */
export type ProbeResultRow = Pick<
  ResultRecord,
  | 'id'
  | 'symbol'
  | 'strategyId'
  | 'totalTrades'
  | 'winRate'
  | 'profitFactor'
  | 'totalPnl'
  | 'maxDrawdown'
  | 'sharpeRatio'
> & {
  strategy: StrategyRecord['name']
  displayName: string
  family: string
  metrics: Record<string, unknown>
  periodStart: string | null
  periodEnd: string | null
}

/** Every whole-period result of a run (what a leaderboard ranks), by strategy and symbol. */
export async function readProbeResults(
  h: Handle,
  runId: string,
  filter: { symbol?: string; strategy?: string } = {},
): Promise<ProbeResultRow[]> {
  const where = [eq(strategyProbeResults.runId, runId), isNull(strategyProbeResults.openDay)]
  if (filter.symbol) where.push(eq(strategyProbeResults.symbol, filter.symbol))
  if (filter.strategy) where.push(eq(probeStrategies.name, filter.strategy))
  const rows = await h
    .select({
      id: strategyProbeResults.id,
      symbol: strategyProbeResults.symbol,
      strategyId: strategyProbeResults.strategyId,
      strategy: probeStrategies.name,
      displayName: probeStrategies.displayName,
      family: probeStrategies.strategyType,
      periodStart: strategyProbeResults.periodStart,
      periodEnd: strategyProbeResults.periodEnd,
      totalTrades: strategyProbeResults.totalTrades,
      winRate: strategyProbeResults.winRate,
      profitFactor: strategyProbeResults.profitFactor,
      totalPnl: strategyProbeResults.totalPnl,
      maxDrawdown: strategyProbeResults.maxDrawdown,
      sharpeRatio: strategyProbeResults.sharpeRatio,
      metrics: strategyProbeResults.metrics,
    })
    .from(strategyProbeResults)
    .innerJoin(probeStrategies, eq(probeStrategies.id, strategyProbeResults.strategyId))
    .where(and(...where))
    .orderBy(asc(probeStrategies.name), asc(strategyProbeResults.symbol))
  return rows.map((r) => ({
    ...r,
    displayName: r.displayName ?? r.strategy,
    family: r.family ?? 'other',
    metrics: (r.metrics ?? {}) as Record<string, unknown>,
    periodStart: r.periodStart ? r.periodStart.toISOString() : null,
    periodEnd: r.periodEnd ? r.periodEnd.toISOString() : null,
  }))
}

/** A stored open-day row of a run. */
export type ProbeDayRow = Pick<
  ResultRecord,
  'symbol' | 'totalTrades' | 'winRate' | 'profitFactor' | 'totalPnl'
> & { strategy: string; openDay: string }

/** A run's open-day rows, by day, for one symbol and/or strategy, or one day across all. */
export async function readProbeDays(
  h: Handle,
  runId: string,
  filter: { symbol?: string; strategy?: string; openDay?: string } = {},
): Promise<ProbeDayRow[]> {
  const where = [
    eq(strategyProbeResults.runId, runId),
    sql`${strategyProbeResults.openDay} IS NOT NULL`,
  ]
  if (filter.symbol) where.push(eq(strategyProbeResults.symbol, filter.symbol))
  if (filter.strategy) where.push(eq(probeStrategies.name, filter.strategy))
  if (filter.openDay) where.push(eq(strategyProbeResults.openDay, filter.openDay))
  const rows = await h
    .select({
      symbol: strategyProbeResults.symbol,
      strategy: probeStrategies.name,
      openDay: strategyProbeResults.openDay,
      totalTrades: strategyProbeResults.totalTrades,
      winRate: strategyProbeResults.winRate,
      profitFactor: strategyProbeResults.profitFactor,
      totalPnl: strategyProbeResults.totalPnl,
    })
    .from(strategyProbeResults)
    .innerJoin(probeStrategies, eq(probeStrategies.id, strategyProbeResults.strategyId))
    .where(and(...where))
    .orderBy(
      asc(strategyProbeResults.openDay),
      asc(probeStrategies.name),
      asc(strategyProbeResults.symbol),
    )
  return rows.map((r) => ({ ...r, openDay: r.openDay ?? '' }))
}

/** How many trades a run stored (all symbols and strategies). */
export async function countProbeTrades(h: Handle, runId: string): Promise<number> {
  const rows = await h
    .select({ n: sql<number>`count(*)::int` })
    .from(strategyProbeTrades)
    .innerJoin(strategyProbeResults, eq(strategyProbeResults.id, strategyProbeTrades.resultId))
    .where(eq(strategyProbeResults.runId, runId))
  return rows[0]?.n ?? 0
}

/** How many result rows a run stored: whole-period and open-day. */
export async function countProbeRows(
  h: Handle,
  runId: string,
): Promise<{ results: number; days: number }> {
  const rows = await h
    .select({
      results: sql<number>`count(*) FILTER (WHERE ${strategyProbeResults.openDay} IS NULL)::int`,
      days: sql<number>`count(*) FILTER (WHERE ${strategyProbeResults.openDay} IS NOT NULL)::int`,
    })
    .from(strategyProbeResults)
    .where(eq(strategyProbeResults.runId, runId))
  return { results: rows[0]?.results ?? 0, days: rows[0]?.days ?? 0 }
}
