import { describe, expect, it } from 'vitest'
import { drawdownDistribution } from '../../../../electron/core/domain/overfit'

function value<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`)
  return result.value
}

const TRADES = [0.05, -0.02, 0.03, -0.04, 0.01, 0.02, -0.03, 0.06, -0.01, 0.02, -0.05, 0.04]

describe('drawdownDistribution', () => {
  it('is the same for the same seed and differs for another', () => {
    const a = value(drawdownDistribution(TRADES, { runs: 500, seed: 7 }))
    const b = value(drawdownDistribution(TRADES, { runs: 500, seed: 7 }))
    const c = value(drawdownDistribution(TRADES, { runs: 500, seed: 8 }))
    expect(a).toEqual(b)
    expect(c.quantiles).not.toEqual(a.quantiles)
  })

  it('measures the observed order and orders its quantiles', () => {
    const r = value(drawdownDistribution(TRADES, { runs: 2000, seed: 1 }))
    // In their own order the deepest fall is −5 % after the peak of 1.05·0.98·1.03·…: compute it
    // by hand from the running peak.
    let equity = 1
    let peak = 1
    let worst = 0
    for (const t of TRADES) {
      equity *= 1 + t
      peak = Math.max(peak, equity)
      worst = Math.max(worst, 1 - equity / peak)
    }
    expect(r.observed).toBeCloseTo(worst, 15)
    const qs = r.quantiles.map((q) => q.maxDrawdown)
    expect([...qs].sort((x, y) => x - y)).toEqual(qs)
    expect(r.worst).toBeGreaterThanOrEqual(qs[qs.length - 1]!)
    // No order can lose less than the largest single loss, nor more than all losses together.
    expect(qs[0]).toBeGreaterThanOrEqual(0.05 - 1e-12)
    const allLosses = 1 - TRADES.filter((t) => t < 0).reduce((e, t) => e * (1 + t), 1)
    expect(r.worst).toBeLessThanOrEqual(allLosses + 1e-12)
  })

  it('reaches the all-losses-in-a-row drawdown over enough shuffles', () => {
    const trades = [0.1, -0.1, 0.1, -0.1]
    const r = value(drawdownDistribution(trades, { runs: 400, seed: 3 }))
    expect(r.worst).toBeCloseTo(1 - 0.9 * 0.9, 12)
  })

  it('bootstraps with replacement when asked', () => {
    const r = value(drawdownDistribution(TRADES, { runs: 300, seed: 2, method: 'bootstrap' }))
    expect(r.method).toBe('bootstrap')
    expect(r.runs).toBe(300)
  })

  it('refuses no trades and a return below −1', () => {
    expect(drawdownDistribution([], { runs: 10, seed: 1 }).ok).toBe(false)
    expect(drawdownDistribution([-1.5], { runs: 10, seed: 1 }).ok).toBe(false)
  })
})
