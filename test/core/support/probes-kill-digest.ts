import { createHash } from 'node:crypto'
import { canonical } from './jobs-kill-digest'
import type { PGlite } from '@electric-sql/pglite'

/** The symbols every probe-kill writer runs over: GOOG's daily bars under three names. */
export const KILL_SYMBOLS = ['KA', 'KB', 'KC'] as const

type PairRow = {
  symbol: string
  strategy: string
  open_day: string | null
  total_trades: number
  win_rate: number | null
  profit_factor: number | null
  total_pnl: number | null
  max_drawdown: number | null
  sharpe_ratio: number | null
  metrics: unknown
  trades: unknown
}

/**
 * Every stored symbol × strategy pair of probe run `runId` with one checksum over its result
 * row, its open-day rows and every trade (in entry order): `symbol/strategy` → checksum. A pair
 * is counted only once its whole-period row is stored (the job writes a pair's rows together).
 */
export async function storedPairs(pg: PGlite, runId: string): Promise<Map<string, string>> {
  const { rows } = await pg.query<PairRow>(
    `SELECT r.symbol, s.name AS strategy, r.open_day::text AS open_day, r.total_trades, r.win_rate,
            r.profit_factor, r.total_pnl, r.max_drawdown, r.sharpe_ratio, r.metrics,
            (SELECT coalesce(jsonb_agg(jsonb_build_array(t.side, t.entry_time, t.exit_time,
                      t.entry_price, t.exit_price, t.quantity, t.pnl, t.return_pct, t.exit_reason)
                      ORDER BY t.entry_time, t.id), '[]'::jsonb)
               FROM backtest.strategy_probe_trades t WHERE t.result_id = r.id) AS trades
       FROM backtest.strategy_probe_results r
       JOIN strategy.probe_strategies s ON s.id = r.strategy_id
      WHERE r.run_id = $1
      ORDER BY r.symbol, s.name, r.open_day NULLS FIRST`,
    [runId],
  )
  const byPair = new Map<string, PairRow[]>()
  for (const row of rows) {
    const key = `${row.symbol}/${row.strategy}`
    byPair.set(key, [...(byPair.get(key) ?? []), row])
  }
  const out = new Map<string, string>()
  for (const [key, pairRows] of byPair) {
    if (!pairRows.some((r) => r.open_day === null)) continue
    const body = pairRows.map((r) => ({ ...r, symbol: undefined, strategy: undefined }))
    out.set(
      key,
      createHash('sha256')
        .update(JSON.stringify(canonical(body)))
        .digest('hex')
        .slice(0, 32),
    )
  }
  return out
}

/** What every writer probes: the catalogue's trend family over the kill symbols' daily bars. */
export const KILL_PROBE = { timeframe: '1Day', family: 'trend' } as const
