import { parseTimeframe, timeframeMs } from './timeframe'

const DAY_MS = 86_400_000

/** A hole in a series: the last bar before it, the first after it, and how many bars are missing. */
export type CoverageGap = { afterMs: number; beforeMs: number; missing: number }

/** What is stored for one symbol and timeframe. */
export type Coverage = { firstMs: number; lastMs: number; bars: number; gaps: CoverageGap[] }

function isWeekday(ms: number): boolean {
  const day = new Date(ms).getUTCDay()
  return day !== 0 && day !== 6
}

/** Weekdays strictly between two day-labelled instants. */
function weekdaysBetween(aMs: number, bMs: number): number {
  let count = 0
  for (
    let t = Math.floor(aMs / DAY_MS) * DAY_MS + DAY_MS;
    t < Math.floor(bMs / DAY_MS) * DAY_MS;
    t += DAY_MS
  ) {
    if (isWeekday(t)) count++
  }
  return count
}

/** Expected bar slots on weekdays strictly between two intraday bars `stepMs` apart. */
function weekdaySlotsBetween(aMs: number, bMs: number, stepMs: number): number {
  let count = 0
  for (let t = aMs + stepMs; t < bMs; t += stepMs) if (isWeekday(t)) count++
  return count
}

function monthIndex(ms: number): number {
  const d = new Date(ms)
  return d.getUTCFullYear() * 12 + d.getUTCMonth()
}

/**
 * Coverage of a time-ordered series with the gaps in it. Weekday-aware: for daily bars a missing
 * weekday is a gap and a weekend is not (exchange holidays show up as one-bar gaps; `minMissing`
 * filters them); intraday gaps count only weekday slots; weekly and monthly bars count missing
 * weeks and months. A series whose bars fall on weekends (crypto) counts every calendar slot.
 */
export function computeCoverage(
  times: ArrayLike<number>,
  timeframe: string,
  minMissing = 1,
): Coverage | null {
  const n = times.length
  if (n === 0) return null
  const parts = parseTimeframe(timeframe)
  const step = timeframeMs(timeframe)
  let hasWeekend = false
  for (let i = 0; i < n; i++) {
    if (!isWeekday(times[i] as number)) {
      hasWeekend = true
      break
    }
  }
  const gaps: CoverageGap[] = []
  for (let i = 1; i < n; i++) {
    const a = times[i - 1] as number
    const b = times[i] as number
    let missing = 0
    if (!parts) missing = 0
    else if (parts.unit === 'Month') missing = monthIndex(b) - monthIndex(a) - parts.count
    else if (parts.unit === 'Week') missing = Math.max(0, Math.round((b - a) / step) - 1)
    else if (parts.unit === 'Day' && parts.count === 1)
      missing = hasWeekend ? Math.round((b - a) / DAY_MS) - 1 : weekdaysBetween(a, b)
    else if (b - a > step) {
      missing = hasWeekend ? Math.round((b - a) / step) - 1 : weekdaySlotsBetween(a, b, step)
    }
    if (missing >= minMissing && missing > 0) gaps.push({ afterMs: a, beforeMs: b, missing })
  }
  return { firstMs: times[0] as number, lastMs: times[n - 1] as number, bars: n, gaps }
}
