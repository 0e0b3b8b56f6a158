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

/** Highest value over the last `period` bars (inclusive of the current one). */
export function rollingMax(values: Float64Array, period: number): Float64Array {
  const n = values.length
  const out = new Float64Array(n).fill(NaN)
  for (let i = period - 1; i < n; i++) {
    let m = -Infinity
    for (let k = i - period + 1; k <= i; k++) if ((values[k] as number) > m) m = values[k] as number
    out[i] = m
  }
  return out
}

/** Lowest value over the last `period` bars (inclusive of the current one). */
export function rollingMin(values: Float64Array, period: number): Float64Array {
  const n = values.length
  const out = new Float64Array(n).fill(NaN)
  for (let i = period - 1; i < n; i++) {
    let m = Infinity
    for (let k = i - period + 1; k <= i; k++) if ((values[k] as number) < m) m = values[k] as number
    out[i] = m
  }
  return out
}
