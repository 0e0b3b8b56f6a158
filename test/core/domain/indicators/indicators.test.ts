import { describe, expect, it } from 'vitest'
import * as ind from '../../../../electron/core/domain/indicators'
import type { BarColumns } from '../../../../electron/core/domain/market/bars'
import { loadBars } from '../../../support/reference-bars'

// Textbook definitions written as plain loops over number[] (no shared code with the engine),
// each indicator compared bar by bar on real GOOG bars and on hourly EURUSD bars.

const full = loadBars('GOOG')
const slice = (b: BarColumns, n: number): BarColumns => ({
  time: b.time.slice(0, n),
  open: b.open.slice(0, n),
  high: b.high.slice(0, n),
  low: b.low.slice(0, n),
  close: b.close.slice(0, n),
  volume: b.volume.slice(0, n),
})
const goog = slice(full, 400)
const eur = slice(loadBars('EURUSD'), 300)
const closes = Array.from(goog.close)
const highs = Array.from(goog.high)
const lows = Array.from(goog.low)

function expectSeries(actual: Float64Array, expected: (number | null)[], tol = 1e-9): void {
  expect(actual.length).toBe(expected.length)
  expected.forEach((e, i) => {
    const a = actual[i] as number
    if (e === null) expect(Number.isNaN(a), `index ${i} should be NaN, got ${a}`).toBe(true)
    else
      expect(Math.abs(a - e), `index ${i}: ${a} vs ${e}`).toBeLessThanOrEqual(
        tol * Math.max(1, Math.abs(e)),
      )
  })
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length
const window = (xs: number[], i: number, n: number): number[] => xs.slice(i - n + 1, i + 1)

function naiveSma(xs: number[], n: number): (number | null)[] {
  return xs.map((_, i) => (i < n - 1 ? null : mean(window(xs, i, n))))
}
function naiveEma(xs: number[], n: number): (number | null)[] {
  const k = 2 / (n + 1)
  const out: (number | null)[] = []
  let prev = 0
  xs.forEach((x, i) => {
    if (i < n - 1) out.push(null)
    else if (i === n - 1) {
      prev = mean(xs.slice(0, n))
      out.push(prev)
    } else {
      prev = x * k + prev * (1 - k)
      out.push(prev)
    }
  })
  return out
}
function naiveTr(i: number): number {
  if (i === 0) return (highs[0] as number) - (lows[0] as number)
  const pc = closes[i - 1] as number
  const h = highs[i] as number
  const l = lows[i] as number
  return Math.max(h - l, Math.abs(h - pc), Math.abs(l - pc))
}
function popSd(xs: number[]): number {
  const m = mean(xs)
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)))
}

describe('indicators', () => {
  it('SMA equals the windowed mean', () => {
    for (const n of [1, 5, 20]) expectSeries(ind.sma(goog.close, n), naiveSma(closes, n), 1e-12)
  })

  it('EMA is SMA-seeded with alpha 2/(n+1)', () => {
    expectSeries(ind.ema(goog.close, 12), naiveEma(closes, 12))
  })

  it('WMA weights the newest bar most', () => {
    const n = 10
    const expected = closes.map((_, i) => {
      if (i < n - 1) return null
      let acc = 0
      for (let k = 1; k <= n; k++) acc += k * (closes[i - n + k] as number)
      return acc / ((n * (n + 1)) / 2)
    })
    expectSeries(ind.wma(goog.close, n), expected)
  })

  it('RSI uses Wilder smoothing', () => {
    const n = 14
    const gains: number[] = []
    const losses: number[] = []
    for (let i = 1; i < closes.length; i++) {
      const d = (closes[i] as number) - (closes[i - 1] as number)
      gains.push(Math.max(d, 0))
      losses.push(Math.max(-d, 0))
    }
    const expected: (number | null)[] = [null]
    let ag = 0
    let al = 0
    for (let i = 1; i < closes.length; i++) {
      if (i < n) {
        expected.push(null)
        continue
      }
      if (i === n) {
        ag = mean(gains.slice(0, n))
        al = mean(losses.slice(0, n))
      } else {
        ag = (ag * (n - 1) + (gains[i - 1] as number)) / n
        al = (al * (n - 1) + (losses[i - 1] as number)) / n
      }
      expected.push(al === 0 ? 100 : 100 - 100 / (1 + ag / al))
    }
    expectSeries(ind.rsi(goog.close, n), expected)
  })

  it('MACD is EMA(12) − EMA(26) with an EMA(9) signal', () => {
    const f = naiveEma(closes, 12)
    const s = naiveEma(closes, 26)
    const line = closes.map((_, i) =>
      f[i] === null || s[i] === null ? null : (f[i] as number) - (s[i] as number),
    )
    const valid = line.filter((v): v is number => v !== null)
    const sigValid = naiveEma(valid, 9)
    const offset = line.length - valid.length
    const signal = line.map((_, i) => (i < offset ? null : (sigValid[i - offset] ?? null)))
    const m = ind.macd(goog.close, 12, 26, 9)
    expectSeries(m.macd, line)
    expectSeries(m.signal, signal)
    expectSeries(
      m.histogram,
      line.map((v, i) => (v === null || signal[i] === null ? null : v - (signal[i] as number))),
    )
  })

  it('Bollinger bands sit k population deviations around the SMA', () => {
    const b = ind.bollinger(goog.close, 20, 2)
    const mid = naiveSma(closes, 20)
    expectSeries(b.middle, mid)
    expectSeries(
      b.upper,
      closes.map((_, i) => (i < 19 ? null : (mid[i] as number) + 2 * popSd(window(closes, i, 20)))),
    )
    expectSeries(
      b.lower,
      closes.map((_, i) => (i < 19 ? null : (mid[i] as number) - 2 * popSd(window(closes, i, 20)))),
    )
  })

  it('ATR is the Wilder average of true ranges', () => {
    const n = 14
    const expected: (number | null)[] = []
    let prev = 0
    for (let i = 0; i < closes.length; i++) {
      if (i < n) expected.push(null)
      else if (i === n) {
        let acc = 0
        for (let k = 1; k <= n; k++) acc += naiveTr(k)
        prev = acc / n
        expected.push(prev)
      } else {
        prev = (prev * (n - 1) + naiveTr(i)) / n
        expected.push(prev)
      }
    }
    expectSeries(ind.atr(goog, n), expected)
  })

  it('Stochastic %K and %D follow the highest high / lowest low', () => {
    const st = ind.stochastic(goog, 14, 3)
    const k = closes.map((c, i) => {
      if (i < 13) return null
      const hh = Math.max(...window(highs, i, 14))
      const ll = Math.min(...window(lows, i, 14))
      return hh === ll ? 50 : (100 * (c - ll)) / (hh - ll)
    })
    expectSeries(st.k, k)
    expectSeries(
      st.d,
      k.map((_, i) => (i < 15 ? null : mean(window(k as number[], i, 3)))),
    )
  })

  it('ADX follows Wilder’s directional movement', () => {
    const n = 14
    const plusDm: number[] = [0]
    const minusDm: number[] = [0]
    for (let i = 1; i < closes.length; i++) {
      const up = (highs[i] as number) - (highs[i - 1] as number)
      const down = (lows[i - 1] as number) - (lows[i] as number)
      plusDm.push(up > down && up > 0 ? up : 0)
      minusDm.push(down > up && down > 0 ? down : 0)
    }
    let sTr = 0
    let sP = 0
    let sM = 0
    const dx: (number | null)[] = []
    const pdi: (number | null)[] = []
    for (let i = 0; i < closes.length; i++) {
      if (i === 0) {
        dx.push(null)
        pdi.push(null)
        continue
      }
      if (i <= n) {
        sTr += naiveTr(i)
        sP += plusDm[i] as number
        sM += minusDm[i] as number
      } else {
        sTr = sTr - sTr / n + naiveTr(i)
        sP = sP - sP / n + (plusDm[i] as number)
        sM = sM - sM / n + (minusDm[i] as number)
      }
      if (i < n) {
        dx.push(null)
        pdi.push(null)
        continue
      }
      const p = (100 * sP) / sTr
      const m = (100 * sM) / sTr
      pdi.push(p)
      dx.push((100 * Math.abs(p - m)) / (p + m))
    }
    const adx: (number | null)[] = []
    let prev = 0
    for (let i = 0; i < closes.length; i++) {
      if (i < 2 * n - 1) adx.push(null)
      else if (i === 2 * n - 1) {
        prev = mean(dx.slice(n, 2 * n) as number[])
        adx.push(prev)
      } else {
        prev = (prev * (n - 1) + (dx[i] as number)) / n
        adx.push(prev)
      }
    }
    const a = ind.adx(goog, n)
    expectSeries(a.plusDi, pdi)
    expectSeries(a.adx, adx)
  })

  it('Donchian channel spans the highest high and lowest low', () => {
    const d = ind.donchian(goog, 20)
    expectSeries(
      d.upper,
      highs.map((_, i) => (i < 19 ? null : Math.max(...window(highs, i, 20)))),
      0,
    )
    expectSeries(
      d.lower,
      lows.map((_, i) => (i < 19 ? null : Math.min(...window(lows, i, 20)))),
      0,
    )
  })

  it('ROC is the percent change over n bars', () => {
    expectSeries(
      ind.roc(goog.close, 10),
      closes.map((c, i) =>
        i < 10 ? null : (100 * (c - (closes[i - 10] as number))) / (closes[i - 10] as number),
      ),
    )
  })

  it('OBV adds volume on up closes and subtracts it on down closes', () => {
    const vols = Array.from(goog.volume)
    let acc = 0
    const expected = closes.map((c, i) => {
      if (i > 0) {
        const p = closes[i - 1] as number
        if (c > p) acc += vols[i] as number
        else if (c < p) acc -= vols[i] as number
      }
      return acc
    })
    expectSeries(ind.obv(goog), expected, 0)
  })

  it('VWAP accumulates typical price × volume within each session day and resets', () => {
    const t = Array.from(eur.time)
    const expected: number[] = []
    for (let i = 0; i < t.length; i++) {
      const day = new Date(t[i] as number).toISOString().slice(0, 10)
      let pv = 0
      let v = 0
      for (let k = 0; k <= i; k++) {
        if (new Date(t[k] as number).toISOString().slice(0, 10) !== day) continue
        const tp = ((eur.high[k] as number) + (eur.low[k] as number) + (eur.close[k] as number)) / 3
        pv += tp * (eur.volume[k] as number)
        v += eur.volume[k] as number
      }
      expected.push(pv / v)
    }
    expectSeries(ind.vwap(eur), expected)
    // The first bar of every session equals its own typical price.
    const vw = ind.vwap(eur)
    for (let i = 1; i < t.length; i++) {
      if (
        Math.floor((t[i] as number) / 86_400_000) !== Math.floor((t[i - 1] as number) / 86_400_000)
      ) {
        const tp = ((eur.high[i] as number) + (eur.low[i] as number) + (eur.close[i] as number)) / 3
        expect(vw[i]).toBeCloseTo(tp, 12)
      }
    }
  })

  it('z-score standardises by the rolling mean and population deviation', () => {
    expectSeries(
      ind.zscore(goog.close, 20),
      closes.map((c, i) => {
        if (i < 19) return null
        const w = window(closes, i, 20)
        return (c - mean(w)) / popSd(w)
      }),
    )
  })

  it('SMA matches pandas rolling mean exactly on a constant run', () => {
    // pandas returns the repeated value itself once the whole window is one constant.
    const xs = new Float64Array([0.1, 0.2, 0.3, 0.3, 0.3, 0.3])
    expect(ind.sma(xs, 3)[5]).toBe(0.3)
  })
  it('rolling extremes follow the window on tied values and let a NaN win its window', () => {
    // A seeded generator of small integers makes ties common.
    let seed = 7
    const next = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648
      return seed % 5
    }
    const xs = Array.from({ length: 300 }, () => next())
    xs[40] = NaN
    const data = Float64Array.from(xs)
    for (const n of [1, 3, 8]) {
      const hi = ind.rollingExtremeIndex(data, n, true)
      const lo = ind.rollingExtremeIndex(data, n, false)
      xs.forEach((_, i) => {
        if (i < n - 1) {
          expect(hi[i]).toBe(-1)
          return
        }
        const w = window(xs, i, n)
        if (w.some(Number.isNaN)) {
          expect(Number.isNaN(ind.rollingMax(data, n)[i])).toBe(true)
          return
        }
        // The newest index holding the extreme.
        expect(hi[i]).toBe(i - n + 1 + w.lastIndexOf(Math.max(...w)))
        expect(lo[i]).toBe(i - n + 1 + w.lastIndexOf(Math.min(...w)))
      })
    }
  })

  it('Keltner channel is the EMA of the close ± k Wilder ATRs', () => {
    const k = ind.keltner(goog, 20, 2, 10)
    const mid = naiveEma(closes, 20)
    const a = ind.atr(goog, 10)
    expectSeries(k.middle, mid)
    expectSeries(
      k.upper,
      mid.map((m, i) => (m === null || i < 10 ? null : m + 2 * (a[i] as number))),
    )
    expectSeries(
      k.lower,
      mid.map((m, i) => (m === null || i < 10 ? null : m - 2 * (a[i] as number))),
    )
  })
  it('opening range holds the first bars of each session and reads NaN while it forms', () => {
    const t = Array.from(eur.time)
    const r = ind.openingRange(eur, 120)
    const dayOf = (ms: number): number => Math.floor(ms / 86_400_000)
    t.forEach((ti, i) => {
      const first = t.find((x) => dayOf(x) === dayOf(ti)) as number
      if (ti < first + 120 * 60_000) {
        expect(Number.isNaN(r.high[i])).toBe(true)
        return
      }
      const opening = t
        .map((_, k) => k)
        .filter((k) => dayOf(t[k] as number) === dayOf(ti) && (t[k] as number) < first + 7_200_000)
      expect(r.high[i]).toBe(Math.max(...opening.map((k) => eur.high[k] as number)))
      expect(r.low[i]).toBe(Math.min(...opening.map((k) => eur.low[k] as number)))
    })
  })
})
