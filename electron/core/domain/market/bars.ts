/**
 * OHLCV bars as columns: the shape the engine loops over. `time` holds epoch milliseconds (UTC);
 * every column has the same length and times strictly increase.
 */
export type BarColumns = {
  time: Float64Array
  open: Float64Array
  high: Float64Array
  low: Float64Array
  close: Float64Array
  volume: Float64Array
}

/** Number of bars in a column set. */
export function barCount(bars: BarColumns): number {
  return bars.time.length
}
