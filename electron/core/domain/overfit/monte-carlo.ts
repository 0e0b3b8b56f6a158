// A Monte Carlo reshuffle of a backtest's trades: the same trades in other orders give other
// paths to the same final equity, and the spread of their maximum drawdowns says how much of the
// observed drawdown was the luck of the order.
import { err, ok, type DomainError, type Result } from '../result'

/** Options of `drawdownDistribution`. */
export type MonteCarloOptions = {
  /** Number of reshuffled paths, 1 … 1,000,000. */
  runs: number
  /** Seed of the generator: the same seed gives the same answer. */
  seed: number
  /**
   * `shuffle` permutes the trades (every path ends at the same equity); `bootstrap` draws them
   * with replacement (the final equity varies too).
   */
  method?: 'shuffle' | 'bootstrap'
  /** Probabilities of the quantiles to report; default 5 %, 25 %, 50 %, 75 %, 95 %. */
  quantiles?: readonly number[]
}

/** Answer of `drawdownDistribution`; drawdowns are fractions of the running peak (0 … 1). */
export type DrawdownDistribution = {
  runs: number
  trades: number
  method: 'shuffle' | 'bootstrap'
  /** Maximum drawdown of the trades in their own order. */
  observed: number
  mean: number
  worst: number
  quantiles: { p: number; maxDrawdown: number }[]
  /** Share of the paths whose maximum drawdown is at least the observed one. */
  shareAtLeastObserved: number
}

function invalid(path: string, message: string): { ok: false; error: DomainError } {
  return err({
    code: 'invalid-input',
    message: `${path}: ${message}`,
    issues: [{ path: [path], message }],
  })
}

/** A seeded generator of uniforms in [0, 1) (mulberry32): small, fast, and the same everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// Maximum drawdown of compounding the returns in the order of `order`, from equity 1.
function maxDrawdown(returns: readonly number[], order: ArrayLike<number>): number {
  let equity = 1
  let peak = 1
  let worst = 0
  for (let i = 0; i < order.length; i++) {
    equity *= 1 + (returns[order[i] as number] as number)
    if (equity > peak) peak = equity
    else {
      const dd = 1 - equity / peak
      if (dd > worst) worst = dd
    }
  }
  return worst
}

/** The p-quantile of sorted values, interpolating linearly (numpy's default, Hyndman–Fan 7). */
export function quantileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const h = (sorted.length - 1) * p
  const lo = Math.floor(h)
  const hi = Math.min(lo + 1, sorted.length - 1)
  const a = sorted[lo] as number
  return a + (h - lo) * ((sorted[hi] as number) - a)
}

/**
 * The distribution of the maximum drawdown over `runs` reorderings of `tradeReturns` (each a
 * fraction of equity: 0.02 for +2 %, −1 for a total loss), compounded from equity 1. Pure and
 * deterministic for a seed. Fails with `invalid-input` for no trades, a return below −1, or bad
 * options.
 */
export function drawdownDistribution(
  tradeReturns: readonly number[],
  options: MonteCarloOptions,
): Result<DrawdownDistribution> {
  const n = tradeReturns.length
  if (n === 0) return invalid('tradeReturns', 'needs at least one trade')
  for (const r of tradeReturns) {
    if (!Number.isFinite(r) || r < -1) {
      return invalid('tradeReturns', 'each return must be a finite fraction of at least −1')
    }
  }
  if (!Number.isInteger(options.runs) || options.runs < 1 || options.runs > 1_000_000) {
    return invalid('runs', 'must be an integer from 1 to 1,000,000')
  }
  const ps = options.quantiles ?? [0.05, 0.25, 0.5, 0.75, 0.95]
  if (ps.some((p) => !(p >= 0 && p <= 1))) return invalid('quantiles', 'must lie in [0, 1]')
  const method = options.method ?? 'shuffle'
  const random = seededRandom(options.seed)

  const identity = Uint32Array.from({ length: n }, (_, i) => i)
  const observed = maxDrawdown(tradeReturns, identity)
  const order = new Uint32Array(n)
  const drawdowns = new Float64Array(options.runs)
  let atLeast = 0
  for (let k = 0; k < options.runs; k++) {
    if (method === 'shuffle') {
      order.set(identity)
      // Fisher–Yates.
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1))
        const tmp = order[i] as number
        order[i] = order[j] as number
        order[j] = tmp
      }
    } else {
      for (let i = 0; i < n; i++) order[i] = Math.floor(random() * n)
    }
    const dd = maxDrawdown(tradeReturns, order)
    drawdowns[k] = dd
    if (dd >= observed - 1e-12) atLeast++
  }
  drawdowns.sort()
  let sum = 0
  for (const dd of drawdowns) sum += dd
  return ok({
    runs: options.runs,
    trades: n,
    method,
    observed,
    mean: sum / options.runs,
    worst: drawdowns[options.runs - 1] as number,
    quantiles: ps.map((p) => ({ p, maxDrawdown: quantileOfSorted(drawdowns, p) })),
    shareAtLeastObserved: atLeast / options.runs,
  })
}
