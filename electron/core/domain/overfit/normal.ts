// The standard normal distribution: CDF and quantile to about 1e-15, with no dependency.

const SQRT_2PI = Math.sqrt(2 * Math.PI)

/** The standard normal density. */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT_2PI
}

// The upper tail Q(z) = 1 − Φ(z) for z ≥ 0. Below 3 the Taylor series of Marsaglia (2004,
// "Evaluating the Normal Distribution", J. Stat. Softw. 11(4)) has no cancellation worth the
// name; from 3 on, Laplace's continued fraction for Mills' ratio, evaluated by modified Lentz,
// keeps the relative accuracy far into the tail (Φ(−37) ≈ 5.7e−300 still has 15 digits).
function upperTail(z: number): number {
  if (z < 3) {
    let term = z
    let sum = z
    const z2 = z * z
    for (let k = 3; term > 1e-17 * sum; k += 2) {
      term *= z2 / k
      sum += term
    }
    return 0.5 - normalPdf(z) * sum
  }
  // Q(z) = φ(z) / (z + 1/(z + 2/(z + 3/(z + …))))
  const tiny = 1e-300
  let f = z
  let c = z
  let d = 0
  for (let k = 1; k < 500; k++) {
    d = z + k * d
    d = d === 0 ? tiny : d
    c = z + k / c
    c = c === 0 ? tiny : c
    d = 1 / d
    const delta = c * d
    f *= delta
    if (Math.abs(delta - 1) < 1e-16) break
  }
  return normalPdf(z) / f
}

/** Φ(x), the standard normal CDF; relative error about 1e−15 in both tails. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN
  if (x === Infinity) return 1
  if (x === -Infinity) return 0
  return x >= 0 ? 1 - upperTail(x) : upperTail(-x)
}

// Acklam's rational approximation (relative error 1.15e−9), then one Halley step on the CDF
// above, which brings it to the CDF's own accuracy.
const A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2,
  -3.066479806614716e1, 2.506628277459239,
] as const
const B = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
  -1.328068155288572e1,
] as const
const C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734,
  4.374664141464968, 2.938163982698783,
] as const
const D = [
  7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416,
] as const
const P_LOW = 0.02425

// Only called with 0 < p ≤ 0.5.
function acklam(p: number): number {
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p))
    return (
      (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1)
    )
  }
  const q = p - 0.5
  const r = q * q
  return (
    ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) /
    (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1)
  )
}

/**
 * Φ⁻¹(p), the standard normal quantile (probit): −∞ at 0, +∞ at 1, NaN outside [0, 1].
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN
  if (p === 0) return -Infinity
  if (p === 1) return Infinity
  // Work in the lower half, where p itself (not 1 − p) carries the digits.
  if (p > 0.5) return -normalQuantile(1 - p)
  let x = acklam(p)
  const e = normalCdf(x) - p
  const u = e * SQRT_2PI * Math.exp(0.5 * x * x)
  x -= u / (1 + 0.5 * x * u)
  return x
}
