import type { BarColumns } from '../market/bars'

const DAY_MS = 86_400_000

/** High and low of each session's opening range. */
export type OpeningRange = { high: Float64Array; low: Float64Array }

/**
 * Opening range: the highest high and lowest low of the bars that open within `minutes` of their
 * session's first bar. Sessions are UTC days shifted by `sessionOffsetMinutes`, as in `vwap`; the
 * range starts at the first bar present, so bars outside regular hours should be filtered out
 * first. Bars inside the range read `NaN` (it is still forming); every later bar of the session
 * reads the finished range. Bar times are bar opening times in epoch milliseconds.
 */
export function openingRange(
  bars: BarColumns,
  minutes: number,
  sessionOffsetMinutes = 0,
): OpeningRange {
  const { time, high, low } = bars
  const n = time.length
  const outHigh = new Float64Array(n).fill(NaN)
  const outLow = new Float64Array(n).fill(NaN)
  const offset = sessionOffsetMinutes * 60_000
  const spanMs = minutes * 60_000
  let day = NaN
  let start = 0
  let hi = -Infinity
  let lo = Infinity
  for (let i = 0; i < n; i++) {
    const t = time[i] as number
    const d = Math.floor((t + offset) / DAY_MS)
    if (d !== day) {
      day = d
      start = t
      hi = -Infinity
      lo = Infinity
    }
    if (t < start + spanMs) {
      hi = Math.max(hi, high[i] as number)
      lo = Math.min(lo, low[i] as number)
      continue
    }
    outHigh[i] = hi
    outLow[i] = lo
  }
  return { high: outHigh, low: outLow }
}
