import type { BarColumns } from '../market/bars'
import { ema, rollingMax, rollingMin } from './moving-average'
import { atr, type Bands } from './technical'

/**
 * Parabolic SAR (Wilder, 1978) with acceleration `step`, capped at `max`. Starts long when the
 * second bar's high + low is at least the first's (Tulip Indicators' choice; Wilder left the first
 * trade to the reader), with the first bar's low as the SAR and its high as the extreme point. Each
 * bar: `sar += accel·(extreme − sar)`, kept outside the previous two bars' range; a new extreme
 * raises `accel` by `step`; a bar crossing the SAR reverses it onto the old extreme. `out[i]` is
 * the SAR after bar `i` closes (it uses bar `i`'s range), `NaN` at bar 0.
 */
export function psar(bars: BarColumns, step = 0.02, max = 0.2): Float64Array {
  const { high, low } = bars
  const n = high.length
  const out = new Float64Array(n).fill(NaN)
  if (!(step > 0) || !(max > step)) throw new RangeError('need 0 < step < max')
  if (n < 2) return out
  let isLong = (high[0] as number) + (low[0] as number) <= (high[1] as number) + (low[1] as number)
  let extreme = isLong ? (high[0] as number) : (low[0] as number)
  let sar = isLong ? (low[0] as number) : (high[0] as number)
  let accel = step
  for (let i = 1; i < n; i++) {
    const h = high[i] as number
    const l = low[i] as number
    sar = (extreme - sar) * accel + sar
    if (isLong) {
      if (i >= 2 && sar > (low[i - 2] as number)) sar = low[i - 2] as number
      if (sar > (low[i - 1] as number)) sar = low[i - 1] as number
      if (h > extreme) {
        accel = Math.min(max, accel + step)
        extreme = h
      }
    } else {
      if (i >= 2 && sar < (high[i - 2] as number)) sar = high[i - 2] as number
      if (sar < (high[i - 1] as number)) sar = high[i - 1] as number
      if (l < extreme) {
        accel = Math.min(max, accel + step)
        extreme = l
      }
    }
    if ((isLong && l < sar) || (!isLong && h > sar)) {
      accel = step
      sar = extreme
      isLong = !isLong
      extreme = isLong ? h : l
    }
    out[i] = sar
  }
  return out
}

/**
 * Keltner channel in Linda Raschke's modern form (as StockCharts draws it): the `period` EMA of
 * the close, ± `multiplier` × ATR(`atrPeriod`) (Wilder). Chester Keltner's 1960 original used a
 * 10-day SMA of the typical price ± the 10-day average high − low.
 */
export function keltner(bars: BarColumns, period = 20, multiplier = 2, atrPeriod = 10): Bands {
  const middle = ema(bars.close, period)
  const range = atr(bars, atrPeriod)
  const n = middle.length
  const upper = new Float64Array(n)
  const lower = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    upper[i] = (middle[i] as number) + multiplier * (range[i] as number)
    lower[i] = (middle[i] as number) - multiplier * (range[i] as number)
  }
  return { upper, middle, lower }
}

/** Ichimoku kinkō hyō lines, each indexed by the bar it is drawn at. */
export type Ichimoku = {
  tenkan: Float64Array
  kijun: Float64Array
  senkouA: Float64Array
  senkouB: Float64Array
  chikou: Float64Array
}

/**
 * Ichimoku (Hosoda, 1969), with backtrader's shift convention: `tenkan` and `kijun` are the
 * midpoints of the highest high and lowest low over `tenkanPeriod` and `kijunPeriod` bars;
 * `senkouA = (tenkan + kijun) / 2` and `senkouB` (the `senkouPeriod` midpoint) are displaced
 * `displacement` bars forward, so `senkouA[i]` was computed at bar `i − displacement` and is known
 * at bar `i` (charting packages that count the current bar as 1 displace by `displacement − 1`).
 * `chikou[i] = close[i + displacement]` is the close drawn `displacement` bars back: it looks
 * ahead and is `NaN` for the last `displacement` bars, so a rule comparing the lagging span with
 * price should compare `close[i]` with `close[i − displacement]` instead.
 */
export function ichimoku(
  bars: BarColumns,
  tenkanPeriod = 9,
  kijunPeriod = 26,
  senkouPeriod = 52,
  displacement = 26,
): Ichimoku {
  const n = bars.close.length
  const mid = (p: number): Float64Array => {
    const hh = rollingMax(bars.high, p)
    const ll = rollingMin(bars.low, p)
    const out = new Float64Array(n)
    for (let i = 0; i < n; i++) out[i] = ((hh[i] as number) + (ll[i] as number)) / 2
    return out
  }
  const tenkan = mid(tenkanPeriod)
  const kijun = mid(kijunPeriod)
  const spanB = mid(senkouPeriod)
  const senkouA = new Float64Array(n).fill(NaN)
  const senkouB = new Float64Array(n).fill(NaN)
  const chikou = new Float64Array(n).fill(NaN)
  for (let i = displacement; i < n; i++) {
    const j = i - displacement
    senkouA[i] = ((tenkan[j] as number) + (kijun[j] as number)) / 2
    senkouB[i] = spanB[j] as number
  }
  for (let i = 0; i + displacement < n; i++) chikou[i] = bars.close[i + displacement] as number
  return { tenkan, kijun, senkouA, senkouB, chikou }
}

/** Heikin-Ashi candles. */
export type HeikinAshi = {
  open: Float64Array
  high: Float64Array
  low: Float64Array
  close: Float64Array
}

/**
 * Heikin-Ashi candles: `close = (o + h + l + c) / 4`, `open` the midpoint of the previous
 * Heikin-Ashi open and close (the first bar's `(o + c) / 2`), `high`/`low` the extremes of the
 * bar's high/low and the Heikin-Ashi open and close.
 */
export function heikinAshi(bars: BarColumns): HeikinAshi {
  const n = bars.close.length
  const open = new Float64Array(n)
  const high = new Float64Array(n)
  const low = new Float64Array(n)
  const close = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const o = bars.open[i] as number
    const h = bars.high[i] as number
    const l = bars.low[i] as number
    const c = bars.close[i] as number
    close[i] = (o + h + l + c) / 4
    open[i] = i === 0 ? (o + c) / 2 : ((open[i - 1] as number) + (close[i - 1] as number)) / 2
    high[i] = Math.max(h, open[i] as number, close[i] as number)
    low[i] = Math.min(l, open[i] as number, close[i] as number)
  }
  return { open, high, low, close }
}
