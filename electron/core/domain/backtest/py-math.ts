// Python's float semantics where the reference engine's results depend on them.

/** `sys.float_info.epsilon`: the reference engine's default order size is `1 − ε`. */
export const PY_EPSILON = 2 ** -52

/**
 * Python's `x // y` on floats (CPython `_float_div_mod`): floor of the exact quotient, which can
 * differ from `Math.floor(x / y)` by one when the rounded quotient lands on an integer.
 */
export function pyFloorDiv(x: number, y: number): number {
  // Fast path: far from an integer, the rounded quotient floors to the exact one.
  const q = x / y
  const f = Math.floor(q)
  if (q - f > 1e-7 && q - f < 1 - 1e-7) return f
  const mod = x % y
  let div = (x - mod) / y
  // The remainder takes the sign of the divisor, so the quotient steps down by one.
  if (mod && y < 0 !== mod < 0) div -= 1
  if (div) {
    let floordiv = Math.floor(div)
    if (div - floordiv > 0.5) floordiv += 1
    return floordiv
  }
  return 0 * Math.sign(x / y)
}

/** Mean of the non-NaN values (pandas `Series.mean`); `NaN` when there are none. */
export function nanMean(values: ArrayLike<number>): number {
  let acc = 0
  let k = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number
    if (v === v) {
      acc += v
      k++
    }
  }
  return k ? acc / k : NaN
}

/** Sample variance (ddof 1) of the non-NaN values; `NaN` below two values. */
export function nanVar(values: ArrayLike<number>, ddof = 1): number {
  const m = nanMean(values)
  let ss = 0
  let k = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number
    if (v === v) {
      ss += (v - m) * (v - m)
      k++
    }
  }
  return k - ddof > 0 ? ss / (k - ddof) : NaN
}

/** The median of a list (average of the two middle values for even counts). */
export function median(values: number[]): number {
  if (!values.length) return NaN
  const s = [...values].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}
