/**
 * Moving averages over `Float64Array` columns. Every function returns a new column of the same
 * length; bars before the first complete window are `NaN`.
 */

/**
 * Simple moving average, bit-for-bit the value pandas' `Series.rolling(n).mean()` returns (the
 * reference engine's `SMA`): a running sum with separate Kahan compensation for the values that
 * enter and leave the window, a constant-run shortcut and sign clamping. Matching the rounding
 * matters because crossover decisions compare two averages that can be one ulp apart.
 */
export function sma(values: Float64Array, period: number): Float64Array {
  const n = values.length
  const out = new Float64Array(n).fill(NaN)
  if (period < 1 || !Number.isInteger(period)) throw new RangeError(`period must be >= 1`)
  let nobs = 0
  let sum = 0
  let negCt = 0
  let compAdd = 0
  let compRemove = 0
  let sameRun = 0
  let prev = n > 0 ? (values[0] as number) : NaN
  for (let i = 0; i < n; i++) {
    if (i >= period) {
      const v = values[i - period] as number
      if (v === v) {
        nobs--
        const y = -v - compRemove
        const t = sum + y
        compRemove = t - sum - y
        sum = t
        if (v < 0 || Object.is(v, -0)) negCt--
      }
    }
    const v = values[i] as number
    if (v === v) {
      nobs++
      const y = v - compAdd
      const t = sum + y
      compAdd = t - sum - y
      sum = t
      if (v < 0 || Object.is(v, -0)) negCt++
      if (v === prev) sameRun++
      else sameRun = 1
      prev = v
    }
    if (nobs >= period && nobs > 0) {
      let r = sum / nobs
      if (sameRun >= nobs) r = prev
      else if (negCt === 0 && r < 0) r = 0
      else if (negCt === nobs && r > 0) r = 0
      out[i] = r
    }
  }
  return out
}

/**
 * Exponential moving average with `alpha = 2 / (period + 1)`, seeded with the simple average of
 * the first `period` valid values (the TA-Lib convention). Leading `NaN`s in the input are
 * skipped, so an EMA of an indicator (MACD's signal line) starts where its input starts.
 */
export function ema(values: Float64Array, period: number): Float64Array {
  const n = values.length
  const out = new Float64Array(n).fill(NaN)
  if (period < 1 || !Number.isInteger(period)) throw new RangeError(`period must be >= 1`)
  const alpha = 2 / (period + 1)
  let first = 0
  while (first < n && Number.isNaN(values[first])) first++
  if (first + period > n) return out
  let seed = 0
  for (let i = first; i < first + period; i++) seed += values[i] as number
  let prev = seed / period
  out[first + period - 1] = prev
  for (let i = first + period; i < n; i++) {
    prev = alpha * (values[i] as number) + (1 - alpha) * prev
    out[i] = prev
  }
  return out
}

/** Linearly weighted moving average: weights 1..period, the newest bar weighs most. */
export function wma(values: Float64Array, period: number): Float64Array {
  const n = values.length
  const out = new Float64Array(n).fill(NaN)
  if (period < 1 || !Number.isInteger(period)) throw new RangeError(`period must be >= 1`)
  const denom = (period * (period + 1)) / 2
  for (let i = period - 1; i < n; i++) {
    let acc = 0
    for (let k = 0; k < period; k++) acc += (values[i - period + 1 + k] as number) * (k + 1)
    out[i] = acc / denom
  }
  return out
}

/** Rolling population standard deviation (ddof 0), as Bollinger bands use it. */
export function rollingStd(values: Float64Array, period: number): Float64Array {
  const n = values.length
  const out = new Float64Array(n).fill(NaN)
  for (let i = period - 1; i < n; i++) {
    let mean = 0
    for (let k = i - period + 1; k <= i; k++) mean += values[k] as number
    mean /= period
    let ss = 0
    for (let k = i - period + 1; k <= i; k++) {
      const d = (values[k] as number) - mean
      ss += d * d
    }
    out[i] = Math.sqrt(ss / period)
  }
  return out
}

/** Highest value over the last `period` bars (inclusive of the current one), in O(n). */
export function rollingMax(values: Float64Array, period: number): Float64Array {
  return rollingExtreme(values, period, true)
}

/** Lowest value over the last `period` bars (inclusive of the current one), in O(n). */
export function rollingMin(values: Float64Array, period: number): Float64Array {
  return rollingExtreme(values, period, false)
}

function rollingExtreme(values: Float64Array, period: number, isMax: boolean): Float64Array {
  const at = rollingExtremeIndex(values, period, isMax)
  const out = new Float64Array(values.length).fill(NaN)
  for (let i = period - 1; i < values.length; i++) out[i] = values[at[i] as number] as number
  return out
}

/**
 * Index of the highest (`isMax`) or lowest value over the last `period` bars, the newest on ties
 * (a `NaN` in the window wins); −1 before the first complete window. O(n) with a monotonic deque of indices in a ring buffer
 * whose values decrease (increase, for the minimum) from front to back.
 */
export function rollingExtremeIndex(
  values: Float64Array,
  period: number,
  isMax: boolean,
): Int32Array {
  const n = values.length
  const out = new Int32Array(n).fill(-1)
  if (period < 1 || !Number.isInteger(period)) throw new RangeError(`period must be >= 1`)
  const dq = new Int32Array(period)
  let head = 0
  let size = 0
  for (let i = 0; i < n; i++) {
    const v = values[i] as number
    // The front leaves once it falls out of the window.
    if (size > 0 && (dq[head] as number) <= i - period) {
      head = (head + 1) % period
      size--
    }
    // The new value retires every older one it equals or beats; a NaN retires all and is never
    // retired, so a window holding a NaN reads NaN.
    if (v !== v) size = 0
    while (size > 0) {
      const back = values[dq[(head + size - 1) % period] as number] as number
      if (isMax ? back <= v : back >= v) size--
      else break
    }
    dq[(head + size) % period] = i
    size++
    if (i >= period - 1) out[i] = dq[head] as number
  }
  return out
}

/**
 * Wilder's smoothed moving average (SMMA, "Wilder's smoothing", `RMA`): the first value, at the
 * `period`-th valid input, is the simple mean of the first `period` valid values; then
 * `avg = (avg·(period−1) + x) / period`, i.e. an EMA with `alpha = 1 / period`. RSI, ATR and ADX
 * smooth this way. Leading `NaN`s are skipped as in {@link ema}.
 */
export function smma(values: Float64Array, period: number): Float64Array {
  const n = values.length
  const out = new Float64Array(n).fill(NaN)
  if (period < 1 || !Number.isInteger(period)) throw new RangeError(`period must be >= 1`)
  let first = 0
  while (first < n && Number.isNaN(values[first])) first++
  if (first + period > n) return out
  let seed = 0
  for (let i = first; i < first + period; i++) seed += values[i] as number
  let prev = seed / period
  out[first + period - 1] = prev
  for (let i = first + period; i < n; i++) {
    prev = (prev * (period - 1) + (values[i] as number)) / period
    out[i] = prev
  }
  return out
}

/**
 * Double exponential moving average (Mulloy, 1994): `2·EMA − EMA(EMA)`, each EMA seeded by its
 * SMA, so the first value sits at index `2·period − 2`.
 */
export function dema(values: Float64Array, period: number): Float64Array {
  const e1 = ema(values, period)
  const e2 = ema(e1, period)
  const n = values.length
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = 2 * (e1[i] as number) - (e2[i] as number)
  return out
}

/**
 * Triple exponential moving average (Mulloy, 1994): `3·EMA − 3·EMA(EMA) + EMA(EMA(EMA))`; the first
 * value sits at index `3·period − 3`.
 */
export function tema(values: Float64Array, period: number): Float64Array {
  const e1 = ema(values, period)
  const e2 = ema(e1, period)
  const e3 = ema(e2, period)
  const n = values.length
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    out[i] = 3 * (e1[i] as number) - 3 * (e2[i] as number) + (e3[i] as number)
  }
  return out
}

/** Where Kaufman's adaptive average starts. */
export type KamaSeed = 'sma' | 'price'

/**
 * Kaufman's adaptive moving average (Smarter Trading, 1995). The efficiency ratio
 * `ER = |x − x[period ago]| / Σ|x − x[1 ago]|` over `period` bars scales the smoothing constant
 * `sc = (ER·(2/(fast+1) − 2/(slow+1)) + 2/(slow+1))²`; then `kama += sc·(x − kama)`.
 *
 * The seed is a convention the references disagree on: `'sma'` (backtrader) starts at index
 * `period` with the mean of the last `period` values; `'price'` (Tulip Indicators) starts at index
 * `period − 1` with that bar's value. A window without movement has ER 1 (Tulip's choice).
 */
export function kama(
  values: Float64Array,
  period: number,
  fast = 2,
  slow = 30,
  seed: KamaSeed = 'sma',
): Float64Array {
  const n = values.length
  const out = new Float64Array(n).fill(NaN)
  if (period < 1 || !Number.isInteger(period)) throw new RangeError(`period must be >= 1`)
  const fastSc = 2 / (fast + 1)
  const slowSc = 2 / (slow + 1)
  const start = seed === 'sma' ? period : period - 1
  if (start >= n) return out
  // Running sum of |x[j] − x[j−1]| for j in (i − period, i].
  let vol = 0
  for (let j = Math.max(1, start - period + 1); j <= start; j++) {
    vol += Math.abs((values[j] as number) - (values[j - 1] as number))
  }
  let prev: number
  if (seed === 'sma') {
    let acc = 0
    for (let j = start - period + 1; j <= start; j++) acc += values[j] as number
    prev = acc / period
  } else prev = values[start] as number
  out[start] = prev
  for (let i = start + 1; i < n; i++) {
    const x = values[i] as number
    vol += Math.abs(x - (values[i - 1] as number))
    if (i - period - 1 >= 0) {
      vol -= Math.abs((values[i - period] as number) - (values[i - period - 1] as number))
    }
    const er = vol === 0 ? 1 : Math.abs(x - (values[i - period] as number)) / vol
    const sc = (er * (fastSc - slowSc) + slowSc) ** 2
    prev = prev + sc * (x - prev)
    out[i] = prev
  }
  return out
}
