import {
  backtestOverfitting,
  selectionStatistics,
  type PboResult,
  type SelectionStatistics,
} from '../domain/overfit'
import { ok, type Result } from '../domain/result'

/** The overfitting statistics of a set of variants: PBO by CSCV and the best one's PSR and DSR. */
export type OverfitAnswer = { pbo: PboResult; selection: SelectionStatistics }

/**
 * `backtestOverfitting` and `selectionStatistics` of `variants` series of `length` periods each,
 * packed variant after variant in `returns`: the matrix (one row per period) and the series are
 * the domain's own inputs, so the answer is the one those functions give. Runs on an engine
 * worker (the splits grow as C(blocks, blocks / 2) × variants) or inline.
 */
export function overfitOf(
  returns: Float64Array,
  variants: number,
  length: number,
  blocks: number,
): Result<OverfitAnswer> {
  const series = Array.from({ length: variants }, (_, j) =>
    Array.from(returns.subarray(j * length, (j + 1) * length)),
  )
  const matrix = Array.from({ length }, (_, t) => series.map((s) => s[t] as number))
  const pbo = backtestOverfitting(matrix, { blocks })
  if (!pbo.ok) return pbo
  const selection = selectionStatistics(series)
  if (!selection.ok) return selection
  return ok({ pbo: pbo.value, selection: selection.value })
}
