import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { aggregateBars, bucketStart } from '../../../../electron/core/domain/market/aggregate'
import { parseBarCsv } from '../../../../electron/core/domain/market/bar-csv'
import type { BarColumns } from '../../../../electron/core/domain/market/bars'

const FIXTURES = resolve(import.meta.dirname, '../../../fixtures/bars')

function load(name: string, tz?: string): BarColumns {
  const result = parseBarCsv(readFileSync(resolve(FIXTURES, name), 'utf8'), { fileName: name, tz })
  if (!result.ok) throw new Error(result.error.message)
  return result.value.bars
}

function unwrap(result: ReturnType<typeof aggregateBars>): BarColumns {
  if (!result.ok) throw new Error(result.error)
  return result.value
}

/** Minute bars from a seeded random walk, with holes, over a few days. */
function minuteBars(seed: number, count: number): BarColumns {
  let state = seed >>> 0
  const rand = (): number => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
  const time: number[] = []
  let t = Date.UTC(2024, 0, 2, 13, 30)
  let price = 100
  const rows: number[][] = []
  for (let i = 0; i < count; i++) {
    t += 60_000 * (rand() < 0.1 ? 1 + Math.floor(rand() * 90) : 1)
    const open = price
    const close = Math.max(1, price + (rand() - 0.5))
    rows.push([
      open,
      Math.max(open, close) + rand(),
      Math.min(open, close) - rand() * 0.5,
      close,
      Math.floor(rand() * 1000),
    ])
    time.push(t)
    price = close
  }
  const col = (k: number): Float64Array => Float64Array.from(rows, (r) => r[k] as number)
  return {
    time: Float64Array.from(time),
    open: col(0),
    high: col(1),
    low: col(2),
    close: col(3),
    volume: col(4),
  }
}

describe('aggregateBars', () => {
  it('turns EURUSD hours into UTC days with first open, max high, min low, last close, summed volume', () => {
    const hours = load('backtesting_py_EURUSD.csv')
    const days = unwrap(aggregateBars(hours, '1Hour', '1Day'))
    const first = new Date(days.time[0] as number).toISOString()
    expect(first).toBe('2017-04-19T00:00:00.000Z')
    // Direct computation for the first day.
    const end = Date.UTC(2017, 3, 20)
    const idx = [...hours.time.keys()].filter((i) => (hours.time[i] as number) < end)
    expect(days.open[0]).toBe(hours.open[0])
    expect(days.close[0]).toBe(hours.close[idx[idx.length - 1] as number])
    expect(days.high[0]).toBe(Math.max(...idx.map((i) => hours.high[i] as number)))
    expect(days.low[0]).toBe(Math.min(...idx.map((i) => hours.low[i] as number)))
    expect(days.volume[0]).toBe(idx.reduce((s, i) => s + (hours.volume[i] as number), 0))
    let sum = 0
    for (const v of hours.volume) sum += v
    let aggSum = 0
    for (const v of days.volume) aggSum += v
    expect(aggSum).toBe(sum)
  })

  it('uses the session day of a zone when one is given', () => {
    const hours = load('backtesting_py_EURUSD.csv')
    const ny = unwrap(aggregateBars(hours, '1Hour', '1Day', 'America/New_York'))
    const utc = unwrap(aggregateBars(hours, '1Hour', '1Day'))
    expect(ny.time.length).not.toBe(0)
    // 21:00 UTC on 2017-04-19 is 17:00 in New York: same New York day as 09:00 UTC.
    expect(bucketStart(Date.UTC(2017, 3, 19, 21), '1Day', 'America/New_York')).toBe(
      Date.UTC(2017, 3, 19),
    )
    expect(bucketStart(Date.UTC(2017, 3, 20, 2), '1Day', 'America/New_York')).toBe(
      Date.UTC(2017, 3, 19),
    )
    expect(bucketStart(Date.UTC(2017, 3, 20, 2), '1Day', 'UTC')).toBe(Date.UTC(2017, 3, 20))
    expect(ny.close[0]).not.toBe(utc.close[0])
  })

  it('aligns 15-minute and hour buckets to the zone’s clock', () => {
    // 09:37 New York (EDT) is 13:37 UTC; its 15-minute bucket starts 09:30 = 13:30 UTC.
    expect(bucketStart(Date.UTC(2024, 5, 3, 13, 37), '15Min', 'America/New_York')).toBe(
      Date.UTC(2024, 5, 3, 13, 30),
    )
    // Kolkata is UTC+5:30: hour buckets start at :30 UTC.
    expect(bucketStart(Date.UTC(2024, 5, 3, 4, 10), '1Hour', 'Asia/Kolkata')).toBe(
      Date.UTC(2024, 5, 3, 3, 30),
    )
  })

  it('weeks start on Monday and months on the 1st', () => {
    expect(bucketStart(Date.UTC(2024, 0, 7), '1Week', 'UTC')).toBe(Date.UTC(2024, 0, 1))
    expect(bucketStart(Date.UTC(2024, 1, 29), '1Month', 'UTC')).toBe(Date.UTC(2024, 1, 1))
    const goog = load('backtesting_py_GOOG.csv')
    const weeks = unwrap(aggregateBars(goog, '1Day', '1Week'))
    expect(new Date(weeks.time[0] as number).getUTCDay()).toBe(1)
  })

  it('refuses a target that is not coarser', () => {
    const goog = load('backtesting_py_GOOG.csv')
    expect(aggregateBars(goog, '1Day', '1Hour')).toEqual({
      ok: false,
      error: 'cannot aggregate 1Day into 1Hour: the target must be coarser',
    })
    expect(aggregateBars(goog, '1Day', '7Fortnight').ok).toBe(false)
  })

  it('1Min → 15Min → 1Hour equals 1Min → 1Hour (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 3000 }),
        (seed, count) => {
          const minutes = minuteBars(seed, count)
          const direct = unwrap(aggregateBars(minutes, '1Min', '1Hour'))
          const staged = unwrap(
            aggregateBars(unwrap(aggregateBars(minutes, '1Min', '15Min')), '15Min', '1Hour'),
          )
          expect(staged).toEqual(direct)
          const days = unwrap(aggregateBars(direct, '1Hour', '1Day'))
          expect(days).toEqual(unwrap(aggregateBars(minutes, '1Min', '1Day')))
        },
      ),
      { seed: 4242, numRuns: 40 },
    )
  })
})
