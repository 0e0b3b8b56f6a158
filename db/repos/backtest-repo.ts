import { rawOf, type Handle } from '../query'

/** What is kept of one run: the request snapshot, results and curves. */
export type StoredBacktest = {
  id: number
  symbol: string | null
  timeframe: string | null
  strategyId: string | null
  startDate: string
  endDate: string
  spec: Record<string, unknown>
  strategy: { name: string; params: Record<string, number> }
  semantics: { mode: 'reference'; semantics: string[] }
  stats: Record<string, unknown>
  curves: { time: number[]; equity: number[]; drawdown: number[] }
  trades: unknown[]
  createdAt: string
}

type Row = {
  id: number
  symbol: string | null
  timeframe: string | null
  strategy_id: string | null
  start_date: string | Date
  end_date: string | Date
  strategy_elements: {
    spec: Record<string, unknown>
    strategy: { name: string; params: Record<string, number> }
  }
  semantics: { mode: 'reference'; semantics: string[] }
  metrics: Record<string, unknown>
  equity_curve: { time: number[]; equity: number[]; drawdown: number[] } | null
  positions: unknown[] | null
  created_at: Date | string
}

function dateText(value: string | Date): string {
  return typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10)
}

function fromRow(r: Row): StoredBacktest {
  return {
    id: r.id,
    symbol: r.symbol,
    timeframe: r.timeframe,
    strategyId: r.strategy_id,
    startDate: dateText(r.start_date),
    endDate: dateText(r.end_date),
    spec: r.strategy_elements.spec,
    strategy: r.strategy_elements.strategy,
    semantics: r.semantics,
    stats: r.metrics,
    curves: r.equity_curve ?? { time: [], equity: [], drawdown: [] },
    trades: r.positions ?? [],
    createdAt: new Date(r.created_at).toISOString(),
  }
}

/** Stores a run in `backtest_results`; answers its id and creation time. */
export async function insertBacktest(
  h: Handle,
  run: Omit<StoredBacktest, 'id' | 'createdAt'>,
): Promise<{ id: number; createdAt: string }> {
  const result = await rawOf(h).query<{ id: number; created_at: Date }>(
    `INSERT INTO backtest.backtest_results
       (strategy_id, symbol, timeframe, start_date, end_date, strategy_elements, parameters, semantics, metrics, equity_curve, positions)
     VALUES ($1::uuid, $2, $3, $4::date, $5::date, $6::jsonb, $7::jsonb, $8::jsonb, $9::jsonb, $10::jsonb, $11::jsonb)
     RETURNING id, created_at`,
    [
      run.strategyId,
      run.symbol,
      run.timeframe,
      run.startDate,
      run.endDate,
      JSON.stringify({ spec: run.spec, strategy: run.strategy }),
      JSON.stringify(run.strategy.params),
      JSON.stringify(run.semantics),
      JSON.stringify(run.stats),
      JSON.stringify(run.curves),
      JSON.stringify(run.trades),
    ],
  )
  const row = result.rows[0] as { id: number; created_at: Date }
  return { id: row.id, createdAt: new Date(row.created_at).toISOString() }
}

/** One stored run, or null. */
export async function getBacktest(h: Handle, id: number): Promise<StoredBacktest | null> {
  const result = await rawOf(h).query<Row>(
    `SELECT * FROM backtest.backtest_results WHERE id = $1`,
    [id],
  )
  const row = result.rows[0]
  return row ? fromRow(row) : null
}

/** Stored runs, newest first, without curves and trades. */
export async function listBacktests(
  h: Handle,
  filter: { symbol?: string | undefined; limit: number },
): Promise<Omit<StoredBacktest, 'curves' | 'trades'>[]> {
  const params: unknown[] = [filter.limit]
  let where = ''
  if (filter.symbol) {
    params.push(filter.symbol)
    where = `WHERE symbol = $2`
  }
  const result = await rawOf(h).query<Row>(
    `SELECT id, symbol, timeframe, strategy_id, start_date, end_date, strategy_elements, semantics, metrics, NULL AS equity_curve, NULL AS positions, created_at
       FROM backtest.backtest_results ${where} ORDER BY created_at DESC, id DESC LIMIT $1`,
    params,
  )
  return result.rows.map((r) => {
    const { curves: _curves, trades: _trades, ...rest } = fromRow(r)
    return rest
  })
}

/** Deletes a stored run; answers whether it existed. */
export async function deleteBacktest(h: Handle, id: number): Promise<boolean> {
  const result = await rawOf(h).query(`DELETE FROM backtest.backtest_results WHERE id = $1`, [id])
  return (result.affectedRows ?? 0) > 0
}

/** A saved user rule strategy. */
export type StoredStrategy = {
  id: string
  name: string
  description: string | null
  rules: Record<string, unknown>
  updatedAt: string
}

type StrategyRow = {
  id: string
  name: string
  description: string | null
  elements: Record<string, unknown>
  updated_at: Date
}

/** Live (not tombstoned) user strategies whose elements hold a rule strategy, by name. */
export async function listUserStrategies(h: Handle): Promise<StoredStrategy[]> {
  const result = await rawOf(h).query<StrategyRow>(
    `SELECT id, name, description, elements, updated_at FROM strategy.strategies
      WHERE deleted_at IS NULL AND jsonb_typeof(elements) = 'object' ORDER BY name`,
  )
  return result.rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    rules: r.elements,
    updatedAt: new Date(r.updated_at).toISOString(),
  }))
}

/** One live user strategy, or null. */
export async function getUserStrategy(h: Handle, id: string): Promise<StoredStrategy | null> {
  const result = await rawOf(h).query<StrategyRow>(
    `SELECT id, name, description, elements, updated_at FROM strategy.strategies WHERE id = $1 AND deleted_at IS NULL`,
    [id],
  )
  const r = result.rows[0]
  return r
    ? {
        id: r.id,
        name: r.name,
        description: r.description,
        rules: r.elements,
        updatedAt: new Date(r.updated_at).toISOString(),
      }
    : null
}

/** Inserts or updates a user strategy by id (client-minted UUIDv7). */
export async function upsertUserStrategy(
  h: Handle,
  s: { id: string; name: string; description: string | null; rules: Record<string, unknown> },
): Promise<StoredStrategy> {
  const result = await rawOf(h).query<StrategyRow>(
    `INSERT INTO strategy.strategies (id, name, description, elements)
     VALUES ($1::uuid, $2, $3, $4::jsonb)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description, elements = excluded.elements, deleted_at = NULL
     RETURNING id, name, description, elements, updated_at`,
    [s.id, s.name, s.description, JSON.stringify(s.rules)],
  )
  const r = result.rows[0] as StrategyRow
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    rules: r.elements,
    updatedAt: new Date(r.updated_at).toISOString(),
  }
}

/** Tombstones a user strategy (the row stays so the delete can sync). */
export async function deleteUserStrategy(h: Handle, id: string): Promise<boolean> {
  const result = await rawOf(h).query(
    `UPDATE strategy.strategies SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL`,
    [id],
  )
  return (result.affectedRows ?? 0) > 0
}
