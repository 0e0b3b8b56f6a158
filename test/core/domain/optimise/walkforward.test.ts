import { describe, expect, it } from 'vitest'
import {
  barsBetween,
  planWindows,
  stitchOutOfSample,
  walkForwardEfficiency,
  type OutOfSampleRun,
} from '../../../../electron/core/domain/optimise'
import { loadBars } from '../../../support/reference-bars'
import { runSpec, unwrap } from '../../../support/backtest'

const GOOG = loadBars('GOOG')

describe('planWindows', () => {
  it('cuts rolling windows of the real GOOG bars: in-sample then out-of-sample, whole slices only', () => {
    const n = GOOG.close.length
    const windows = unwrap(planWindows(n, { inSample: 500, outOfSample: 100, isAnchored: false }))
    // (n − 500) / 100 whole out-of-sample slices.
    expect(windows).toHaveLength(Math.floor((n - 500) / 100))
    windows.forEach((w, k) => {
      expect(w).toEqual({
        index: k,
        isStart: k * 100,
        isEnd: 500 + k * 100,
        oosStart: 500 + k * 100,
        oosEnd: 600 + k * 100,
      })
      expect(w.oosEnd).toBeLessThanOrEqual(n)
    })
    // The out-of-sample slices tile: each starts where the previous ended.
    for (let k = 1; k < windows.length; k++) {
      expect(windows[k]!.oosStart).toBe(windows[k - 1]!.oosEnd)
    }
    // The first out-of-sample bar is the 501st bar of the file.
    expect(new Date(GOOG.time[windows[0]!.oosStart]!).toISOString().slice(0, 10)).toBe(
      new Date(GOOG.time[500]!).toISOString().slice(0, 10),
    )
  })

  it('anchors every in-sample at the first bar, and honours a step', () => {
    const n = GOOG.close.length
    const windows = unwrap(
      planWindows(n, { inSample: 400, outOfSample: 150, step: 300, isAnchored: true }),
    )
    expect(windows.length).toBe(Math.floor((n - 550) / 300) + 1)
    windows.forEach((w, k) => {
      expect(w.isStart).toBe(0)
      expect(w.isEnd).toBe(400 + 300 * k)
      expect(w.oosEnd - w.oosStart).toBe(150)
    })
  })

  it('refuses windows longer than the bars, and lengths below 2', () => {
    expect(planWindows(100, { inSample: 90, outOfSample: 20, isAnchored: false }).ok).toBe(false)
    expect(planWindows(100, { inSample: 1, outOfSample: 20, isAnchored: false }).ok).toBe(false)
  })
})

describe('stitchOutOfSample', () => {
  it('equals the backtest of each out-of-sample slice alone with its parameters, money carried over', () => {
    const windows = unwrap(
      planWindows(GOOG.close.length, { inSample: 600, outOfSample: 300, isAnchored: false }),
    )
    const chosen = [
      { fast: 10, slow: 20 },
      { fast: 5, slow: 30 },
      { fast: 12, slow: 40 },
      { fast: 8, slow: 25 },
    ]
    const runs: OutOfSampleRun[] = windows.map((w, k) => {
      const r = runSpec(barsBetween(GOOG, w.oosStart, w.oosEnd), {
        strategy: 'sma-cross',
        params: chosen[k % chosen.length],
        commission: 0.002,
      })
      return { window: w, equity: r.equity, trades: r.trades }
    })
    const stitched = unwrap(stitchOutOfSample(GOOG, runs))
    let at = 0
    let growth = 1
    let trades = 0
    runs.forEach((r, k) => {
      const f = stitched.scale[k]!
      r.equity.forEach((e, i) => expect(stitched.equity[at + i]).toBeCloseTo(e * f, 6))
      expect(stitched.time[at]).toBe(GOOG.time[r.window.oosStart])
      growth *= r.equity[r.equity.length - 1]! / r.equity[0]!
      trades += r.trades.length
      at += r.equity.length
    })
    expect(stitched.equity[0]).toBe(runs[0]!.equity[0])
    expect(stitched.stats.returnPct).toBeCloseTo((growth - 1) * 100, 6)
    expect(stitched.stats.trades).toBe(trades)
    // Each slice's own trade returns survive the scaling.
    const best = Math.max(...runs.flatMap((r) => r.trades.map((t) => t.returnPct)))
    expect(stitched.stats.bestTradePct).toBeCloseTo(best, 6)
  })
})

describe('walkForwardEfficiency', () => {
  it('is the annualised out-of-sample return over the in-sample one (Pardo 2008)', () => {
    expect(walkForwardEfficiency(20, 10)).toBe(0.5)
    expect(walkForwardEfficiency(20, -5)).toBe(-0.25)
    expect(walkForwardEfficiency(-3, 5)).toBeNull()
    expect(walkForwardEfficiency(null, 5)).toBeNull()
  })
})
