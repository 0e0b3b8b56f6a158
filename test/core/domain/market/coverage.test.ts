import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseBarCsv } from '../../../../electron/core/domain/market/bar-csv'
import { computeCoverage } from '../../../../electron/core/domain/market/coverage'

const FIXTURES = resolve(import.meta.dirname, '../../../fixtures/bars')

function times(name: string): Float64Array {
  const result = parseBarCsv(readFileSync(resolve(FIXTURES, name), 'utf8'), { fileName: name })
  if (!result.ok) throw new Error(result.error.message)
  return result.value.bars.time
}

const d = (iso: string): number => Date.parse(`${iso}T00:00:00Z`)

describe('computeCoverage', () => {
  it('does not count weekends as gaps in daily bars', () => {
    // Thu, Fri, Mon, Tue.
    const cov = computeCoverage(
      [d('2024-01-04'), d('2024-01-05'), d('2024-01-08'), d('2024-01-09')],
      '1Day',
    )
    expect(cov).toEqual({ firstMs: d('2024-01-04'), lastMs: d('2024-01-09'), bars: 4, gaps: [] })
  })

  it('counts missing weekdays in daily bars', () => {
    const cov = computeCoverage([d('2024-01-04'), d('2024-01-10'), d('2024-01-11')], '1Day')
    // Missing: Fri 5, Mon 8, Tue 9.
    expect(cov?.gaps).toEqual([{ afterMs: d('2024-01-04'), beforeMs: d('2024-01-10'), missing: 3 }])
  })

  it('finds the 2001-09-11 market closure in the S&P 500 series, and holidays only when asked', () => {
    const sp = times('vega_sp500-2000.csv')
    const big = computeCoverage(sp, '1Day', 2)
    expect(
      big?.gaps.map((g) => [new Date(g.afterMs).toISOString().slice(0, 10), g.missing]),
    ).toContainEqual(['2001-09-10', 4])
    const all = computeCoverage(sp, '1Day')
    // Exchange holidays (about nine a year) are one-bar gaps.
    expect(all?.gaps.length).toBeGreaterThan(150)
    expect(all?.gaps.length).toBeLessThan(220)
  })

  it('counts every calendar day for series that trade on weekends', () => {
    const cov = computeCoverage([d('2024-01-06'), d('2024-01-07'), d('2024-01-10')], '1Day')
    expect(cov?.gaps).toEqual([{ afterMs: d('2024-01-07'), beforeMs: d('2024-01-10'), missing: 2 }])
  })

  it('counts missing months and weeks', () => {
    const btc = times('backtesting_py_BTCUSD.csv')
    expect(computeCoverage(btc, '1Month')?.gaps).toEqual([])
    const holed = [...btc.slice(0, 10), ...btc.slice(13)]
    expect(computeCoverage(holed, '1Month')?.gaps).toEqual([
      { afterMs: btc[9], beforeMs: btc[13], missing: 3 },
    ])
    expect(computeCoverage(times('backtrader_2006-week-001.txt'), '1Week')?.gaps).toEqual([])
  })

  it('counts weekday slots in intraday gaps and skips weekends', () => {
    const eur = times('backtesting_py_EURUSD.csv')
    const cov = computeCoverage(eur, '1Hour', 3)
    expect(cov?.bars).toBe(5000)
    // Each forex weekend (Fri 20:00 → Sun 21:00 UTC or so) leaves at most a few weekday hours.
    for (const gap of cov?.gaps ?? []) expect(gap.missing).toBeGreaterThanOrEqual(3)
    const h = (hh: number): number => Date.UTC(2024, 0, 2, hh)
    expect(computeCoverage([h(1), h(2), h(6)], '1Hour')?.gaps).toEqual([
      { afterMs: h(2), beforeMs: h(6), missing: 3 },
    ])
  })

  it('answers null for an empty series', () => {
    expect(computeCoverage([], '1Day')).toBeNull()
  })
})
