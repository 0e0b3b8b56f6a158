import type { BarColumns } from './bars'
import { err, ok, type Result } from './result'
import { parseTimeframe, timeframeMs } from './timeframe'
import { zoneOffsetMs } from '../time/zone'

const DAY_MS = 86_400_000

/**
 * Start (UTC ms) of the `target` bucket holding instant `t`. Minute and hour buckets are aligned
 * to the session day in `zone`; day buckets are calendar days in `zone`; weeks start on Monday;
 * months on the 1st.
 */
export function bucketStart(t: number, target: string, zone: string): number {
  const parts = parseTimeframe(target)
  if (!parts) return Number.NaN
  const offset = zoneOffsetMs(t, zone)
  const local = t + offset
  const dayStart = Math.floor(local / DAY_MS) * DAY_MS
  let startLocal: number
  switch (parts.unit) {
    case 'Min':
    case 'Hour': {
      const size = timeframeMs(target)
      startLocal = dayStart + Math.floor((local - dayStart) / size) * size
      break
    }
    case 'Day':
      startLocal = dayStart
      break
    case 'Week': {
      const weekday = (new Date(dayStart).getUTCDay() + 6) % 7
      startLocal = dayStart - weekday * DAY_MS
      break
    }
    case 'Month': {
      const d = new Date(dayStart)
      startLocal = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)
      break
    }
  }
  // Day and longer buckets are labelled by their date at 00:00 UTC, like imported daily bars.
  // An intraday bucket's start is read with the offset next to the bar's own instant, not with
  // `wallClockToEpochMs`: in an hour repeated at fall-back, a bar of the second pass must land in
  // a bucket of the second pass, not the first.
  if (parts.unit === 'Min' || parts.unit === 'Hour')
    return startLocal - zoneOffsetMs(startLocal - offset, zone)
  return startLocal
}

/**
 * Aggregates bars of timeframe `from` into the coarser `to` (1Min → 15Min → 1Hour → 1Day …):
 * open of the first bar, highest high, lowest low, close of the last bar, summed volume, labelled
 * by the bucket start. Sessions follow the UTC day unless `zone` is given. Refuses a target that
 * is not coarser than the source.
 */
export function aggregateBars(
  bars: BarColumns,
  from: string,
  to: string,
  zone = 'UTC',
): Result<BarColumns, string> {
  if (!parseTimeframe(from)) return err(`unknown timeframe "${from}"`)
  if (!parseTimeframe(to)) return err(`unknown timeframe "${to}"`)
  if (!(timeframeMs(to) > timeframeMs(from)))
    return err(`cannot aggregate ${from} into ${to}: the target must be coarser`)
  const n = bars.time.length
  const time: number[] = []
  const open: number[] = []
  const high: number[] = []
  const low: number[] = []
  const close: number[] = []
  const volume: number[] = []
  let current = Number.NaN
  for (let i = 0; i < n; i++) {
    const start = bucketStart(bars.time[i] as number, to, zone)
    const k = time.length - 1
    if (start !== current) {
      current = start
      time.push(start)
      open.push(bars.open[i] as number)
      high.push(bars.high[i] as number)
      low.push(bars.low[i] as number)
      close.push(bars.close[i] as number)
      volume.push(bars.volume[i] as number)
    } else {
      high[k] = Math.max(high[k] as number, bars.high[i] as number)
      low[k] = Math.min(low[k] as number, bars.low[i] as number)
      close[k] = bars.close[i] as number
      volume[k] = (volume[k] as number) + (bars.volume[i] as number)
    }
  }
  return ok({
    time: Float64Array.from(time),
    open: Float64Array.from(open),
    high: Float64Array.from(high),
    low: Float64Array.from(low),
    close: Float64Array.from(close),
    volume: Float64Array.from(volume),
  })
}
