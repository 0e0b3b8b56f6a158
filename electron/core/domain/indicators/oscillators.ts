import type { BarColumns } from '../market/bars'
import { ema, rollingExtremeIndex, rollingMax, rollingMin, sma } from './moving-average'
import { rsi } from './technical'

/** Where the mean deviation of {@link cci} is measured from. */
export type CciDeviation = 'window' | 'averaged'

/**
 * Commodity channel index (Lambert, 1980): `(tp − SMA(tp)) / (0.015 · meanDeviation)` with the
 * typical price `tp = (high + low + close) / 3`.
 *
 * `'window'` (Lambert, TA-Lib, Tulip Indicators): the mean absolute deviation of the window's
 * typical prices from the current SMA; first value at index `period − 1`. It needs the current
 * mean, so it costs O(n·period). `'averaged'` (backtrader's `CCI`): the `period` SMA of
 * `|tp − SMA(tp)|`, each bar against its own SMA; first value at index `2·period − 2`, O(n).
 * A window without deviation reads 0.
 */
export function cci(
  bars: BarColumns,
  period: number,
  factor = 0.015,
  deviation: CciDeviation = 'window',
): Float64Array {
  const tp = typicalPrice(bars)
  const mean = sma(tp, period)
  const n = tp.length
  const out = new Float64Array(n).fill(NaN)
  if (deviation === 'averaged') {
    const absDev = new Float64Array(n)
    for (let i = 0; i < n; i++) absDev[i] = Math.abs((tp[i] as number) - (mean[i] as number))
    const md = sma(absDev, period)
    for (let i = 0; i < n; i++) {
      const d = md[i] as number
      if (d !== d) continue
      out[i] = d === 0 ? 0 : ((tp[i] as number) - (mean[i] as number)) / (factor * d)
    }
    return out
  }
  for (let i = period - 1; i < n; i++) {
    const m = mean[i] as number
    let acc = 0
    for (let k = i - period + 1; k <= i; k++) acc += Math.abs((tp[k] as number) - m)
    const d = acc / period
    out[i] = d === 0 ? 0 : ((tp[i] as number) - m) / (factor * d)
  }
  return out
}

/** Typical price `(high + low + close) / 3` per bar. */
export function typicalPrice(bars: BarColumns): Float64Array {
  const n = bars.close.length
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    out[i] = ((bars.high[i] as number) + (bars.low[i] as number) + (bars.close[i] as number)) / 3
  }
  return out
}

/**
 * Williams %R: `−100 · (highest high − close) / (highest high − lowest low)` over `period` bars,
 * from 0 (close at the high) to −100 (at the low); −50 when the range is empty.
 */
export function williamsR(bars: BarColumns, period: number): Float64Array {
  const hh = rollingMax(bars.high, period)
  const ll = rollingMin(bars.low, period)
  const n = bars.close.length
  const out = new Float64Array(n).fill(NaN)
  for (let i = period - 1; i < n; i++) {
    const range = (hh[i] as number) - (ll[i] as number)
    out[i] = range === 0 ? -50 : (-100 * ((hh[i] as number) - (bars.close[i] as number))) / range
  }
  return out
}

/** Momentum: `x − x[period bars ago]` (first value at index `period`). */
export function momentum(values: Float64Array, period: number): Float64Array {
  const n = values.length
  const out = new Float64Array(n).fill(NaN)
  for (let i = period; i < n; i++) out[i] = (values[i] as number) - (values[i - period] as number)
  return out
}

/**
 * TRIX (Hutson): the one-bar percent change of a triple EMA, `100 · (e3 / e3[1 ago] − 1)`; each
 * EMA is SMA-seeded, so the first value sits at index `3·period − 2`.
 */
export function trix(values: Float64Array, period: number): Float64Array {
  const e3 = ema(ema(ema(values, period), period), period)
  const n = values.length
  const out = new Float64Array(n).fill(NaN)
  for (let i = 1; i < n; i++) out[i] = 100 * ((e3[i] as number) / (e3[i - 1] as number) - 1)
  return out
}

/** Aroon lines and their difference. */
export type Aroon = { up: Float64Array; down: Float64Array; oscillator: Float64Array }

/**
 * Aroon (Chande, 1995) over `period + 1` bars: `up = 100 · (period − bars since the highest high) /
 * period`, `down` likewise with the lowest low (the newest extreme on ties), `oscillator = up −
 * down`. First value at index `period`.
 */
export function aroon(bars: BarColumns, period: number): Aroon {
  const hi = rollingExtremeIndex(bars.high, period + 1, true)
  const lo = rollingExtremeIndex(bars.low, period + 1, false)
  const n = bars.close.length
  const up = new Float64Array(n).fill(NaN)
  const down = new Float64Array(n).fill(NaN)
  const oscillator = new Float64Array(n).fill(NaN)
  const scale = 100 / period
  for (let i = period; i < n; i++) {
    up[i] = (period - (i - (hi[i] as number))) * scale
    down[i] = (period - (i - (lo[i] as number))) * scale
    oscillator[i] = (up[i] as number) - (down[i] as number)
  }
  return { up, down, oscillator }
}

/**
 * Money flow index (Quong & Soudack): over the last `period` bars, the typical price × volume of
 * bars whose typical price rose (positive flow) against those where it fell (unchanged bars count
 * for neither); `100 · positive / (positive + negative)`, 50 when both are 0. First value at index
 * `period`. Running sums over a ring buffer, O(n).
 */
export function mfi(bars: BarColumns, period: number): Float64Array {
  const tp = typicalPrice(bars)
  const n = tp.length
  const out = new Float64Array(n).fill(NaN)
  const pos = new Float64Array(period)
  const neg = new Float64Array(period)
  let sumPos = 0
  let sumNeg = 0
  for (let i = 1; i < n; i++) {
    const slot = i % period
    sumPos -= pos[slot] as number
    sumNeg -= neg[slot] as number
    const flow = (tp[i] as number) * (bars.volume[i] as number)
    const d = (tp[i] as number) - (tp[i - 1] as number)
    const up = d > 0 ? flow : 0
    const down = d < 0 ? flow : 0
    pos[slot] = up
    neg[slot] = down
    sumPos += up
    sumNeg += down
    if (i >= period) {
      const total = sumPos + sumNeg
      out[i] = total === 0 ? 50 : (100 * sumPos) / total
    }
  }
  return out
}

/**
 * Stochastic RSI (Chande & Kroll, 1994): where RSI(`rsiPeriod`) sits within its own range over the
 * last `stochPeriod` RSI values, scaled 0–100 (Tulip Indicators' `stochrsi` reads 0–1); 0 when
 * the range is empty. First value at index `rsiPeriod + stochPeriod − 1`.
 */
export function stochRsi(
  close: Float64Array,
  rsiPeriod: number,
  stochPeriod = rsiPeriod,
): Float64Array {
  const r = rsi(close, rsiPeriod)
  const hi = rollingMax(r, stochPeriod)
  const lo = rollingMin(r, stochPeriod)
  const n = close.length
  const out = new Float64Array(n).fill(NaN)
  for (let i = rsiPeriod + stochPeriod - 1; i < n; i++) {
    const range = (hi[i] as number) - (lo[i] as number)
    out[i] = range === 0 ? 0 : (100 * ((r[i] as number) - (lo[i] as number))) / range
  }
  return out
}

/**
 * Chaikin's accumulation/distribution line: the running sum, from the first bar, of the close
 * location value `((close − low) − (high − close)) / (high − low)` times volume (0 when high =
 * low).
 */
export function adLine(bars: BarColumns): Float64Array {
  const n = bars.close.length
  const out = new Float64Array(n)
  let acc = 0
  for (let i = 0; i < n; i++) {
    const h = bars.high[i] as number
    const l = bars.low[i] as number
    const c = bars.close[i] as number
    if (h !== l) acc += ((c - l - (h - c)) / (h - l)) * (bars.volume[i] as number)
    out[i] = acc
  }
  return out
}
