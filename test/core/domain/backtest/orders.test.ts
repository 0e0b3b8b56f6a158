import { describe, expect, it } from 'vitest'
import {
  IndicatorCache,
  Signal,
  simulate,
  TradeLog,
  type BacktestSpec,
  type SimConfig,
} from '../../../../electron/core/domain/backtest'
import type { BarColumns } from '../../../../electron/core/domain/market/bars'
import { prepareSpec, runSpec } from '../../../support/backtest'

const DAY = 86_400_000
const T0 = Date.UTC(2024, 0, 1)

// Bars from [open, high, low, close] rows, one calendar day apart.
function makeBars(rows: [number, number, number, number][]): BarColumns {
  const n = rows.length
  const col = (k: number): Float64Array => Float64Array.from(rows, (r) => r[k] as number)
  return {
    time: Float64Array.from({ length: n }, (_, i) => T0 + i * DAY),
    open: col(0),
    high: col(1),
    low: col(2),
    close: col(3),
    volume: new Float64Array(n).fill(1000),
  }
}

// A config from a spec (through the real parser), run on hand-written signals.
// `isReversing`: an entry signal also closes and reverses an open position (like sma-cross).
function configOf(spec: Partial<BacktestSpec>, isReversing: boolean): SimConfig {
  const bars = makeBars([
    [1, 1, 1, 1],
    [1, 1, 1, 1],
  ])
  const strategy = isReversing ? 'sma-cross' : 'buy-hold'
  return prepareSpec(bars, { ...spec, strategy }, new IndicatorCache()).config
}

function run(
  bars: BarColumns,
  signals: number[],
  spec: Partial<BacktestSpec> = {},
  isReversing = false,
) {
  const cfg = configOf(spec, isReversing)
  const equity = new Float64Array(bars.close.length)
  const log = new TradeLog()
  simulate(bars, Int8Array.from(signals), 1, cfg, equity, log)
  const trades = Array.from({ length: log.count }, (_, k) => ({
    size: log.size[k] as number,
    entryBar: log.entryBar[k] as number,
    exitBar: log.exitBar[k] as number,
    entryPrice: log.entryPrice[k] as number,
    exitPrice: log.exitPrice[k] as number,
    pnl: log.pnl[k] as number,
    reason: log.reasonAt(k),
  }))
  return { equity: Array.from(equity), trades }
}

const L = Signal.EnterLong
const S = Signal.EnterShort
const XL = Signal.ExitLong

describe('broker (reference semantics)', () => {
  const flat: [number, number, number, number][] = [
    [100, 101, 99, 100],
    [100, 101, 99, 100],
    [102, 106, 101, 105],
    [105, 108, 104, 107],
    [107, 109, 103, 104],
    [104, 105, 100, 101],
  ]

  it('fills a market order placed at bar i at the open of bar i+1, whole units of cash', () => {
    const r = run(makeBars(flat), [0, L, 0, 0, 0, 0], { cash: 1000 })
    // floor(1000·(1−ε) / 102) = 9 units at the bar-2 open; closed at the last open by finalize.
    expect(r.trades).toEqual([
      {
        size: 9,
        entryBar: 2,
        exitBar: 5,
        entryPrice: 102,
        exitPrice: 104,
        pnl: 18,
        reason: 'end-of-data',
      },
    ])
    expect(r.equity[2]).toBe(1000 + 9 * (105 - 102))
  })

  it('sizes with commission and spread: floor(cash·(1−ε) / (open·(1+spread) + open·rate))', () => {
    const r = run(makeBars(flat), [0, L, 0, 0, XL, 0], {
      cash: 1000,
      commission: 0.01,
      spread: 0.02,
    })
    const t = r.trades[0]
    expect(t?.entryPrice).toBeCloseTo(102 * 1.02, 12)
    // 1000 / (104.04 + 1.02) = 9.51… → 9 units
    expect(t?.size).toBe(9)
    // Exit at the bar-5 open without spread; commission on both legs.
    expect(t?.exitPrice).toBe(104)
    const expectedPnl = 9 * (104 - 102 * 1.02) - (9 * 104 * 0.01 + 9 * 102 * 1.02 * 0.01)
    expect(t?.pnl).toBeCloseTo(expectedPnl, 9)
    expect(r.equity[5]).toBeCloseTo(1000 + expectedPnl, 9)
  })

  it('runs the close before the reversing entry on the same open, sizing from the freed cash', () => {
    const r = run(makeBars(flat), [0, L, 0, S, 0, 0], { cash: 1000 }, true)
    expect(r.trades[0]).toMatchObject({
      size: 9,
      entryBar: 2,
      exitBar: 4,
      exitPrice: 107,
      reason: 'signal',
    })
    // Cash after the long: 1000 + 9·5 = 1045 → floor(1045 / 107) = 9 units short.
    expect(r.trades[1]).toMatchObject({
      size: -9,
      entryBar: 4,
      entryPrice: 107,
      exitPrice: 104,
      pnl: 27,
    })
  })

  it('checks the stop-loss before the take-profit and fills a gap at the open', () => {
    const bars = makeBars([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [100, 101, 99, 100],
      [100, 120, 80, 100], // both brackets inside one bar: the stop-loss wins
      [100, 100, 100, 100],
    ])
    const r = run(bars, [0, L, 0, 0, 0], {
      cash: 1000,
      orders: { stopLossPct: 10, takeProfitPct: 10 },
    })
    expect(r.trades[0]).toMatchObject({
      entryBar: 2,
      exitBar: 3,
      exitPrice: 90,
      reason: 'stop-loss',
    })

    const gap = makeBars([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [100, 101, 99, 100],
      [70, 75, 60, 72], // opens below the stop: filled at the open
      [72, 72, 72, 72],
    ])
    const g = run(gap, [0, L, 0, 0, 0], { cash: 1000, orders: { stopLossPct: 10 } })
    expect(g.trades[0]).toMatchObject({ exitBar: 3, exitPrice: 70, reason: 'stop-loss' })
  })

  it('takes profit at the limit, or at a better open', () => {
    const bars = makeBars([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [100, 101, 99, 100],
      [104, 112, 103, 111],
      [115, 116, 114, 115],
    ])
    const r = run(bars, [0, L, 0, 0, 0], { cash: 1000, orders: { takeProfitPct: 10 } })
    expect(r.trades[0]).toMatchObject({ exitBar: 3, reason: 'take-profit' })
    expect(r.trades[0]?.exitPrice).toBeCloseTo(110, 10)
    const gap = run(
      makeBars(
        [...bars.close].map((_, i) => (i === 3 ? [113, 115, 112, 114] : [100, 101, 99, 100])),
      ),
      [0, L, 0, 0, 0],
      {
        cash: 1000,
        orders: { takeProfitPct: 10 },
      },
    )
    expect(gap.trades[0]).toMatchObject({ exitBar: 3, exitPrice: 113 })
  })

  it('fills limit and stop entries only when touched, at the better of open and price', () => {
    const bars = makeBars([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [99, 100, 97, 98], // limit 95 not reached
      [96, 97, 94, 95], // reached: min(open 96, limit 95) = 95
      [95, 95, 95, 95],
    ])
    const lim = run(bars, [0, L, 0, 0, 0], {
      cash: 1000,
      orders: { entry: 'limit', entryOffsetPct: 5 },
    })
    expect(lim.trades[0]).toMatchObject({ entryBar: 3, entryPrice: 95 })

    const up = makeBars([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [101, 104, 100, 103], // stop 105 not reached
      [107, 109, 106, 108], // gaps over the stop: filled at the open
      [108, 108, 108, 108],
    ])
    const stop = run(up, [0, L, 0, 0, 0], {
      cash: 1000,
      orders: { entry: 'stop', entryOffsetPct: 5 },
    })
    expect(stop.trades[0]).toMatchObject({ entryBar: 3, entryPrice: 107 })
  })

  it('ratchets a trailing stop and reports the exit as trailing', () => {
    const bars = makeBars([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [100, 101, 99, 100],
      [100, 111, 100, 110], // trail to 110·0.95 = 104.5
      [110, 121, 110, 120], // trail to 114
      [119, 119, 113, 115], // hits 114
      [115, 115, 115, 115],
    ])
    const r = run(bars, [0, L, 0, 0, 0, 0, 0], { cash: 1000, orders: { trailingStopPct: 5 } })
    expect(r.trades[0]).toMatchObject({ exitBar: 5, reason: 'trailing-stop' })
    expect(r.trades[0]?.exitPrice).toBeCloseTo(114, 10)
  })

  it('books short trades with the opposite sign', () => {
    const r = run(makeBars(flat), [0, S, 0, 0, 0, 0], { cash: 1000 })
    expect(r.trades[0]).toMatchObject({ size: -9, entryPrice: 102, exitPrice: 104, pnl: -18 })
  })

  it('charges rate, per-unit and fixed commission on both legs', () => {
    const r = run(makeBars(flat), [0, L, 0, 0, XL, 0], {
      cash: 1000,
      sizing: { type: 'units', value: 5 },
      commission: { rate: 0.001, perUnit: 0.5, fixed: 2 },
    })
    const comm = (p: number): number => 2 + 5 * p * 0.001 + 5 * 0.5
    expect(r.trades[0]?.pnl).toBeCloseTo(5 * (104 - 102) - comm(104) - comm(102), 10)
    expect(r.equity[5]).toBeCloseTo(1000 + 5 * (104 - 102) - comm(104) - comm(102), 10)
  })

  it('sizes by fraction, fixed units, risk per trade and fractional units', () => {
    const bars = makeBars(flat)
    expect(
      run(bars, [0, L, 0, 0, 0, 0], { cash: 1000, sizing: { type: 'fraction', value: 0.5 } })
        .trades[0]?.size,
    ).toBe(4)
    expect(
      run(bars, [0, L, 0, 0, 0, 0], { cash: 1000, sizing: { type: 'units', value: 3 } }).trades[0]
        ?.size,
    ).toBe(3)
    // Risk 1 % of 1000 with a stop 5 % under the signal close 100: 10 / 5 = 2 units.
    const risk = run(bars, [0, L, 0, 0, 0, 0], {
      cash: 1000,
      sizing: { type: 'risk', value: 0.01 },
      orders: { stopLossPct: 5 },
    })
    expect(risk.trades[0]?.size).toBe(2)
    const frac = run(bars, [0, L, 0, 0, 0, 0], { cash: 1000, units: 'fractional' })
    expect(frac.trades[0]?.size).toBeCloseTo(1000 / 102, 9)
  })

  it('cancels a fixed-size order the cash cannot cover', () => {
    const r = run(makeBars(flat), [0, L, 0, 0, 0, 0], {
      cash: 1000,
      sizing: { type: 'units', value: 50 },
    })
    expect(r.trades).toEqual([])
    expect(r.equity.every((e) => e === 1000)).toBe(true)
  })

  it('applies slippage against the trader on entry and exit', () => {
    const r = run(makeBars(flat), [0, L, 0, 0, XL, 0], { cash: 1000, slippage: 0.01 })
    expect(r.trades[0]?.entryPrice).toBeCloseTo(102 * 1.01, 12)
    expect(r.trades[0]?.exitPrice).toBeCloseTo(104 * 0.99, 12)
  })

  it('leaves an open trade out of the stats when finalizeTrades is false', () => {
    const bars = makeBars(flat)
    const open = runSpec(bars, { strategy: 'buy-hold', cash: 1000, finalizeTrades: false })
    expect(open.stats.trades).toBe(0)
    expect(open.stats.equityFinal).toBe(1000 + 9 * (101 - 102))
    const closed = runSpec(bars, { strategy: 'buy-hold', cash: 1000 })
    expect(closed.stats.trades).toBe(1)
    expect(closed.trades[0]).toMatchObject({
      exitBar: 5,
      exitPrice: 104,
      exitReason: 'end-of-data',
    })
  })

  it('stops trading when equity reaches zero', () => {
    const bars = makeBars([
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [100, 100, 100, 100],
      [100, 300, 100, 250], // a short of all cash is wiped out
      [250, 250, 250, 250],
    ])
    const r = run(bars, [0, S, 0, 0, 0], { cash: 1000 })
    expect(r.equity.slice(3)).toEqual([0, 0])
    expect(r.trades[0]).toMatchObject({ exitBar: 3, reason: 'out-of-money' })
  })

  it('closes a trade at the open after it has been held N bars, as a time exit', () => {
    const rows: [number, number, number, number][] = Array.from({ length: 8 }, (_, i) => [
      100 + i,
      101 + i,
      99 + i,
      100 + i,
    ])
    const r = run(makeBars(rows), [0, L, 0, 0, 0, 0, 0, 0], {
      cash: 1000,
      orders: { exitAfterBars: 3 },
    })
    // Entered at the open of bar 2, held bars 2, 3 and 4, out at the open of bar 5.
    expect(r.trades).toEqual([
      expect.objectContaining({ entryBar: 2, exitBar: 5, exitPrice: 105, reason: 'time-exit' }),
    ])
  })

  it('places a stop-loss N ATRs from the entry reference', () => {
    const rows: [number, number, number, number][] = [
      [100, 102, 98, 100],
      [100, 102, 98, 100],
      [100, 102, 98, 100],
      [100, 101, 99, 100], // ATR(2) = (4 + 2) / 2 = 3: the stop sits 2·3 under the close, at 94
      [100, 100, 95, 96],
      [96, 96, 93, 93], // touches 94
      [93, 93, 93, 93],
    ]
    const bars = makeBars(rows)
    // The spec's ATR column is computed on the run's own bars.
    const cfg = prepareSpec(bars, {
      strategy: 'buy-hold',
      cash: 1000,
      orders: { stopLossAtr: { period: 2, multiple: 2 } },
    }).config
    expect(Array.from(cfg.stopAtr ?? [])).toEqual([NaN, NaN, 4, 3, 4, 3.5, 1.75])
    const equity = new Float64Array(bars.close.length)
    const log = new TradeLog()
    simulate(bars, Int8Array.from([0, 0, 0, L, 0, 0, 0]), 1, cfg, equity, log)
    const r = {
      trades: Array.from({ length: log.count }, (_, k) => ({
        entryBar: log.entryBar[k],
        exitBar: log.exitBar[k],
        exitPrice: log.exitPrice[k],
        reason: log.reasonAt(k),
      })),
    }
    expect(r.trades[0]).toMatchObject({ entryBar: 4, exitBar: 5, reason: 'stop-loss' })
    expect(r.trades[0]?.exitPrice).toBeCloseTo(100 - 2 * 3, 10)
  })

  it('rejects risk sizing without a stop-loss, naming the field', () => {
    expect(() =>
      runSpec(makeBars(flat), { strategy: 'buy-hold', sizing: { type: 'risk', value: 0.01 } }),
    ).toThrow(/orders\.stopLossPct/)
  })
})

describe('pyFloorDiv', () => {
  it('floors like Python, including quotients that round onto an integer', async () => {
    const { pyFloorDiv } = await import('../../../../electron/core/domain/backtest/py-math')
    expect(pyFloorDiv(7, 2)).toBe(3)
    expect(pyFloorDiv(-7, 2)).toBe(-4)
    expect(pyFloorDiv(1, 0.1)).toBe(9) // Python: 1 // 0.1 == 9.0 although 1 / 0.1 == 10.0
    expect(pyFloorDiv(10000 * (1 - 2 ** -52), 100)).toBe(99)
  })
})
