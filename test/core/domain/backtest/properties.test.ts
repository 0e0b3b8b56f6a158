import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type BacktestSpec } from '../../../../electron/core/domain/backtest'
import type { BarColumns } from '../../../../electron/core/domain/market/bars'
import { runSpec } from '../../../support/backtest'

const DAY = 86_400_000
const SEED = 20_241_122

// A random walk of daily bars with consistent OHLC, from a list of relative moves.
function barsFrom(moves: number[], start = 100): BarColumns {
  const n = moves.length
  const bars: BarColumns = {
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n).fill(1000),
  }
  let prev = start
  moves.forEach((m, i) => {
    const open = prev * (1 + m / 3)
    const close = prev * (1 + m)
    bars.time[i] = Date.UTC(2020, 0, 6) + i * DAY
    bars.open[i] = open
    bars.close[i] = close
    bars.high[i] = Math.max(open, close) * (1 + Math.abs(m) / 2)
    bars.low[i] = Math.min(open, close) * (1 - Math.abs(m) / 2)
    prev = close
  })
  return bars
}

const movesArb = fc.array(fc.double({ min: -0.06, max: 0.06, noNaN: true }), {
  minLength: 60,
  maxLength: 160,
})

const specArb: fc.Arbitrary<BacktestSpec> = fc.oneof(
  fc.record({
    strategy: fc.constant('sma-cross'),
    params: fc.record({
      fast: fc.integer({ min: 2, max: 8 }),
      slow: fc.integer({ min: 9, max: 20 }),
    }),
  }),
  fc.record({
    strategy: fc.constant('ema-cross'),
    params: fc.record({
      fast: fc.integer({ min: 2, max: 8 }),
      slow: fc.integer({ min: 9, max: 20 }),
    }),
  }),
  fc.record({
    strategy: fc.constant('rsi-reversion'),
    params: fc.record({ period: fc.integer({ min: 3, max: 14 }) }),
  }),
  fc.record({
    strategy: fc.constant('bollinger-reversion'),
    params: fc.record({ period: fc.integer({ min: 5, max: 20 }) }),
  }),
  fc.record({
    strategy: fc.constant('donchian-breakout'),
    params: fc.record({
      entry: fc.integer({ min: 3, max: 15 }),
      exit: fc.integer({ min: 2, max: 10 }),
    }),
  }),
  fc.record({
    strategy: fc.constant('macd-trend'),
    params: fc.record({
      fast: fc.integer({ min: 2, max: 6 }),
      slow: fc.integer({ min: 7, max: 15 }),
      signal: fc.integer({ min: 2, max: 6 }),
    }),
  }),
)

const ordersArb = fc.record(
  {
    stopLossPct: fc.double({ min: 1, max: 15, noNaN: true }),
    takeProfitPct: fc.double({ min: 1, max: 30, noNaN: true }),
    trailingStopPct: fc.double({ min: 1, max: 15, noNaN: true }),
  },
  { requiredKeys: [] },
)

const costsArb = fc.record({
  commission: fc.double({ min: 0, max: 0.01, noNaN: true }),
  spread: fc.double({ min: 0, max: 0.01, noNaN: true }),
  slippage: fc.double({ min: 0, max: 0.01, noNaN: true }),
})

describe('engine properties', () => {
  it('[PROP-1] never looks ahead: bars after k change nothing at or before k', () => {
    fc.assert(
      fc.property(
        movesArb,
        specArb,
        ordersArb,
        fc.double({ min: 0.2, max: 0.9, noNaN: true }),
        movesArb,
        (moves, spec, orders, at, other) => {
          const k = Math.floor(moves.length * at)
          const changed = moves.map((m, i) => (i > k ? (other[i % other.length] ?? m) : m))
          const full = { ...spec, orders, commission: 0.001 }
          const a = runSpec(barsFrom(moves), full)
          const b = runSpec(barsFrom(changed), full)
          expect(b.equity.slice(0, k + 1)).toEqual(a.equity.slice(0, k + 1))
          const done = (r: typeof a) => r.trades.filter((t) => t.exitBar <= k)
          expect(done(b)).toEqual(done(a))
        },
      ),
      { seed: SEED, numRuns: 150 },
    )
  })

  it('[PROP-2] equity equals cash plus the marked open position at every bar', () => {
    fc.assert(
      fc.property(movesArb, specArb, ordersArb, costsArb, (moves, spec, orders, costs) => {
        const bars = barsFrom(moves)
        const r = runSpec(bars, { ...spec, orders, ...costs, cash: 10_000 })
        if (r.equity.some((e) => e <= 0)) return
        const rate = costs.commission
        for (let i = 0; i < bars.close.length; i++) {
          let cash = 10_000
          let marked = 0
          const open = r.trades.filter((t) => t.entryBar <= i && i < t.exitBar)
          if (r.openTrade && r.openTrade.entryBar <= i)
            open.push({ ...r.openTrade, exitBar: Infinity } as never)
          for (const t of r.trades) if (t.exitBar <= i) cash += t.pnl
          for (const t of open) {
            // Open at this close: the entry commission is already paid out of cash.
            cash -= Math.abs(t.size) * t.entryPrice * rate
            marked += t.size * ((bars.close[i] as number) - t.entryPrice)
          }
          const e = r.equity[i] as number
          expect(Math.abs(e - (cash + marked))).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(e)))
        }
      }),
      { seed: SEED, numRuns: 120 },
    )
  })

  it('[PROP-3] costs never make a trade look better', () => {
    fc.assert(
      fc.property(movesArb, specArb, costsArb, (moves, spec, costs) => {
        const bars = barsFrom(moves)
        const free = runSpec(bars, spec)
        const costly = runSpec(bars, { ...spec, ...costs })
        for (const t of costly.trades) {
          const twin = free.trades.find(
            (f) =>
              f.entryBar === t.entryBar &&
              f.exitBar === t.exitBar &&
              Math.sign(f.size) === Math.sign(t.size),
          )
          if (!twin) continue
          expect(t.returnPct).toBeLessThanOrEqual(twin.returnPct + 1e-9)
          if (twin.pnl < 0)
            expect(t.pnl / Math.abs(t.size)).toBeLessThanOrEqual(
              twin.pnl / Math.abs(twin.size) + 1e-9,
            )
        }
      }),
      { seed: SEED, numRuns: 150 },
    )
  })

  it('[PROP-4] is deterministic', () => {
    fc.assert(
      fc.property(movesArb, specArb, (moves, spec) => {
        const bars = barsFrom(moves)
        expect(runSpec(bars, spec)).toEqual(runSpec(bars, spec))
      }),
      { seed: SEED, numRuns: 30 },
    )
  })
})
