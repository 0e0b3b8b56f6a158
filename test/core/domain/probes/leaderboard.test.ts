import { describe, expect, it } from 'vitest'
import { deflatedSharpe, sharpeVariance } from '../../../../electron/core/domain/overfit'
import {
  bestPerSymbolOf,
  familyHeatmapOf,
  leaderboardCsv,
  leaderboardOf,
  median,
  type ProbePoint,
} from '../../../../electron/core/domain/probes/leaderboard'
import { openDayAggregates } from '../../../../electron/core/domain/probes/open-day'

function point(over: Partial<ProbePoint> & Pick<ProbePoint, 'strategy' | 'symbol'>): ProbePoint {
  return {
    displayName: over.strategy.toUpperCase(),
    family: 'trend',
    sharpe: 0,
    returnPct: 0,
    buyHoldReturnPct: 0,
    maxDrawdownPct: -10,
    trades: 1,
    moments: { sharpe: 0.05, skew: 0, kurtosis: 3, observations: 500 },
    ...over,
  }
}

const points: ProbePoint[] = [
  // a: median Sharpe 1.0 over three symbols, profitable on two, one freak drawdown.
  point({
    strategy: 'a',
    symbol: 'X',
    sharpe: 0.5,
    returnPct: 10,
    buyHoldReturnPct: 20,
    maxDrawdownPct: -5,
    trades: 4,
    moments: { sharpe: 0.04, skew: -0.5, kurtosis: 5, observations: 400 },
  }),
  point({
    strategy: 'a',
    symbol: 'Y',
    sharpe: 1.0,
    returnPct: 30,
    buyHoldReturnPct: 10,
    maxDrawdownPct: -50,
    trades: 6,
    moments: { sharpe: 0.08, skew: -0.2, kurtosis: 4, observations: 500 },
  }),
  point({
    strategy: 'a',
    symbol: 'Z',
    sharpe: 3.0,
    returnPct: -2,
    buyHoldReturnPct: -10,
    maxDrawdownPct: -8,
    trades: 2,
    moments: { sharpe: 0.2, skew: 0.1, kurtosis: 6, observations: 600 },
  }),
  // b: better mean Sharpe (one freak), lower median.
  point({
    strategy: 'b',
    family: 'breakout',
    symbol: 'X',
    sharpe: 9,
    returnPct: 100,
    buyHoldReturnPct: 20,
    moments: { sharpe: 0.5, skew: 0, kurtosis: 3, observations: 500 },
  }),
  point({
    strategy: 'b',
    family: 'breakout',
    symbol: 'Y',
    sharpe: 0.2,
    returnPct: 1,
    buyHoldReturnPct: 10,
    moments: { sharpe: 0.01, skew: 0, kurtosis: 3, observations: 500 },
  }),
  point({
    strategy: 'b',
    family: 'breakout',
    symbol: 'Z',
    sharpe: 0.1,
    returnPct: -1,
    buyHoldReturnPct: -10,
    moments: { sharpe: 0.005, skew: 0, kurtosis: 3, observations: 500 },
  }),
  // c: failed on one symbol, no Sharpe on another.
  point({ strategy: 'c', symbol: 'X', sharpe: null, returnPct: 0, trades: 0, moments: null }),
  point({
    strategy: 'c',
    symbol: 'Y',
    sharpe: null,
    returnPct: null,
    buyHoldReturnPct: null,
    maxDrawdownPct: null,
    trades: 0,
    moments: null,
    error: 'too few bars',
  }),
]

describe('probe leaderboard', () => {
  it('takes medians of finite values', () => {
    expect(median([3, null, 1, NaN, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([null])).toBeNull()
  })

  it('ranks by median Sharpe with shares, medians, worst drawdown and excess over buy and hold', () => {
    const board = leaderboardOf(points)
    expect(board.rows.map((r) => [r.rank, r.strategy])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ])
    expect(board.rows[0]).toMatchObject({
      symbols: 3,
      failed: 0,
      medianSharpe: 1.0,
      profitableShare: 2 / 3,
      medianReturnPct: 10,
      // excess: −10, +20, +8
      medianExcessPct: 8,
      beatBuyHoldShare: 2 / 3,
      medianDrawdownPct: -8,
      worstDrawdownPct: -50,
      trades: 12,
      medianTrades: 4,
    })
    expect(board.rows[2]).toMatchObject({ symbols: 1, failed: 1, medianSharpe: null })
    expect(board.symbols).toEqual(['X', 'Y', 'Z'])
  })

  it('deflates the leader’s Sharpe ratio by the strategies tried', () => {
    const { leader } = leaderboardOf(points)
    // Strategies with moments: a (median 0.08) and b (median 0.01); c has none.
    const expected = deflatedSharpe({
      sharpe: 0.08,
      trials: 2,
      sharpeVariance: sharpeVariance([0.08, 0.01]),
      observations: 500,
      skew: -0.2,
      kurtosis: 5,
    })
    expect(expected.ok).toBe(true)
    expect(leader).toMatchObject({ strategy: 'a', trials: 2, sharpe: 0.08, observations: 500 })
    expect(leader?.result?.dsr).toBeCloseTo(expected.ok ? expected.value.dsr : NaN, 12)
  })

  it('maps families × symbols by the median of the family’s metric', () => {
    const map = familyHeatmapOf(points, 'sharpe')
    expect(map.families).toEqual(['breakout', 'trend'])
    expect(map.symbols).toEqual(['X', 'Y', 'Z'])
    // trend on X: a 0.5 and c null → 0.5; trend on Y: a 1.0 (c failed) → 1.0.
    expect(map.cells).toEqual([
      [9, 0.2, 0.1],
      [0.5, 1.0, 3.0],
    ])
    expect(familyHeatmapOf(points, 'excessPct').cells[0]).toEqual([80, -9, 9])
  })

  it('names each symbol’s best strategies', () => {
    expect(bestPerSymbolOf(points, 1)).toEqual([
      { symbol: 'X', best: [{ strategy: 'b', family: 'breakout', value: 9 }] },
      { symbol: 'Y', best: [{ strategy: 'a', family: 'trend', value: 1 }] },
      { symbol: 'Z', best: [{ strategy: 'a', family: 'trend', value: 3 }] },
    ])
  })

  it('exports CSV with a header, quoting and empty missing cells', () => {
    const csv = leaderboardCsv(
      leaderboardOf([...points, point({ strategy: 'd,"q"', symbol: 'X' })]).rows,
    )
    const lines = csv.trim().split('\n')
    expect(lines[0]).toBe(
      'rank,strategy,displayName,family,symbols,failed,medianSharpe,profitableShare,medianReturnPct,medianExcessPct,beatBuyHoldShare,medianDrawdownPct,worstDrawdownPct,trades,medianTrades',
    )
    expect(lines).toHaveLength(5)
    expect(csv).toContain('"d,""q"""')
    expect(lines.find((l) => l.includes(',c,'))).toMatch(/^4,c,C,trend,1,1,,/)
  })
})

describe('open-day aggregation', () => {
  it('groups trades by the UTC day they opened', () => {
    const day = (d: string, h = 0) => Date.parse(`${d}T${String(h).padStart(2, '0')}:00:00Z`)
    const rows = openDayAggregates([
      { entryTime: day('2024-01-03', 14), pnl: 30, returnPct: 3 },
      { entryTime: day('2024-01-02', 15), pnl: -10, returnPct: -1 },
      { entryTime: day('2024-01-03', 20), pnl: -10, returnPct: -1 },
      { entryTime: day('2024-01-03', 23), pnl: 20, returnPct: 2 },
    ])
    expect(rows).toEqual([
      {
        openDay: '2024-01-02',
        trades: 1,
        winRatePct: 0,
        profitFactor: 0,
        pnl: -10,
        avgReturnPct: -1,
        bestReturnPct: -1,
        worstReturnPct: -1,
      },
      {
        openDay: '2024-01-03',
        trades: 3,
        winRatePct: (2 / 3) * 100,
        profitFactor: 5,
        pnl: 40,
        avgReturnPct: 4 / 3,
        bestReturnPct: 3,
        worstReturnPct: -1,
      },
    ])
    expect(
      openDayAggregates([{ entryTime: day('2024-01-02'), pnl: 5, returnPct: 1 }])[0]?.profitFactor,
    ).toBeNull()
  })
})
