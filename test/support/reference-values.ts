import { expect } from 'vitest'

// Expected statistics of the reference engine, shared by the engine's and the command line's
// tests. Copied from backtesting.py's own tests, never computed here.

// backtesting.py 0.6.6 as released: tag 0.6.6 of github.com/kernc/backtesting.py, file
// backtesting/test/_test.py, `TestBacktest.test_compute_stats`:
// Backtest(GOOG, SmaCross(fast=10, slow=30), finalize_trades=True).run(), cash 10 000, no costs,
// asserted there with np.isclose(rtol=1e-8). The numbers below are copied from that test at that
// tag; its statistics are those of backtesting/_stats.py at the same tag (#1346, "Fix CAGR and
// annualized return calculations": period returns `pct_change().dropna()`, CAGR over 365.25-day
// years).
export const REFERENCE_SMA_CROSS_10_30 = {
  trades: 66,
  avgDrawdownDurationDays: 41,
  avgDrawdownPct: -5.925851581948801,
  avgTradeDurationDays: 46,
  avgTradePct: 2.531715975158555,
  bestTradePct: 53.59595229490424,
  buyHoldReturnPct: 522.0601851851852,
  calmar: 0.44166409202994605,
  durationDays: 3116,
  equityFinal: 51422.98999999996,
  equityPeak: 75787.44,
  expectancyPct: 3.2748078066748834,
  exposurePct: 96.74115456238361,
  maxDrawdownDurationDays: 584,
  maxDrawdownPct: -47.98012705007589,
  maxTradeDurationDays: 183,
  profitFactor: 2.167945974262033,
  returnAnnPct: 21.191099249053224,
  returnPct: 414.2298999999996,
  volatilityAnnPct: 36.49716090702389,
  cagrPct: 21.160245705962623,
  sqn: 1.0766187356697705,
  kelly: 0.1518705127029717,
  sharpe: 0.5806232244485349,
  sortino: 1.0853434352488662,
  winRatePct: 46.96969696969697,
  worstTradePct: -18.39887353835481,
  alphaPct: 394.37391142027462,
  beta: 0.03803390709192,
}

// The release before: tag 0.6.5, backtesting/test/_test.py, `TestBacktest.test_compute_stats`,
// the same run. Only these six figures differ from 0.6.6; every other one is equal.
export const REFERENCE_0_6_5_CHANGED = {
  calmar: 0.4414380935608377,
  returnAnnPct: 21.180255813792282,
  volatilityAnnPct: 36.49390889140787,
  cagrPct: 14.159843619607383,
  sharpe: 0.5803778344714113,
  sortino: 1.0847880675854096,
}

/** Each expected figure within backtesting.py's own tolerance, np.isclose(rtol=1e-8). */
export function expectClose(
  actual: Record<string, unknown>,
  expected: Record<string, number>,
): void {
  for (const [k, v] of Object.entries(expected)) {
    const a = actual[k]
    expect(typeof a, k).toBe('number')
    // np.isclose(a, b, rtol=1e-8): |a − b| <= 1e-8 + 1e-8·|b|
    expect(Math.abs((a as number) - v), `${k}: ${String(a)} vs ${v}`).toBeLessThanOrEqual(
      1e-8 + 1e-8 * Math.abs(v),
    )
  }
}
