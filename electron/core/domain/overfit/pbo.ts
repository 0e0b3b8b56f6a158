// The Probability of Backtest Overfitting by combinatorially symmetric cross-validation (CSCV):
// Bailey, Borwein, López de Prado & Zhu, "The Probability of Backtest Overfitting", J. of
// Computational Finance 20(4), 2017 (SSRN 2326253, 2015), §2.3 steps 1–7 and §2.5 (degradation).
import { err, ok, type DomainError, type Result } from '../result'

/** Options of `backtestOverfitting`. */
export type PboOptions = {
  /** Number of blocks S the T rows are cut into; even, 2 … 24 (the paper suggests 16). */
  blocks: number
}

/** Answer of `backtestOverfitting`. */
export type PboResult = {
  /** Share of the splits whose in-sample best ranks at or below the out-of-sample median. */
  pbo: number
  /** Number of splits C(S, S/2). */
  combinations: number
  blocks: number
  /** Rows used (T less the T mod S first rows, dropped so every block has T/S rows). */
  observations: number
  variants: number
  /** Per split: logit of the in-sample best's relative out-of-sample rank ω̄ = rank/(N + 1). */
  logits: number[]
  /**
   * Least-squares fit of the in-sample best's out-of-sample Sharpe on its in-sample Sharpe
   * across splits (performance degradation); null when a fit is undefined.
   */
  degradation: { slope: number; intercept: number } | null
  /** Share of the splits whose in-sample best has a negative out-of-sample Sharpe. */
  probOosLoss: number
}

function invalid(path: string, message: string): { ok: false; error: DomainError } {
  return err({
    code: 'invalid-input',
    message: `${path}: ${message}`,
    issues: [{ path: [path], message }],
  })
}

// Per-period Sharpe ratio (mean over sample standard deviation) from a sum, a sum of squares and
// a count. A flat series has Sharpe ±∞ by the sign of its mean (0 when the mean is 0), so a
// variant that never loses still ranks first.
function sharpeOf(sum: number, sumSq: number, m: number): number {
  const mean = sum / m
  const variance = Math.max(0, (sumSq - sum * mean) / (m - 1))
  const std = Math.sqrt(variance)
  if (std <= 1e-14 * Math.max(1, Math.abs(mean))) {
    return mean > 0 ? Infinity : mean < 0 ? -Infinity : 0
  }
  return mean / std
}

// Each subset of S/2 out of S blocks, as block masks, in lexicographic order of the subset.
function halfSubsets(s: number): number[] {
  const out: number[] = []
  const pick = (start: number, left: number, mask: number): void => {
    if (left === 0) {
      out.push(mask)
      return
    }
    for (let b = start; b <= s - left; b++) pick(b + 1, left - 1, mask | (1 << b))
  }
  pick(0, s / 2, 0)
  return out
}

/**
 * PBO by CSCV over `returns`, a T × N matrix (row t holds the per-period returns of the N
 * variants at period t), ranking variants by per-period Sharpe ratio. Deterministic. Fails with
 * `invalid-input` for fewer than 2 variants, ragged rows, non-finite returns, a bad `blocks`,
 * or fewer than 2 rows per block.
 */
export function backtestOverfitting(
  returns: readonly (readonly number[])[],
  options: PboOptions,
): Result<PboResult> {
  const s = options.blocks
  if (!Number.isInteger(s) || s < 2 || s > 24 || s % 2 !== 0) {
    return invalid('blocks', 'must be an even integer from 2 to 24')
  }
  const n = returns[0]?.length ?? 0
  if (n < 2) return invalid('returns', 'needs at least 2 variants (columns)')
  for (let t = 0; t < returns.length; t++) {
    const row = returns[t] as readonly number[]
    if (row.length !== n) return invalid('returns', `row ${t} has ${row.length} values, not ${n}`)
    for (const v of row) {
      if (!Number.isFinite(v)) return invalid('returns', `row ${t} holds a non-finite return`)
    }
  }
  const sub = Math.floor(returns.length / s)
  if (sub < 2) return invalid('returns', `needs at least ${2 * s} rows for ${s} blocks`)
  const skip = returns.length - sub * s

  // Per block and variant: the sum and the sum of squares of its returns.
  const blockSum = new Float64Array(s * n)
  const blockSq = new Float64Array(s * n)
  for (let b = 0; b < s; b++) {
    for (let t = skip + b * sub; t < skip + (b + 1) * sub; t++) {
      const row = returns[t] as readonly number[]
      for (let j = 0; j < n; j++) {
        const v = row[j] as number
        blockSum[b * n + j] = (blockSum[b * n + j] as number) + v
        blockSq[b * n + j] = (blockSq[b * n + j] as number) + v * v
      }
    }
  }
  const totalSum = new Float64Array(n)
  const totalSq = new Float64Array(n)
  for (let b = 0; b < s; b++) {
    for (let j = 0; j < n; j++) {
      totalSum[j] = (totalSum[j] as number) + (blockSum[b * n + j] as number)
      totalSq[j] = (totalSq[j] as number) + (blockSq[b * n + j] as number)
    }
  }

  const half = (s / 2) * sub
  const masks = halfSubsets(s)
  const logits: number[] = []
  const isBest: number[] = []
  const oosBest: number[] = []
  const isSum = new Float64Array(n)
  const isSq = new Float64Array(n)
  const oos = new Float64Array(n)
  let overfit = 0
  let losses = 0
  for (const mask of masks) {
    isSum.fill(0)
    isSq.fill(0)
    for (let b = 0; b < s; b++) {
      if ((mask & (1 << b)) === 0) continue
      for (let j = 0; j < n; j++) {
        isSum[j] = (isSum[j] as number) + (blockSum[b * n + j] as number)
        isSq[j] = (isSq[j] as number) + (blockSq[b * n + j] as number)
      }
    }
    // The in-sample best (the first on a tie, as numpy's argmax over ranks).
    let best = 0
    let bestSharpe = -Infinity
    for (let j = 0; j < n; j++) {
      const sr = sharpeOf(isSum[j] as number, isSq[j] as number, half)
      oos[j] = sharpeOf(
        (totalSum[j] as number) - (isSum[j] as number),
        (totalSq[j] as number) - (isSq[j] as number),
        half,
      )
      if (sr > bestSharpe || j === 0) {
        bestSharpe = sr
        best = j
      }
    }
    // Its out-of-sample rank, 1 … N, ties averaged (scipy's rankdata).
    const target = oos[best] as number
    let below = 0
    let equal = 0
    for (let j = 0; j < n; j++) {
      const v = oos[j] as number
      if (v < target) below++
      else if (v === target) equal++
    }
    const rank = below + (equal + 1) / 2
    const w = rank / (n + 1)
    const logit = Math.log(w / (1 - w))
    logits.push(logit)
    if (logit <= 0) overfit++
    if (target < 0) losses++
    isBest.push(bestSharpe)
    oosBest.push(target)
  }

  return ok({
    pbo: overfit / masks.length,
    combinations: masks.length,
    blocks: s,
    observations: sub * s,
    variants: n,
    logits,
    degradation: fitLine(isBest, oosBest),
    probOosLoss: losses / masks.length,
  })
}

// Ordinary least squares y = a + b·x; null when x has no spread or a value is not finite.
function fitLine(xs: number[], ys: number[]): { slope: number; intercept: number } | null {
  const m = xs.length
  if (m < 2 || xs.some((x) => !Number.isFinite(x)) || ys.some((y) => !Number.isFinite(y))) {
    return null
  }
  const mx = xs.reduce((a, b) => a + b, 0) / m
  const my = ys.reduce((a, b) => a + b, 0) / m
  let sxx = 0
  let sxy = 0
  for (let i = 0; i < m; i++) {
    const dx = (xs[i] as number) - mx
    sxx += dx * dx
    sxy += dx * ((ys[i] as number) - my)
  }
  if (!(sxx > 0)) return null
  const slope = sxy / sxx
  return { slope, intercept: my - slope * mx }
}
