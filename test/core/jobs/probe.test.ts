import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeBars } from '../../../db/repos/market-repo'
import { insertProbeResults } from '../../../db/repos/probe-results-repo'
import type { BarColumns } from '../../../electron/core/domain/market/bars'
import { probeResultOf } from '../../../electron/core/jobs/probe'
import { openTestCore, type TestCore } from '../../support/core'
import { insertProbeFixtures, probeFixtures } from '../../support/probe-fixtures'
import { loadBars } from '../../support/reference-bars'

/** A deterministic daily series: a seeded walk with some trend and swings. */
function dailySeries(n: number, seed: number): BarColumns {
  const time = new Float64Array(n)
  const close = new Float64Array(n)
  let price = 50 + seed
  let s = seed * 7919 + 1
  for (let i = 0; i < n; i++) {
    s = (s * 16807) % 2147483647
    const noise = (s / 2147483647 - 0.5) * 0.03
    time[i] = Date.UTC(2000, 0, 3) + i * 86_400_000
    price *= 1 + noise + 0.01 * Math.sin(i / (20 + seed))
    close[i] = price
  }
  const open = close.map((c, i) => (i ? (close[i - 1] as number) : c))
  return {
    time,
    open,
    high: close.map((c, i) => Math.max(c, open[i] as number) * 1.01),
    low: close.map((c, i) => Math.min(c, open[i] as number) * 0.99),
    close,
    volume: new Float64Array(n).fill(1e6),
  }
}

type Counts = { results: number; distinct: number; days: number; trades: number; sumTrades: number }

async function counts(core: TestCore, runId: string): Promise<Counts> {
  const r = await core.pg.query<Counts>(
    `SELECT
       (SELECT count(*)::int FROM backtest.strategy_probe_results WHERE run_id = $1 AND open_day IS NULL) AS results,
       (SELECT count(DISTINCT (symbol, strategy_id))::int FROM backtest.strategy_probe_results WHERE run_id = $1) AS distinct,
       (SELECT count(*)::int FROM backtest.strategy_probe_results WHERE run_id = $1 AND open_day IS NOT NULL) AS days,
       (SELECT count(*)::int FROM backtest.strategy_probe_trades t JOIN backtest.strategy_probe_results r ON r.id = t.result_id WHERE r.run_id = $1) AS trades,
       (SELECT coalesce(sum(total_trades), 0)::int FROM backtest.strategy_probe_results WHERE run_id = $1 AND open_day IS NULL) AS "sumTrades"`,
    [runId],
  )
  return r.rows[0] as Counts
}

describe('probe runs', () => {
  let core: TestCore
  beforeAll(async () => {
    core = await openTestCore()
    await insertProbeFixtures(core.deps.db)
    await core.deps.db.transaction(async (tx) => {
      await writeBars(tx, {
        symbol: 'GOOG',
        timeframe: '1Day',
        bars: loadBars('GOOG'),
        source: 'test',
      })
      for (let k = 1; k <= 12; k++) {
        const bars = dailySeries(4_000, k)
        await writeBars(tx, { symbol: `SYN${k}`, timeframe: '1Day', bars, source: 'test' })
      }
    })
  })
  afterAll(() => core.close())

  it('stores one result per symbol × strategy with every seed column, every trade and the open-day rows', async () => {
    const job = await core.value('probes-run', {
      timeframe: '1Day',
      symbols: ['GOOG', 'SYN1', 'SYN2'],
      commission: 0.002,
      wait: true,
    })
    expect(job).toMatchObject({ status: 'completed', total: 15, completed: 15, strategies: 5 })
    const c = await counts(core, job.id)
    expect(c.results).toBe(15)
    expect(c.distinct).toBe(15)
    // Every trade a whole-period row counts is stored, and trades were made.
    expect(c.trades).toBe(c.sumTrades)
    expect(c.trades).toBeGreaterThan(15)
    const rows = await core.pg.query<Record<string, unknown>>(
      `SELECT r.*, s.name FROM backtest.strategy_probe_results r
         JOIN strategy.probe_strategies s ON s.id = r.strategy_id
        WHERE run_id = $1 AND open_day IS NULL AND symbol = 'GOOG' AND s.name = 'fixture-sma-cross'`,
      [job.id],
    )
    const row = rows.rows[0] as Record<string, unknown>
    expect(row).toMatchObject({ run_id: job.id, symbol: 'GOOG' })
    for (const col of [
      'period_start',
      'period_end',
      'win_rate',
      'profit_factor',
      'total_pnl',
      'max_drawdown',
      'sharpe_ratio',
    ]) {
      expect(row[col], col).not.toBeNull()
    }
    expect((row.metrics as Record<string, unknown>).returnPct).toEqual(expect.any(Number))
    // The open-day rows of a pair add up to its trades, day by day of entry.
    const days = await core.pg.query<{ n: number; trades: number; entries: number }>(
      `SELECT count(*)::int AS n, sum(d.total_trades)::int AS trades,
              (SELECT count(DISTINCT (t.entry_time AT TIME ZONE 'UTC')::date)::int FROM backtest.strategy_probe_trades t
                WHERE t.result_id = $2) AS entries
         FROM backtest.strategy_probe_results d
        WHERE d.run_id = $1 AND d.symbol = 'GOOG' AND d.strategy_id = $3 AND d.open_day IS NOT NULL`,
      [job.id, row.id, row.strategy_id],
    )
    expect(days.rows[0]?.trades).toBe(row.total_trades)
    expect(days.rows[0]?.n).toBe(days.rows[0]?.entries)
    const read = await core.value('probes-days', {
      jobId: job.id,
      symbol: 'GOOG',
      strategy: 'fixture-sma-cross',
    })
    expect(read).toHaveLength(days.rows[0]?.n as number)
    expect(read.reduce((a, d) => a + d.totalTrades, 0)).toBe(row.total_trades)
    const oneDay = await core.value('probes-days', { jobId: job.id, openDay: read[0]?.openDay })
    expect(oneDay.map((d) => d.openDay)).toEqual(oneDay.map(() => read[0]?.openDay))
    // The drill-down's full backtest is the stored result again.
    const drill = await core.value('probes-backtest', {
      jobId: job.id,
      symbol: 'GOOG',
      strategy: 'fixture-sma-cross',
    })
    expect(drill.trades.length).toBe(row.total_trades)
    expect(drill.stats.sharpe).toBeCloseTo(row.sharpe_ratio as number, 10)
    expect(drill.equity.length).toBeGreaterThan(1000)
  })

  it('a re-run of the same results stores nothing twice', async () => {
    const job = await core.value('probes-run', {
      timeframe: '1Day',
      symbols: ['SYN3'],
      names: ['fixture-sma-cross', 'fixture-rsi2'],
      wait: true,
    })
    const before = await counts(core, job.id)
    const drill = await core.value('probes-backtest', {
      jobId: job.id,
      symbol: 'SYN3',
      strategy: 'fixture-sma-cross',
    })
    const ids = await core.pg.query<{ id: number }>(
      `SELECT id FROM strategy.probe_strategies WHERE name = 'fixture-sma-cross'`,
    )
    const again = probeResultOf('SYN3', ids.rows[0]?.id as number, {
      index: 0,
      stats: drill.stats,
      trades: drill.trades.map((t) => ({
        ...t,
        entryTime: Date.parse(t.entryTime),
        exitTime: Date.parse(t.exitTime),
      })),
      moments: null,
    })
    expect(await insertProbeResults(core.deps.db, job.id, [again])).toBe(0)
    expect(await counts(core, job.id)).toEqual(before)
    const resumed = await core.call('probes-resume', { jobId: job.id })
    expect(resumed.ok === false && resumed.error.code).toBe('conflict')
  })

  it('cancelled mid-run, resumes to every pair once', async () => {
    const symbols = Array.from({ length: 12 }, (_, k) => `SYN${k + 1}`)
    const job = await core.value('probes-run', { timeframe: '1Day', symbols })
    expect(job.status).toBe('running')
    // Wait until some results are stored, then cancel.
    for (;;) {
      const c = await counts(core, job.id)
      if (c.results > 0) break
      await new Promise((r) => setTimeout(r, 5))
    }
    const cancelled = await core.value('probes-cancel', { jobId: job.id })
    expect(cancelled.status).toBe('cancelled')
    const mid = await counts(core, job.id)
    expect(mid.results).toBeGreaterThan(0)
    expect(mid.results).toBeLessThan(60)
    expect(cancelled.completed).toBe(mid.results)
    expect(mid.trades).toBe(mid.sumTrades)
    const resumed = await core.value('probes-resume', { jobId: job.id, wait: true })
    expect(resumed).toMatchObject({ status: 'completed', total: 60, completed: 60 })
    const end = await counts(core, job.id)
    expect(end).toMatchObject({ results: 60, distinct: 60 })
    expect(end.trades).toBe(end.sumTrades)
    const progress = core.events.filter(
      (e) => e.event === 'backtest-progress' && (e.payload as { jobId?: string }).jobId === job.id,
    )
    expect(progress.at(-1)?.payload).toMatchObject({ kind: 'probe', done: 60, total: 60 })
  })

  it('ranks the run: leaderboard, family heatmap, best per symbol, CSV and the leader’s DSR', async () => {
    const job = await core.value('probes-run', {
      timeframe: '1Day',
      symbols: ['GOOG', 'SYN4', 'SYN5', 'SYN6'],
      wait: true,
    })
    const board = await core.value('probes-leaderboard', { jobId: job.id })
    expect(board.leaderboard.rows.map((r) => r.strategy).sort()).toEqual(
      probeFixtures.map((f) => f.name).sort(),
    )
    expect(board.leaderboard.rows[0]?.rank).toBe(1)
    expect(board.leaderboard.symbols).toEqual(['GOOG', 'SYN4', 'SYN5', 'SYN6'])
    expect(board.leaderboard.leader).toMatchObject({
      strategy: board.leaderboard.rows[0]?.strategy,
      trials: 5,
    })
    expect(board.leaderboard.leader?.result?.dsr).toBeGreaterThanOrEqual(0)
    expect(board.heatmap.families).toEqual(['breakout', 'mean_reversion', 'momentum', 'trend'])
    expect(board.heatmap.cells).toHaveLength(4)
    expect(board.best.map((b) => b.symbol)).toEqual(['GOOG', 'SYN4', 'SYN5', 'SYN6'])
    const csv = await core.value('probes-export', { jobId: job.id })
    expect(csv.csv.split('\n')[0]).toMatch(/^rank,strategy,displayName,family/)
    expect(csv.csv.trim().split('\n')).toHaveLength(6)
    const listed = await core.value('probes-list', {})
    expect(listed.map((j) => j.id)).toContain(job.id)
    // Probe runs are not batch grids.
    const grids = await core.value('batch-list', {})
    expect(grids.map((j) => j.id)).not.toContain(job.id)
  })

  it('refuses a selection that matches nothing', async () => {
    const none = await core.call('probes-run', { timeframe: '1Day', family: 'seasonal' })
    expect(none.ok === false && none.error.code).toBe('not-found')
    const bad = await core.call('probes-run', { timeframe: '1Day', symbols: ['NOPE'] })
    expect(bad.ok === false && bad.error.message).toMatch(/NOPE/)
  })
})
