import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  deflatedSharpe,
  expectedMaxSharpe,
  minimumTrackRecord,
  probabilisticSharpe,
  returnMoments,
  selectionStatistics,
  sharpeVariance,
} from '../../../../electron/core/domain/overfit'

function value<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`)
  return result.value
}

// pypbo: esvhd/pypbo, commit d5464572f90b22c53f5e2d422172b0051f9918e5, pypbo/tests/pbo_tests.py
// (the examples of "The Sharpe Ratio Efficient Frontier" and "The Deflated Sharpe Ratio").
describe('pypbo reference values', () => {
  it('expected maximum of 100 standard normals (test_expected_max)', () => {
    // pbo_tests.py test_expected_max: expected_max(100) == 2.5306028932016846
    expect(expectedMaxSharpe(100, 1)).toBeCloseTo(2.5306028932016846, 12)
  })

  it('PSR of the Efficient Frontier example (test_psr)', () => {
    // pbo_tests.py test_psr: SR 1.585 annual on monthly returns, T 24, skew −2.448,
    // kurtosis 10.164, benchmark 0 → 0.91323430688486018
    const psr = value(
      probabilisticSharpe({
        sharpe: 1.585 / Math.sqrt(12),
        benchmark: 0,
        observations: 24,
        skew: -2.448,
        kurtosis: 10.164,
      }),
    )
    expect(psr.psr).toBeCloseTo(0.91323430688486018, 12)
  })

  it('DSR of the Deflated Sharpe Ratio paper example (test_dsr)', () => {
    // pbo_tests.py test_dsr: SR 2.5 annual, V[SR] 0.5 annual, daily (250 a year), N 100,
    // T 1250, skew −3, kurtosis 10 → 0.90039683444939034
    const dsr = value(
      deflatedSharpe({
        sharpe: 2.5 / Math.sqrt(250),
        sharpeVariance: 0.5 / 250,
        trials: 100,
        observations: 1250,
        skew: -3,
        kurtosis: 10,
      }),
    )
    expect(dsr.dsr).toBeCloseTo(0.90039683444939034, 10)
  })

  it('MinTRL of the Efficient Frontier Figure 8 cases (test_minTRL)', () => {
    // pbo_tests.py test_minTRL, in years: daily 2.7311878017281761, weekly 2.8288335869452368,
    // monthly non-normal 27.352920196040301
    const years = (perYear: number, sr: number, target: number, skew: number, kurt: number) =>
      value(
        minimumTrackRecord({
          sharpe: sr / Math.sqrt(perYear),
          benchmark: target / Math.sqrt(perYear),
          skew,
          kurtosis: kurt,
          confidence: 0.95,
        }),
      ).observations / perYear
    expect(years(250, 2, 1, 0, 3)).toBeCloseTo(2.7311878017281761, 10)
    expect(years(52, 2, 1, 0, 3)).toBeCloseTo(2.8288335869452368, 10)
    expect(years(12, 3, 2.5, -0.72, 5.78)).toBeCloseTo(27.352920196040301, 9)
  })
})

// mlfinlab: hudson-and-thames/mlfinlab, commit b2cf0bf4aa7bad167dfa190fa080bfde954e67e7,
// mlfinlab/tests/test_backtest_statistics.py (asserted there to within 1e-4).
describe('mlfinlab reference values', () => {
  it('PSR (test_probabilistic_sharpe_ratio)', () => {
    // SR 1.14 vs 1, 250 returns, skew 0, kurtosis 3 → 0.95727
    const psr = value(
      probabilisticSharpe({ sharpe: 1.14, benchmark: 1, observations: 250, skew: 0, kurtosis: 3 }),
    )
    expect(Math.abs(psr.psr - 0.95727)).toBeLessThan(1e-4)
  })

  it('DSR from a list of trials and from their parameters (test_deflated_sharpe_ratio)', () => {
    // From the trials [3.5, 1.01, 1.02]: mlfinlab takes np.std (population) → 0.95836
    const trials = [3.5, 1.01, 1.02]
    const populationVariance = (sharpeVariance(trials) * (trials.length - 1)) / trials.length
    const fromList = value(
      deflatedSharpe({
        sharpe: 1.14,
        sharpeVariance: populationVariance,
        trials: 3,
        observations: 250,
        skew: 0,
        kurtosis: 3,
      }),
    )
    expect(Math.abs(fromList.dsr - 0.95836)).toBeLessThan(1e-4)
    // From [std 0.4, 100 trials]: the benchmark SR₀ is 1.012241 and the DSR 0.941740
    const fromParams = value(
      deflatedSharpe({
        sharpe: 1.14,
        sharpeVariance: 0.4 * 0.4,
        trials: 100,
        observations: 250,
        skew: 0,
        kurtosis: 3,
      }),
    )
    expect(Math.abs(fromParams.expectedMaxSharpe - 1.012241)).toBeLessThan(1e-4)
    expect(Math.abs(fromParams.dsr - 0.94174)).toBeLessThan(1e-4)
  })

  it('MinTRL (test_minimum_track_record_length)', () => {
    // SR 1.14 vs 1, skew 0, kurtosis 3, α 0.05 → 228.73497
    const trl = value(
      minimumTrackRecord({ sharpe: 1.14, benchmark: 1, skew: 0, kurtosis: 3, confidence: 0.95 }),
    )
    expect(Math.abs(trl.observations - 228.73497)).toBeLessThan(1e-4)
  })
})

describe('probabilisticSharpe', () => {
  it('is 0.5 when the Sharpe ratio equals the benchmark', () => {
    const r = value(
      probabilisticSharpe({ sharpe: 0.1, benchmark: 0.1, observations: 100, skew: 0, kurtosis: 3 }),
    )
    expect(r.psr).toBe(0.5)
  })

  it('refuses T < 2, a kurtosis below 1 and a shape with no variance', () => {
    const base = { sharpe: 0.1, benchmark: 0, observations: 100, skew: 0, kurtosis: 3 }
    for (const bad of [
      { ...base, observations: 1 },
      { ...base, kurtosis: 0.5 },
      { ...base, sharpe: 2, skew: 5, kurtosis: 1 },
    ]) {
      const r = probabilisticSharpe(bad)
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.error.code).toBe('invalid-input')
    }
  })

  it('[PROP] is monotone non-decreasing in the Sharpe ratio', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        fc.integer({ min: 2, max: 5000 }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.double({ min: 3, max: 12, noNaN: true }),
        (sr, step, t, skew, kurtosis) => {
          const a = probabilisticSharpe({
            sharpe: sr,
            benchmark: 0,
            observations: t,
            skew,
            kurtosis,
          })
          const b = probabilisticSharpe({
            sharpe: sr + step,
            benchmark: 0,
            observations: t,
            skew,
            kurtosis,
          })
          // Skew and kurtosis enter the denominator, so monotonicity holds where the Sharpe
          // ratio's estimator variance grows slower than its distance to the benchmark; with
          // |skew| ≤ 1, kurtosis ≤ 12 and |SR| ≤ 0.7 that is everywhere.
          if (a.ok && b.ok) expect(b.value.psr).toBeGreaterThanOrEqual(a.value.psr - 1e-15)
        },
      ),
      { seed: 12, numRuns: 300 },
    )
  })
})

describe('deflatedSharpe', () => {
  it('equals PSR against 0 for a single trial', () => {
    const shape = { sharpe: 0.08, observations: 500, skew: -0.5, kurtosis: 6 }
    const dsr = value(deflatedSharpe({ ...shape, trials: 1, sharpeVariance: 0.01 }))
    const psr = value(probabilisticSharpe({ ...shape, benchmark: 0 }))
    expect(dsr.expectedMaxSharpe).toBe(0)
    expect(dsr.dsr).toBe(psr.psr)
  })

  it('[PROP] is at most PSR against 0 when more than one trial was made', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -0.3, max: 0.5, noNaN: true }),
        fc.integer({ min: 2, max: 10_000 }),
        fc.double({ min: 0, max: 0.05, noNaN: true }),
        fc.integer({ min: 2, max: 5000 }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.double({ min: 3, max: 12, noNaN: true }),
        (sr, trials, variance, t, skew, kurtosis) => {
          const shape = { sharpe: sr, observations: t, skew, kurtosis }
          const dsr = deflatedSharpe({ ...shape, trials, sharpeVariance: variance })
          const psr = probabilisticSharpe({ ...shape, benchmark: 0 })
          expect(dsr.ok && psr.ok).toBe(true)
          if (dsr.ok && psr.ok) {
            expect(dsr.value.expectedMaxSharpe).toBeGreaterThanOrEqual(0)
            expect(dsr.value.dsr).toBeLessThanOrEqual(psr.value.psr)
          }
        },
      ),
      { seed: 12, numRuns: 300 },
    )
  })

  it('deflates more as trials grow', () => {
    const shape = { sharpe: 0.1, observations: 1000, skew: 0, kurtosis: 3, sharpeVariance: 0.001 }
    const few = value(deflatedSharpe({ ...shape, trials: 10 }))
    const many = value(deflatedSharpe({ ...shape, trials: 1000 }))
    expect(many.expectedMaxSharpe).toBeGreaterThan(few.expectedMaxSharpe)
    expect(many.dsr).toBeLessThan(few.dsr)
  })
})

describe('minimumTrackRecord', () => {
  it('is the length at which PSR reaches the confidence asked', () => {
    const shape = { sharpe: 0.12, benchmark: 0.02, skew: -0.8, kurtosis: 7 }
    const trl = value(minimumTrackRecord({ ...shape, confidence: 0.95 })).observations
    // PSR uses √(T − 1): at T = MinTRL (real-valued) the statistic is exactly Φ⁻¹(0.95).
    const psr = value(probabilisticSharpe({ ...shape, observations: Math.ceil(trl) }))
    expect(psr.psr).toBeGreaterThanOrEqual(0.95)
    const shorter = value(probabilisticSharpe({ ...shape, observations: Math.floor(trl) - 1 }))
    expect(shorter.psr).toBeLessThan(0.95)
  })

  it('refuses a Sharpe ratio not above the benchmark', () => {
    const r = minimumTrackRecord({
      sharpe: 0.1,
      benchmark: 0.1,
      skew: 0,
      kurtosis: 3,
      confidence: 0.95,
    })
    expect(r.ok).toBe(false)
  })
})

describe('returnMoments', () => {
  it('matches scipy on a small series', () => {
    // scipy 1.17.1: x = [0.01, -0.02, 0.03, 0.015, -0.005, 0.04, -0.03];
    // x.mean()/x.std(ddof=1), stats.skew(x), stats.kurtosis(x, fisher=False)
    const m = value(returnMoments([0.01, -0.02, 0.03, 0.015, -0.005, 0.04, -0.03]))
    expect(m.sharpe).toBeCloseTo(0.223519502490845, 12)
    expect(m.skew).toBeCloseTo(-0.08921646376867481, 12)
    expect(m.kurtosis).toBeCloseTo(1.7365154727422936, 12)
  })

  it('refuses fewer than 2 returns and a flat series', () => {
    expect(returnMoments([0.01]).ok).toBe(false)
    expect(returnMoments([0.01, 0.01, 0.01]).ok).toBe(false)
  })
})

describe('selectionStatistics', () => {
  it('picks the highest Sharpe ratio and deflates it by the number of variants', () => {
    const wave = (k: number, drift: number) =>
      Array.from({ length: 200 }, (_, t) => drift + 0.01 * Math.sin(k * t + k))
    const variants = [wave(1, 0.0005), wave(2, 0.002), wave(3, -0.001), wave(4, 0.001)]
    const s = value(selectionStatistics(variants))
    const sharpes = variants.map((v) => value(returnMoments(v)).sharpe)
    expect(s.best).toBe(1)
    expect(s.sharpes).toEqual(sharpes)
    expect(s.trials).toBe(4)
    expect(s.sharpeVariance).toBeCloseTo(sharpeVariance(sharpes), 15)
    const direct = value(
      deflatedSharpe({
        sharpe: sharpes[1]!,
        trials: 4,
        sharpeVariance: sharpeVariance(sharpes),
        observations: 200,
        skew: s.moments.skew,
        kurtosis: s.moments.kurtosis,
      }),
    )
    expect(s.dsr).toBe(direct.dsr)
    expect(s.dsr).toBeLessThan(s.psr)
  })

  it('refuses variants none of which varies', () => {
    expect(
      selectionStatistics([
        [0.01, 0.01],
        [0, 0],
      ]).ok,
    ).toBe(false)
  })
})
