import { describe, expect, it } from 'vitest'
import { normalCdf, normalQuantile } from '../../../../electron/core/domain/overfit'

// Reference values: scipy 1.17.1, `scipy.stats.norm.cdf` / `norm.ppf` (Cephes ndtr / ndtri).
const CDF: [number, number][] = [
  [0, 0.5],
  [0.5, 0.6914624612740131],
  [1, 0.8413447460685429],
  [-1, 0.15865525393145707],
  [1.96, 0.9750021048517795],
  [3, 0.9986501019683699],
  [-3, 0.0013498980316300933],
  [-5, 2.866515718791933e-7],
  [-10, 7.61985302416047e-24],
  [-20, 2.7536241186061556e-89],
  [-37.5, 4.605353009581954e-308],
  [8, 0.9999999999999993],
]

const PPF: [number, number][] = [
  [0.5, 0],
  [0.975, 1.959963984540054],
  [0.95, 1.6448536269514722],
  [0.99, 2.3263478740408408],
  [0.01, -2.3263478740408408],
  [1e-10, -6.361340902404056],
  [1e-300, -37.0470962993612],
  [0.02425, -1.972961051311885],
  [0.3, -0.5244005127080409],
  [0.9999999, 5.199337582290661],
]

describe('normalCdf', () => {
  it.each(CDF)('Φ(%d) matches scipy to 1e-13 relative', (x, expected) => {
    const got = normalCdf(x)
    expect(Math.abs(got - expected)).toBeLessThanOrEqual(1e-13 * Math.abs(expected) + 1e-300)
  })

  it('is 0 and 1 at the infinities and NaN for NaN', () => {
    expect(normalCdf(-Infinity)).toBe(0)
    expect(normalCdf(Infinity)).toBe(1)
    expect(normalCdf(Number.NaN)).toBeNaN()
  })

  it('is symmetric: Φ(x) + Φ(−x) = 1', () => {
    for (let x = -6; x <= 6; x += 0.37) {
      expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 14)
    }
  })
})

describe('normalQuantile', () => {
  it.each(PPF)('Φ⁻¹(%d) matches scipy to 1e-12', (p, expected) => {
    expect(Math.abs(normalQuantile(p) - expected)).toBeLessThanOrEqual(
      1e-12 * Math.max(1, Math.abs(expected)),
    )
  })

  it('inverts normalCdf across the lower tail (the upper is −Φ⁻¹(1 − p))', () => {
    // Above 0, p near 1 keeps too few digits of 1 − p for any quantile to recover x exactly.
    for (let x = -37; x <= 0; x += 0.173) {
      expect(normalQuantile(normalCdf(x))).toBeCloseTo(x, 11)
    }
    expect(normalQuantile(0.8)).toBeCloseTo(-normalQuantile(0.2), 15)
  })

  it('is ±∞ at 0 and 1 and NaN outside [0, 1]', () => {
    expect(normalQuantile(0)).toBe(-Infinity)
    expect(normalQuantile(1)).toBe(Infinity)
    expect(normalQuantile(-0.1)).toBeNaN()
    expect(normalQuantile(1.1)).toBeNaN()
  })
})
