// Sharpe-ratio statistics of Bailey & López de Prado. Every Sharpe ratio here is per period (not
// annualised: divide an annual figure by √periods-per-year), kurtosis is raw (3 for a normal
// distribution, not excess), and skew and kurtosis are those of the per-period returns.
//  - PSR and MinTRL: "The Sharpe Ratio Efficient Frontier", J. of Risk 15(2), 2012, eq. (11), (13).
//  - DSR: "The Deflated Sharpe Ratio", J. of Portfolio Management 40(5), 2014, eq. (1)–(2).
import { err, ok, type DomainError, type Result } from '../result'
import { normalCdf, normalQuantile } from './normal'

/** The Euler–Mascheroni constant γ. */
export const EULER_GAMMA = 0.5772156649015329

/** The shape of a return series that PSR, DSR and MinTRL need. */
export type ReturnShape = {
  /** Skewness of the per-period returns; 0 for a normal distribution. */
  skew: number
  /** Raw (not excess) kurtosis of the per-period returns; 3 for a normal distribution. */
  kurtosis: number
}

/** Input of `probabilisticSharpe`. */
export type PsrInput = ReturnShape & {
  /** Observed per-period Sharpe ratio. */
  sharpe: number
  /** Per-period Sharpe ratio to beat (SR*); 0 asks "is the true Sharpe above zero?". */
  benchmark: number
  /** Number of returns the Sharpe ratio was measured on (T ≥ 2). */
  observations: number
}

/** Input of `deflatedSharpe`. */
export type DsrInput = ReturnShape & {
  /** The selected (best) per-period Sharpe ratio. */
  sharpe: number
  /** Number of independent trials (variants) the best was chosen among (N ≥ 1). */
  trials: number
  /** Variance across trials of their per-period Sharpe ratios, V[SRₙ]. */
  sharpeVariance: number
  /** Number of returns of the selected trial (T ≥ 2). */
  observations: number
}

/** Input of `minimumTrackRecord`. */
export type MinTrlInput = ReturnShape & {
  sharpe: number
  benchmark: number
  /** Confidence wanted that the true Sharpe exceeds the benchmark, in (0, 1); usually 0.95. */
  confidence: number
}

/** Answer of `deflatedSharpe`. */
export type DsrResult = {
  /** The deflated Sharpe ratio: PSR against `expectedMaxSharpe`, a probability. */
  dsr: number
  /** SR₀, the Sharpe ratio the best of `trials` unskilled variants is expected to reach. */
  expectedMaxSharpe: number
  /** The test statistic whose normal CDF is `dsr`. */
  z: number
}

/** Answer of `probabilisticSharpe`. */
export type PsrResult = { psr: number; z: number }

/** Answer of `minimumTrackRecord`. */
export type MinTrlResult = {
  /** The minimum number of returns (observations, not years) for the confidence asked. */
  observations: number
}

function invalid(path: string, message: string): { ok: false; error: DomainError } {
  return err({
    code: 'invalid-input',
    message: `${path}: ${message}`,
    issues: [{ path: [path], message }],
  })
}

function checkShape(
  input: ReturnShape & { sharpe: number },
): { ok: false; error: DomainError } | null {
  if (!Number.isFinite(input.sharpe)) return invalid('sharpe', 'must be a finite number')
  if (!Number.isFinite(input.skew)) return invalid('skew', 'must be a finite number')
  if (!Number.isFinite(input.kurtosis) || input.kurtosis < 1) {
    return invalid('kurtosis', 'raw kurtosis must be at least 1 (3 for normal returns)')
  }
  return null
}

// 1 − γ₃·SR + (γ₄ − 1)/4·SR²: T times the variance of the Sharpe estimator (Mertens 2002).
function sharpeVarianceFactor(input: ReturnShape & { sharpe: number }): number {
  return 1 - input.skew * input.sharpe + ((input.kurtosis - 1) / 4) * input.sharpe * input.sharpe
}

function nonPositiveFactor(): { ok: false; error: DomainError } {
  return invalid(
    'kurtosis',
    '1 − skew·SR + (kurtosis − 1)/4·SR² must be positive; skew and kurtosis do not fit this Sharpe ratio',
  )
}

/**
 * The Probabilistic Sharpe Ratio: the probability that the true Sharpe ratio exceeds `benchmark`,
 * given the observed one, the track record's length and the returns' skew and kurtosis.
 * Fails with `invalid-input` for T < 2, a non-finite figure, or a shape that makes the Sharpe
 * estimator's variance non-positive.
 */
export function probabilisticSharpe(input: PsrInput): Result<PsrResult> {
  const bad = checkShape(input)
  if (bad) return bad
  if (!Number.isFinite(input.benchmark)) return invalid('benchmark', 'must be a finite number')
  if (!Number.isInteger(input.observations) || input.observations < 2) {
    return invalid('observations', 'must be an integer of at least 2')
  }
  const factor = sharpeVarianceFactor(input)
  if (!(factor > 0)) return nonPositiveFactor()
  const z =
    ((input.sharpe - input.benchmark) * Math.sqrt(input.observations - 1)) / Math.sqrt(factor)
  return ok({ psr: normalCdf(z), z })
}

/**
 * E[max SRₙ] of `trials` unskilled variants whose Sharpe ratios vary by `sharpeVariance`
 * (the False Strategy Theorem, DSR paper eq. (2)):
 * √V·((1 − γ)·Φ⁻¹(1 − 1/N) + γ·Φ⁻¹(1 − 1/(N·e))). One trial is expected to reach 0.
 */
export function expectedMaxSharpe(trials: number, sharpeVariance: number): number {
  if (trials <= 1) return 0
  return (
    Math.sqrt(sharpeVariance) *
    ((1 - EULER_GAMMA) * normalQuantile(1 - 1 / trials) +
      EULER_GAMMA * normalQuantile(1 - 1 / (trials * Math.E)))
  )
}

/**
 * The Deflated Sharpe Ratio: PSR of the selected Sharpe ratio against the Sharpe ratio its
 * selection among `trials` variants would reach by luck alone. Fails like `probabilisticSharpe`,
 * and for trials < 1 or a negative variance.
 */
export function deflatedSharpe(input: DsrInput): Result<DsrResult> {
  if (!Number.isInteger(input.trials) || input.trials < 1) {
    return invalid('trials', 'must be an integer of at least 1')
  }
  if (!Number.isFinite(input.sharpeVariance) || input.sharpeVariance < 0) {
    return invalid('sharpeVariance', 'must be a finite number of at least 0')
  }
  const benchmark = expectedMaxSharpe(input.trials, input.sharpeVariance)
  const psr = probabilisticSharpe({ ...input, benchmark })
  if (!psr.ok) return psr
  return ok({ dsr: psr.value.psr, expectedMaxSharpe: benchmark, z: psr.value.z })
}

/**
 * The Minimum Track Record Length: how many returns it takes for the observed Sharpe ratio to
 * be above `benchmark` with probability `confidence`. Fails with `invalid-input` when the Sharpe
 * ratio is not above the benchmark (no length is enough) or the figures are out of range.
 */
export function minimumTrackRecord(input: MinTrlInput): Result<MinTrlResult> {
  const bad = checkShape(input)
  if (bad) return bad
  if (!Number.isFinite(input.benchmark)) return invalid('benchmark', 'must be a finite number')
  if (!(input.confidence > 0 && input.confidence < 1)) {
    return invalid('confidence', 'must be strictly between 0 and 1')
  }
  if (!(input.sharpe > input.benchmark)) {
    return invalid(
      'sharpe',
      'must be above the benchmark: no track record is long enough otherwise',
    )
  }
  const factor = sharpeVarianceFactor(input)
  if (!(factor > 0)) return nonPositiveFactor()
  const zq = normalQuantile(input.confidence) / (input.sharpe - input.benchmark)
  return ok({ observations: 1 + factor * zq * zq })
}

/** The per-period Sharpe ratio, skew and raw kurtosis of a return series. */
export type ReturnMoments = ReturnShape & {
  sharpe: number
  observations: number
  mean: number
  /** Sample standard deviation (n − 1). */
  std: number
}

/**
 * Sharpe ratio (mean over sample standard deviation, no risk-free rate) and the population
 * skew and raw kurtosis (the moment estimators of `scipy.stats.skew`/`kurtosis(fisher=False)`)
 * of per-period returns. Fails with `invalid-input` for fewer than 2 returns or zero variance.
 */
export function returnMoments(returns: ArrayLike<number>): Result<ReturnMoments> {
  const n = returns.length
  if (n < 2) return invalid('returns', 'needs at least 2 returns')
  let sum = 0
  for (let i = 0; i < n; i++) sum += returns[i] as number
  const mean = sum / n
  let m2 = 0
  let m3 = 0
  let m4 = 0
  for (let i = 0; i < n; i++) {
    const d = (returns[i] as number) - mean
    const d2 = d * d
    m2 += d2
    m3 += d2 * d
    m4 += d2 * d2
  }
  if (!(m2 > 0) || !Number.isFinite(m2)) return invalid('returns', 'have no variance')
  const std = Math.sqrt(m2 / (n - 1))
  const pop2 = m2 / n
  return ok({
    sharpe: mean / std,
    observations: n,
    mean,
    std,
    skew: m3 / n / Math.pow(pop2, 1.5),
    kurtosis: m4 / n / (pop2 * pop2),
  })
}

/** Variance of Sharpe ratios across trials, with n − 1 (the cross-trial V[SRₙ] of the DSR). */
export function sharpeVariance(sharpes: readonly number[]): number {
  const n = sharpes.length
  if (n < 2) return 0
  const mean = sharpes.reduce((a, b) => a + b, 0) / n
  return sharpes.reduce((a, s) => a + (s - mean) * (s - mean), 0) / (n - 1)
}
