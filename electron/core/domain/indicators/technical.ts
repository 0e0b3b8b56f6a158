import type { BarColumns } from '../market/bars'
import { ema, rollingMax, rollingMin, rollingStd, sma } from './moving-average'

/**
 * Relative strength index with Wilder's smoothing: the first average gain/loss is the simple mean
 * of the first `period` changes, then `avg = (avg·(period−1) + x) / period`. The first value sits
 * at index `period`; a window without losses reads 100.
 */
export function rsi(close: Float64Array, period: number): Float64Array {
  const n = close.length
  const out = new Float64Array(n).fill(NaN)
  if (n <= period) return out
  let gain = 0
  let loss = 0
  for (let i = 1; i <= period; i++) {
    const d = (close[i] as number) - (close[i - 1] as number)
    if (d > 0) gain += d
    else loss -= d
  }
  gain /= period
  loss /= period
  out[period] = loss === 0 ? 100 : 100 - 100 / (1 + gain / loss)
  for (let i = period + 1; i < n; i++) {
    const d = (close[i] as number) - (close[i - 1] as number)
    gain = (gain * (period - 1) + (d > 0 ? d : 0)) / period
    loss = (loss * (period - 1) + (d < 0 ? -d : 0)) / period
    out[i] = loss === 0 ? 100 : 100 - 100 / (1 + gain / loss)
  }
  return out
}

/** MACD line (fast EMA − slow EMA), its signal EMA and the histogram. */
export type Macd = { macd: Float64Array; signal: Float64Array; histogram: Float64Array }

/** Moving average convergence/divergence (Appel): EMAs seeded by SMAs, signal over the MACD line. */
export function macd(close: Float64Array, fast: number, slow: number, signal: number): Macd {
  const f = ema(close, fast)
  const s = ema(close, slow)
  const n = close.length
  const line = new Float64Array(n)
  for (let i = 0; i < n; i++) line[i] = (f[i] as number) - (s[i] as number)
  const sig = ema(line, signal)
  const hist = new Float64Array(n)
  for (let i = 0; i < n; i++) hist[i] = (line[i] as number) - (sig[i] as number)
  return { macd: line, signal: sig, histogram: hist }
}

/** Bollinger bands: middle SMA, upper and lower at `k` population standard deviations. */
export type Bands = { upper: Float64Array; middle: Float64Array; lower: Float64Array }

/** Bollinger bands over `period` bars at `k` standard deviations. */
export function bollinger(close: Float64Array, period: number, k: number): Bands {
  const middle = sma(close, period)
  const sd = rollingStd(close, period)
  const n = close.length
  const upper = new Float64Array(n)
  const lower = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    upper[i] = (middle[i] as number) + k * (sd[i] as number)
    lower[i] = (middle[i] as number) - k * (sd[i] as number)
  }
  return { upper, middle, lower }
}

/** True range per bar; the first bar (no previous close) is its high − low. */
export function trueRange(bars: BarColumns): Float64Array {
  const { high, low, close } = bars
  const n = close.length
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const h = high[i] as number
    const l = low[i] as number
    if (i === 0) {
      out[i] = h - l
      continue
    }
    const pc = close[i - 1] as number
    out[i] = Math.max(h - l, Math.abs(h - pc), Math.abs(l - pc))
  }
  return out
}

/**
 * Average true range (Wilder): the first value, at index `period`, is the mean of the true ranges
 * of bars 1..period (each has a previous close); then Wilder smoothing.
 */
export function atr(bars: BarColumns, period: number): Float64Array {
  const tr = trueRange(bars)
  const n = tr.length
  const out = new Float64Array(n).fill(NaN)
  if (n <= period) return out
  let acc = 0
  for (let i = 1; i <= period; i++) acc += tr[i] as number
  let prev = acc / period
  out[period] = prev
  for (let i = period + 1; i < n; i++) {
    prev = (prev * (period - 1) + (tr[i] as number)) / period
    out[i] = prev
  }
  return out
}

/** Stochastic oscillator lines. */
export type Stochastic = { k: Float64Array; d: Float64Array }

/**
 * Stochastic oscillator (Lane): raw `%K = 100·(close − lowest low) / (highest high − lowest low)`
 * over `kPeriod` bars (50 when the range is empty); `%K` is that raw line averaged over `slowing`
 * bars (1: the fast stochastic; 3: the "slow" stochastic of backtrader's `Stochastic` and Tulip's
 * `stoch`), and `%D` the `dPeriod` SMA of `%K`.
 */
export function stochastic(
  bars: BarColumns,
  kPeriod: number,
  dPeriod: number,
  slowing = 1,
): Stochastic {
  const hh = rollingMax(bars.high, kPeriod)
  const ll = rollingMin(bars.low, kPeriod)
  const n = bars.close.length
  const raw = new Float64Array(n).fill(NaN)
  for (let i = kPeriod - 1; i < n; i++) {
    const range = (hh[i] as number) - (ll[i] as number)
    raw[i] = range === 0 ? 50 : (100 * ((bars.close[i] as number) - (ll[i] as number))) / range
  }
  const k = slowing === 1 ? raw : trailingMean(raw, slowing)
  return { k, d: trailingMean(k, dPeriod) }
}

/** Mean of the last `period` values with a running sum; `NaN` until `period` valid values. */
function trailingMean(values: Float64Array, period: number): Float64Array {
  const n = values.length
  const out = new Float64Array(n).fill(NaN)
  let first = 0
  while (first < n && Number.isNaN(values[first])) first++
  let acc = 0
  for (let i = first; i < n; i++) {
    acc += values[i] as number
    if (i - period >= first) acc -= values[i - period] as number
    if (i - first >= period - 1) out[i] = acc / period
  }
  return out
}

/** ADX with its rating (ADXR) and the directional indicators +DI and −DI (Wilder's DMI). */
export type Adx = {
  adx: Float64Array
  adxr: Float64Array
  plusDi: Float64Array
  minusDi: Float64Array
}

/** How the directional movement sums of {@link adx} are seeded. */
export type AdxSeed = 'period' | 'period-1'

/**
 * Average directional index (Wilder, 1978): +DM/−DM and TR smoothed by Wilder sums
 * (`S = S − S/period + x`); DX from the DIs; ADX the mean of the first `period` DX values, then
 * Wilder-smoothed. ADXR is `(ADX + ADX[period ago]) / 2`.
 *
 * `'period'` seeds the sums with bars 1..period, so the DIs start at index `period` and ADX at
 * `2·period − 1`: backtrader's mean-seeded averages (the `1/period` factors cancel) and
 * TradingView's `rma`. `'period-1'` seeds them with bars 1..period−1 (Tulip Indicators; TA-Lib's
 * DIs too, which it prints from index `period`), so the DIs start at `period − 1` and ADX at
 * `2·period − 2`. The two converge as `(1 − 1/period)^bars`.
 */
export function adx(bars: BarColumns, period: number, seed: AdxSeed = 'period'): Adx {
  const { high, low } = bars
  const n = high.length
  const tr = trueRange(bars)
  const plusDi = new Float64Array(n).fill(NaN)
  const minusDi = new Float64Array(n).fill(NaN)
  const out = new Float64Array(n).fill(NaN)
  const adxr = new Float64Array(n).fill(NaN)
  if (n <= period) return { adx: out, adxr, plusDi, minusDi }
  const seedBars = seed === 'period' ? period : period - 1
  let sTr = 0
  let sPlus = 0
  let sMinus = 0
  const dx = new Float64Array(n).fill(NaN)
  for (let i = 1; i < n; i++) {
    const up = (high[i] as number) - (high[i - 1] as number)
    const down = (low[i - 1] as number) - (low[i] as number)
    const pdm = up > down && up > 0 ? up : 0
    const mdm = down > up && down > 0 ? down : 0
    if (i <= seedBars) {
      sTr += tr[i] as number
      sPlus += pdm
      sMinus += mdm
      if (i < seedBars) continue
    } else {
      sTr = sTr - sTr / period + (tr[i] as number)
      sPlus = sPlus - sPlus / period + pdm
      sMinus = sMinus - sMinus / period + mdm
    }
    const p = sTr === 0 ? 0 : (100 * sPlus) / sTr
    const m = sTr === 0 ? 0 : (100 * sMinus) / sTr
    plusDi[i] = p
    minusDi[i] = m
    dx[i] = p + m === 0 ? 0 : (100 * Math.abs(p - m)) / (p + m)
  }
  const first = seedBars + period - 1
  if (first >= n) return { adx: out, adxr, plusDi, minusDi }
  let acc = 0
  for (let i = seedBars; i <= first; i++) acc += dx[i] as number
  let prev = acc / period
  out[first] = prev
  for (let i = first + 1; i < n; i++) {
    prev = (prev * (period - 1) + (dx[i] as number)) / period
    out[i] = prev
  }
  for (let i = first + period; i < n; i++) {
    adxr[i] = ((out[i] as number) + (out[i - period] as number)) / 2
  }
  return { adx: out, adxr, plusDi, minusDi }
}

/** Donchian channel: highest high and lowest low over `period` bars, and their midpoint. */
export function donchian(bars: BarColumns, period: number): Bands {
  const upper = rollingMax(bars.high, period)
  const lower = rollingMin(bars.low, period)
  const n = upper.length
  const middle = new Float64Array(n)
  for (let i = 0; i < n; i++) middle[i] = ((upper[i] as number) + (lower[i] as number)) / 2
  return { upper, middle, lower }
}

/** Rate of change in percent over `period` bars. */
export function roc(close: Float64Array, period: number): Float64Array {
  const n = close.length
  const out = new Float64Array(n).fill(NaN)
  for (let i = period; i < n; i++) {
    out[i] = 100 * ((close[i] as number) / (close[i - period] as number) - 1)
  }
  return out
}

/** On-balance volume, starting at 0 on the first bar. */
export function obv(bars: BarColumns): Float64Array {
  const { close, volume } = bars
  const n = close.length
  const out = new Float64Array(n)
  let acc = 0
  for (let i = 1; i < n; i++) {
    const c = close[i] as number
    const p = close[i - 1] as number
    if (c > p) acc += volume[i] as number
    else if (c < p) acc -= volume[i] as number
    out[i] = acc
  }
  return out
}

const DAY_MS = 86_400_000

/**
 * Intraday volume-weighted average price of the typical price `(h+l+c)/3`, reset at each session
 * day. Sessions are UTC days shifted by `sessionOffsetMinutes` (e.g. −300 for New York winter
 * time). A session with no volume yet reads the typical price.
 */
export function vwap(bars: BarColumns, sessionOffsetMinutes = 0): Float64Array {
  const { time, high, low, close, volume } = bars
  const n = close.length
  const out = new Float64Array(n)
  const offset = sessionOffsetMinutes * 60_000
  let day = NaN
  let pv = 0
  let vol = 0
  for (let i = 0; i < n; i++) {
    const d = Math.floor(((time[i] as number) + offset) / DAY_MS)
    if (d !== day) {
      day = d
      pv = 0
      vol = 0
    }
    const tp = ((high[i] as number) + (low[i] as number) + (close[i] as number)) / 3
    const v = volume[i] as number
    pv += tp * v
    vol += v
    out[i] = vol > 0 ? pv / vol : tp
  }
  return out
}

/** Rolling z-score: `(x − mean) / population sd` over `period` bars (`NaN` when sd is 0). */
export function zscore(values: Float64Array, period: number): Float64Array {
  const mean = sma(values, period)
  const sd = rollingStd(values, period)
  const n = values.length
  const out = new Float64Array(n).fill(NaN)
  for (let i = period - 1; i < n; i++) {
    const s = sd[i] as number
    out[i] = s === 0 ? NaN : ((values[i] as number) - (mean[i] as number)) / s
  }
  return out
}
