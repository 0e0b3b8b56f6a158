// The honest statistics of the best of several variants measured on the same periods: its PSR
// against 0, its DSR given how many variants were tried and how much their Sharpe ratios vary,
// and the track record it would need.
import { ok, type Result } from '../result'
import {
  deflatedSharpe,
  minimumTrackRecord,
  probabilisticSharpe,
  returnMoments,
  sharpeVariance,
  type ReturnMoments,
} from './sharpe'

/** Answer of `selectionStatistics`. */
export type SelectionStatistics = {
  /** Index of the variant with the highest per-period Sharpe ratio. */
  best: number
  /** Per-period Sharpe ratio of each variant (null for one with no variance). */
  sharpes: (number | null)[]
  /** The best variant's per-period Sharpe ratio, skew, raw kurtosis and length. */
  moments: ReturnMoments
  trials: number
  /** V[SRₙ] across the variants with a Sharpe ratio (n − 1). */
  sharpeVariance: number
  /** PSR of the best against a Sharpe ratio of 0. */
  psr: number
  dsr: number
  /** SR₀: what the best of `trials` unskilled variants is expected to reach. */
  expectedMaxSharpe: number
  /** Returns needed for 95 % confidence that the true Sharpe exceeds 0; null when SR ≤ 0. */
  minTrackRecord: number | null
}

/**
 * PSR, DSR and MinTRL of the best of `variants` (one per-period return series each, all of the
 * same periods). Fails with `invalid-input` when no variant has a Sharpe ratio, or when the
 * best's skew and kurtosis do not fit its Sharpe ratio.
 */
export function selectionStatistics(
  variants: readonly (readonly number[])[],
): Result<SelectionStatistics> {
  const all = variants.map((series) => returnMoments(series))
  const sharpes = all.map((m) => (m.ok && Number.isFinite(m.value.sharpe) ? m.value.sharpe : null))
  let best = -1
  for (let j = 0; j < sharpes.length; j++) {
    const s = sharpes[j]
    if (s !== null && s !== undefined && (best < 0 || s > (sharpes[best] as number))) best = j
  }
  const chosen = all[best]
  if (best < 0 || !chosen?.ok) {
    return {
      ok: false,
      error: {
        code: 'invalid-input',
        message: 'returns: no variant has returns that vary',
        issues: [{ path: ['returns'], message: 'no variant has returns that vary' }],
      },
    }
  }
  const moments = chosen.value
  const measured = sharpes.filter((s): s is number => s !== null)
  const variance = sharpeVariance(measured)
  const shape = { sharpe: moments.sharpe, skew: moments.skew, kurtosis: moments.kurtosis }
  const psr = probabilisticSharpe({ ...shape, benchmark: 0, observations: moments.observations })
  if (!psr.ok) return psr
  const dsr = deflatedSharpe({
    ...shape,
    trials: measured.length,
    sharpeVariance: variance,
    observations: moments.observations,
  })
  if (!dsr.ok) return dsr
  const trl = minimumTrackRecord({ ...shape, benchmark: 0, confidence: 0.95 })
  return ok({
    best,
    sharpes,
    moments,
    trials: measured.length,
    sharpeVariance: variance,
    psr: psr.value.psr,
    dsr: dsr.value.dsr,
    expectedMaxSharpe: dsr.value.expectedMaxSharpe,
    minTrackRecord: trl.ok ? trl.value.observations : null,
  })
}
