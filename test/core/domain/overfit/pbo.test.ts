import { describe, expect, it } from 'vitest'
import { backtestOverfitting, seededRandom } from '../../../../electron/core/domain/overfit'

function value<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`)
  return result.value
}

// Standard normal draws from the seeded uniform generator (Box–Muller).
function gaussians(seed: number): () => number {
  const u = seededRandom(seed)
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u())
}

function matrix(t: number, n: number, cell: (t: number, j: number) => number): number[][] {
  return Array.from({ length: t }, (_, i) => Array.from({ length: n }, (_, j) => cell(i, j)))
}

// CSCV as the paper's steps 1–7 read, on the raw rows (no block sums): the logits per split in
// the same split order, for comparison with the fast path.
function textbookLogits(m: number[][], s: number): number[] {
  const n = m[0]!.length
  const sub = Math.floor(m.length / s)
  const rows = m.slice(m.length - sub * s)
  const blocks = Array.from({ length: s }, (_, b) => rows.slice(b * sub, (b + 1) * sub))
  const sharpe = (xs: number[]) => {
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length
    const v = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1)
    return mean / Math.sqrt(v)
  }
  const logits: number[] = []
  const choose = (start: number, picked: number[]): void => {
    if (picked.length === s / 2) {
      const train = picked.flatMap((b) => blocks[b]!)
      const test = blocks.filter((_, b) => !picked.includes(b)).flat()
      const r = Array.from({ length: n }, (_, j) => sharpe(train.map((row) => row[j]!)))
      const rb = Array.from({ length: n }, (_, j) => sharpe(test.map((row) => row[j]!)))
      const best = r.indexOf(Math.max(...r))
      const rank =
        rb.filter((x) => x < rb[best]!).length + (rb.filter((x) => x === rb[best]!).length + 1) / 2
      const w = rank / (n + 1)
      logits.push(Math.log(w / (1 - w)))
      return
    }
    for (let b = start; b < s; b++) choose(b + 1, [...picked, b])
  }
  choose(0, [])
  return logits
}

describe('backtestOverfitting', () => {
  it('is 0 when one variant dominates in every block', () => {
    const g = gaussians(1)
    // Variant 0 earns a steady 1 % a period over small noise; the others are noise around 0.
    const m = matrix(320, 8, (_, j) => (j === 0 ? 0.01 + 0.001 * g() : 0.01 * g()))
    const r = value(backtestOverfitting(m, { blocks: 16 }))
    expect(r.combinations).toBe(12_870)
    expect(r.pbo).toBe(0)
    expect(r.probOosLoss).toBe(0)
    expect(Math.min(...r.logits)).toBeGreaterThan(0)
  })

  it('is 1 when the in-sample best is always the out-of-sample worst', () => {
    const g = gaussians(2)
    // Variant 1 mirrors variant 0, and variant 0 sums to exactly 0: on any split the half where
    // one of them is ahead is the half where it is behind out of sample.
    const a = Array.from({ length: 160 }, () => 0.01 * g())
    const mean = a.reduce((x, y) => x + y, 0) / a.length
    const centred = a.map((x) => x - mean)
    const m = centred.map((x) => [x, -x])
    const r = value(backtestOverfitting(m, { blocks: 8 }))
    expect(r.combinations).toBe(70)
    expect(r.pbo).toBe(1)
    // The in-sample winner's out-of-sample Sharpe falls as its in-sample Sharpe rises.
    expect(r.degradation!.slope).toBeLessThan(0)
  })

  it('is near one half on pure noise', () => {
    const g = gaussians(3)
    const m = matrix(800, 40, () => 0.01 * g())
    const r = value(backtestOverfitting(m, { blocks: 10 }))
    expect(r.pbo).toBeGreaterThan(0.2)
    expect(r.pbo).toBeLessThan(0.8)
  })

  it('gives the textbook CSCV logits, dropping the T mod S first rows', () => {
    const g = gaussians(4)
    const m = matrix(203, 6, (_, j) => 0.001 * j + 0.01 * g())
    const r = value(backtestOverfitting(m, { blocks: 6 }))
    const expected = textbookLogits(m, 6)
    expect(r.observations).toBe(198)
    expect(r.logits).toHaveLength(expected.length)
    r.logits.forEach((l, i) => expect(l).toBeCloseTo(expected[i]!, 9))
    expect(r.pbo).toBe(expected.filter((l) => l <= 0).length / expected.length)
  })

  it('is deterministic', () => {
    const g = gaussians(5)
    const m = matrix(120, 5, () => 0.01 * g())
    expect(backtestOverfitting(m, { blocks: 6 })).toEqual(backtestOverfitting(m, { blocks: 6 }))
  })

  it('refuses odd blocks, one variant, ragged rows and too few rows', () => {
    const m = matrix(64, 3, (t, j) => Math.sin(t + j))
    expect(backtestOverfitting(m, { blocks: 5 }).ok).toBe(false)
    expect(
      backtestOverfitting(
        m.map((row) => row.slice(0, 1)),
        { blocks: 4 },
      ).ok,
    ).toBe(false)
    expect(backtestOverfitting([...m, [1, 2]], { blocks: 4 }).ok).toBe(false)
    expect(backtestOverfitting(m.slice(0, 10), { blocks: 8 }).ok).toBe(false)
  })
})
