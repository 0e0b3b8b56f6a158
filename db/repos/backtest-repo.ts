import { and, desc, eq, isNull, sql } from 'drizzle-orm'
import type { Handle } from '../query'
import { backtestResults, strategies } from '../schema/index'

type ResultRecord = typeof backtestResults.$inferSelect

/** What is kept of one run: the request snapshot, results and curves. */
export type StoredBacktest = Pick<
  ResultRecord,
  'id' | 'symbol' | 'timeframe' | 'strategyId' | 'startDate' | 'endDate'
> &
  ResultRecord['strategyElements'] & {
    semantics: NonNullable<ResultRecord['semantics']>
    stats: ResultRecord['metrics']
    curves: NonNullable<ResultRecord['equityCurve']>
    trades: NonNullable<ResultRecord['positions']>
    createdAt: string
  }

const SUMMARY_COLUMNS = {
  id: backtestResults.id,
  symbol: backtestResults.symbol,
  timeframe: backtestResults.timeframe,
  strategyId: backtestResults.strategyId,
  startDate: backtestResults.startDate,
  endDate: backtestResults.endDate,
  strategyElements: backtestResults.strategyElements,
  semantics: backtestResults.semantics,
  metrics: backtestResults.metrics,
  createdAt: backtestResults.createdAt,
}

function toSummary(
  r: Pick<ResultRecord, keyof typeof SUMMARY_COLUMNS>,
): Omit<StoredBacktest, 'curves' | 'trades'> {
  return {
    id: r.id,
    symbol: r.symbol,
    timeframe: r.timeframe,
    strategyId: r.strategyId,
    startDate: r.startDate,
    endDate: r.endDate,
    spec: r.strategyElements.spec,
    strategy: r.strategyElements.strategy,
    // `insertBacktest` always writes it; a row without one names no semantics.
    semantics: r.semantics ?? { mode: 'reference', semantics: [] },
    stats: r.metrics,
    createdAt: r.createdAt.toISOString(),
  }
}

/** Stores a run in `backtest_results`; answers its id and creation time. */
export async function insertBacktest(
  h: Handle,
  run: Omit<StoredBacktest, 'id' | 'createdAt'>,
): Promise<{ id: number; createdAt: string }> {
  const [row] = await h
    .insert(backtestResults)
    .values({
      strategyId: run.strategyId,
      symbol: run.symbol,
      timeframe: run.timeframe,
      startDate: run.startDate,
      endDate: run.endDate,
      strategyElements: { spec: run.spec, strategy: run.strategy },
      parameters: run.strategy.params,
      semantics: run.semantics,
      metrics: run.stats,
      equityCurve: run.curves,
      positions: run.trades,
    })
    .returning({ id: backtestResults.id, createdAt: backtestResults.createdAt })
  if (!row) throw new Error('could not store the backtest')
  return { id: row.id, createdAt: row.createdAt.toISOString() }
}

/** One stored run, or null. */
export async function getBacktest(h: Handle, id: number): Promise<StoredBacktest | null> {
  const [row] = await h
    .select({
      ...SUMMARY_COLUMNS,
      equityCurve: backtestResults.equityCurve,
      positions: backtestResults.positions,
    })
    .from(backtestResults)
    .where(eq(backtestResults.id, id))
  if (!row) return null
  return {
    ...toSummary(row),
    curves: row.equityCurve ?? { time: [], equity: [], drawdown: [] },
    trades: row.positions ?? [],
  }
}

/** Stored runs, newest first, without curves and trades. */
export async function listBacktests(
  h: Handle,
  filter: { symbol?: string | undefined; limit: number },
): Promise<Omit<StoredBacktest, 'curves' | 'trades'>[]> {
  const rows = await h
    .select(SUMMARY_COLUMNS)
    .from(backtestResults)
    .where(filter.symbol ? eq(backtestResults.symbol, filter.symbol) : undefined)
    .orderBy(desc(backtestResults.createdAt), desc(backtestResults.id))
    .limit(filter.limit)
  return rows.map(toSummary)
}

/** Deletes a stored run; answers whether it existed. */
export async function deleteBacktest(h: Handle, id: number): Promise<boolean> {
  const rows = await h
    .delete(backtestResults)
    .where(eq(backtestResults.id, id))
    .returning({ id: backtestResults.id })
  return rows.length > 0
}

type StrategyRecord = typeof strategies.$inferSelect

/** A saved user rule strategy (`rules` is stored in `elements`). */
export type StoredStrategy = Pick<StrategyRecord, 'id' | 'name' | 'description'> & {
  rules: Record<string, unknown>
  /** The catalogue family it was last found to behave like (null: not asked, or none). */
  impliedFamily: string | null
  updatedAt: string
}

const STRATEGY_COLUMNS = {
  id: strategies.id,
  name: strategies.name,
  description: strategies.description,
  elements: strategies.elements,
  impliedStrategyFamily: strategies.impliedStrategyFamily,
  updatedAt: strategies.updatedAt,
}

function toStrategy(r: Pick<StrategyRecord, keyof typeof STRATEGY_COLUMNS>): StoredStrategy {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    // A rule strategy's elements are one object (reads keep to those); other strategies keep a
    // list of elements there.
    rules: r.elements as Record<string, unknown>,
    impliedFamily: r.impliedStrategyFamily,
    updatedAt: r.updatedAt.toISOString(),
  }
}

const IS_RULE_STRATEGY = sql`jsonb_typeof(${strategies.elements}) = 'object'`

/** Live (not tombstoned) user strategies whose elements hold a rule strategy, by name. */
export async function listUserStrategies(h: Handle): Promise<StoredStrategy[]> {
  const rows = await h
    .select(STRATEGY_COLUMNS)
    .from(strategies)
    .where(and(isNull(strategies.deletedAt), IS_RULE_STRATEGY))
    .orderBy(strategies.name)
  return rows.map(toStrategy)
}

/** One live user strategy, or null. */
export async function getUserStrategy(h: Handle, id: string): Promise<StoredStrategy | null> {
  const [row] = await h
    .select(STRATEGY_COLUMNS)
    .from(strategies)
    .where(and(eq(strategies.id, id), isNull(strategies.deletedAt)))
  return row ? toStrategy(row) : null
}

/** Inserts or updates a user strategy by id (client-minted UUIDv7). */
export async function upsertUserStrategy(
  h: Handle,
  s: { id: string; name: string; description: string | null; rules: Record<string, unknown> },
): Promise<StoredStrategy> {
  // New rules may behave otherwise: the family found for the old ones is dropped.
  const fields = {
    name: s.name,
    description: s.description,
    elements: s.rules,
    impliedStrategyFamily: null,
  }
  const [row] = await h
    .insert(strategies)
    .values({ id: s.id, ...fields })
    .onConflictDoUpdate({ target: strategies.id, set: { ...fields, deletedAt: null } })
    .returning(STRATEGY_COLUMNS)
  if (!row) throw new Error('could not store the strategy')
  return toStrategy(row)
}

/** Tombstones a user strategy (the row stays so the delete can sync). */
export async function deleteUserStrategy(h: Handle, id: string): Promise<boolean> {
  const rows = await h
    .update(strategies)
    .set({ deletedAt: sql`now()` })
    .where(and(eq(strategies.id, id), isNull(strategies.deletedAt)))
    .returning({ id: strategies.id })
  return rows.length > 0
}
