import { buildBars, type BarParseError } from './bar-parse'
import type { BarColumns } from './bars'
import type { Result } from './result'

/**
 * Bars a provider answered, passed through the same checks as a file (prices, order, horizon):
 * a bad bar names its 1-based position in the answer, `source` standing for the file name.
 */
export function checkProviderBars(
  bars: BarColumns,
  source: string,
): Result<{ bars: BarColumns; warnings: string[] }, BarParseError> {
  const rows = Array.from(bars.time, (t, i) => ({
    line: i + 1,
    time: new Date(t),
    open: bars.open[i],
    high: bars.high[i],
    low: bars.low[i],
    close: bars.close[i],
    volume: bars.volume[i],
  }))
  const names = { time: 't', clock: null, open: 'o', high: 'h', low: 'l', close: 'c', volume: 'v' }
  return buildBars(rows, names, { fileName: source })
}

/** An instant of a request in epoch milliseconds: a date (`YYYY-MM-DD`) means its UTC midnight. */
export function instantMsOf(value: string): number {
  return Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value)
}

/**
 * The instants a fetch of `[from, to]` covers, in epoch milliseconds: a date means its UTC day,
 * so a date `to` reaches the day's last millisecond.
 */
export function fetchWindowMs(from: string, to: string): { fromMs: number; toMs: number } {
  return { fromMs: instantMsOf(from), toMs: instantMsOf(to) + (to.length === 10 ? 86_399_999 : 0) }
}
