import { describe, expect, it } from 'vitest'
import {
  correlation,
  impliedFamily,
  marketOverlap,
  type EntryReturns,
} from '../../../../electron/core/domain/probes/implied-family'

// A seeded generator (mulberry32) so every run compares the same series.
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const N = 500

/** Returns of a strategy in the market on about `share` of the bars, following `market`. */
function follower(market: Float64Array, share: number, seed: number, noise = 0): Float64Array {
  const r = rng(seed)
  const out = new Float64Array(N)
  let inMarket = false
  for (let i = 0; i < N; i++) {
    if (r() < 0.05) inMarket = r() < share
    out[i] = inMarket ? (market[i] as number) + noise * (r() - 0.5) : 0
  }
  return out
}

function marketReturns(seed: number): Float64Array {
  const r = rng(seed)
  return Float64Array.from({ length: N }, () => (r() - 0.5) * 0.02)
}

describe('correlation and overlap', () => {
  it('are 1 for a series with itself, NaN for a constant series, 0 for disjoint holdings', () => {
    const m = marketReturns(1)
    expect(correlation(m, m)).toBeCloseTo(1, 12)
    expect(correlation(m, new Float64Array(N))).toBeNaN()
    const a = new Float64Array([1, 1, 0, 0])
    const b = new Float64Array([0, 0, 1, 1])
    expect(marketOverlap(a, b)).toBe(0)
    expect(marketOverlap(a, a)).toBe(1)
    // Anscombe (1973), "Graphs in statistical analysis", data set I: r = 0.816 (to 3 places).
    const x = new Float64Array([10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5])
    const y = new Float64Array([8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68])
    expect(correlation(x, y)).toBeCloseTo(0.816, 3)
  })
})

describe('impliedFamily', () => {
  const market = marketReturns(7)
  // Trend entries hold long stretches together (one regime), mean-reversion ones the opposite
  // stretches, so a strategy copying a trend entry's holdings correlates with the trend family.
  const trendA = follower(market, 0.6, 11)
  const entries: EntryReturns[] = [
    { name: 'trend-a', family: 'trend', returns: trendA },
    { name: 'trend-b', family: 'trend', returns: trendA.map((x, i) => (i % 50 < 45 ? x : 0)) },
    {
      name: 'revert-a',
      family: 'mean_reversion',
      returns: trendA.map((x, i) => (x === 0 ? (market[i] as number) * -1 : 0)),
    },
    { name: 'vol-a', family: 'volatility', returns: follower(marketReturns(99), 0.5, 13) },
  ]

  it('names the family whose entries the strategy follows', () => {
    const own = trendA.map((x, i) => (i % 40 < 36 ? x : 0))
    const got = impliedFamily([{ symbol: 'X', own, entries }])
    expect(got.ok).toBe(true)
    if (!got.ok) return
    expect(got.value.family).toBe('trend')
    expect(got.value.families[0]?.family).toBe('trend')
    expect(got.value.families[0]?.score).toBeGreaterThan(0.8)
    expect(got.value.matches[0]?.name).toMatch(/^trend-/)
    expect(got.value.samples).toBe(1)
    // Families are ranked by score, highest first.
    const scores = got.value.families.map((f) => f.score)
    expect([...scores].sort((a, b) => b - a)).toEqual(scores)
  })

  it('implies no family when nothing lines up', () => {
    const own = follower(marketReturns(1234), 0.5, 77)
    const got = impliedFamily([{ symbol: 'X', own, entries }])
    expect(got.ok).toBe(true)
    if (!got.ok) return
    expect(got.value.score).toBeLessThan(0.3)
    expect(got.value.family).toBeNull()
  })

  it('averages over symbols, skipping a symbol where the strategy never trades', () => {
    const own = trendA.slice()
    const flat = { symbol: 'FLAT', own: new Float64Array(N), entries }
    const got = impliedFamily([{ symbol: 'X', own, entries }, flat])
    expect(got.ok && got.value.samples).toBe(1)
    expect(got.ok && got.value.matches[0]).toMatchObject({ name: 'trend-a', overlap: 1 })
  })

  it('refuses a strategy that never holds a position', () => {
    const got = impliedFamily([{ symbol: 'X', own: new Float64Array(N), entries }])
    expect(got.ok).toBe(false)
    expect(!got.ok && got.error.code).toBe('no-activity')
  })
})
