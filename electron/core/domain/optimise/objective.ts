import { metricValue } from '../backtest'

/** What an optimiser seeks: any numeric statistic of a run, maximised or minimised. */
export type Objective = { metric: string; direction: 'max' | 'min' }

/**
 * A run's score under an objective: the statistic (`metricValue` of its metrics), negated when
 * minimised so that higher is always better; null when the statistic is missing or undefined.
 */
export function scoreOf(metrics: Record<string, unknown>, objective: Objective): number | null {
  const v = metricValue(metrics, objective.metric)
  if (v === null) return null
  return objective.direction === 'max' ? v : -v
}

/** The statistic's own value behind a score (the inverse of `scoreOf`). */
export function valueOfScore(score: number | null, objective: Objective): number | null {
  if (score === null) return null
  return objective.direction === 'max' ? score : -score
}

/**
 * The score of one parameter set over several symbols: the median of its per-symbol scores, a
 * symbol whose run failed or has no value ranked lowest (so a set that fails on most symbols
 * scores null). One symbol's score is its own.
 */
export function medianScore(scores: readonly (number | null)[]): number | null {
  if (scores.length === 0) return null
  const s = scores.map((x) => (x === null ? -Infinity : x)).sort((a, b) => a - b)
  const mid = s.length >> 1
  const m = s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
  return Number.isFinite(m) ? m : null
}
