import { invalidParamsReason, paramOrders } from './grid-validity'
import { gridSize, pointAt, type GridAxis } from './grid'

/** A run as a batch stores it: its grid index, its variables and its metrics (or `error`). */
export type BatchRun = {
  runIndex: number
  variables: Record<string, number>
  metrics: Record<string, unknown>
}

/** A metric's value in a run's metrics, or null when missing or not a finite number. */
export function metricValue(metrics: Record<string, unknown>, metric: string): number | null {
  const v = metrics[metric]
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

/** The run with the highest or lowest value of the ranking metric. */
export type RankedRun = { runIndex: number; variables: Record<string, number>; value: number }

/** Best, worst and mean of every numeric metric over a batch's runs. */
export type BatchSummary<M extends string> = {
  metric: M
  runs: number
  failed: number
  best: RankedRun | null
  worst: RankedRun | null
  average: Partial<Record<M, number>>
}

/**
 * A batch summary folded run by run as runs arrive, in any order: nothing but the running best,
 * worst, sums and counts is kept. Ties go to the lower run index, so the answer does not depend
 * on the order runs finished in.
 */
export class SummaryFold<M extends string> {
  private runs = 0
  private failed = 0
  private best: RankedRun | null = null
  private worst: RankedRun | null = null
  private readonly sums: Float64Array
  private readonly counts: Float64Array

  constructor(
    private readonly rankBy: M,
    private readonly metrics: readonly M[],
  ) {
    this.sums = new Float64Array(metrics.length)
    this.counts = new Float64Array(metrics.length)
  }

  /** Adds one run. */
  add(run: BatchRun): void {
    this.runs++
    if ('error' in run.metrics) this.failed++
    const value = metricValue(run.metrics, this.rankBy)
    if (value !== null) {
      const b = this.best
      if (!b || value > b.value || (value === b.value && run.runIndex < b.runIndex)) {
        this.best = { runIndex: run.runIndex, variables: run.variables, value }
      }
      const w = this.worst
      if (!w || value < w.value || (value === w.value && run.runIndex < w.runIndex)) {
        this.worst = { runIndex: run.runIndex, variables: run.variables, value }
      }
    }
    for (let k = 0; k < this.metrics.length; k++) {
      const v = metricValue(run.metrics, this.metrics[k] as M)
      if (v === null) continue
      this.sums[k] = (this.sums[k] as number) + v
      this.counts[k] = (this.counts[k] as number) + 1
    }
  }

  /** The summary of every run added so far. */
  result(): BatchSummary<M> {
    const average: Partial<Record<M, number>> = {}
    for (let k = 0; k < this.metrics.length; k++) {
      const n = this.counts[k] as number
      if (n > 0) average[this.metrics[k] as M] = (this.sums[k] as number) / n
    }
    return {
      metric: this.rankBy,
      runs: this.runs,
      failed: this.failed,
      best: this.best,
      worst: this.worst,
      average,
    }
  }
}

/** A summary of `runs` at once (the fold over them in order). */
export function summariseRuns<M extends string>(
  runs: Iterable<BatchRun>,
  rankBy: M,
  metrics: readonly M[],
): BatchSummary<M> {
  const fold = new SummaryFold(rankBy, metrics)
  for (const run of runs) fold.add(run)
  return fold.result()
}

/**
 * Which points of a grid run: the first `cap` valid points in cartesian order. `engineCap` is
 * the cartesian prefix the engine walks to reach them and `invalid` the indexes in it that are
 * skipped because the strategy's parameters contradict each other (fast ≥ slow).
 */
export type GridPlan = {
  engineCap: number
  invalid: Set<number>
  total: number
  truncated: boolean
  skipReason: string | null
}

/**
 * Plans a grid of a strategy (a built-in name, or null for a rule strategy, which declares no
 * parameter orders) over base `params`, cut at `cap` valid points.
 */
export function planGrid(
  axes: readonly GridAxis[],
  strategy: string | null,
  params: Record<string, number>,
  cap: number,
): GridPlan {
  const full = gridSize(axes)
  if (strategy === null || paramOrders(strategy).length === 0) {
    return {
      engineCap: Math.min(full, cap),
      invalid: new Set(),
      total: Math.min(full, cap),
      truncated: full > cap,
      skipReason: null,
    }
  }
  const invalid = new Set<number>()
  let valid = 0
  let engineCap = 0
  let truncated = false
  let skipReason: string | null = null
  const point: Record<string, number> = { ...params }
  for (let index = 0; index < full; index++) {
    const reason = invalidParamsReason(strategy, pointAt(axes, index, point))
    if (valid === cap) {
      if (reason === null) {
        truncated = true
        break
      }
      continue
    }
    engineCap = index + 1
    if (reason === null) valid++
    else {
      invalid.add(index)
      skipReason ??= reason
    }
  }
  return { engineCap, invalid, total: valid, truncated, skipReason }
}

/** A metric over two variables: `cells[yi][xi]`, null where no run has a value. */
export type Heatmap = { xs: number[]; ys: number[]; cells: (number | null)[][] }

/**
 * Lays reduced cells (one per distinct pair of the two variables) on the sorted distinct values
 * of the two axes; a cell whose coordinates are not axis values is left out.
 */
export function heatmapOf(
  xAxis: readonly number[],
  yAxis: readonly number[],
  reduced: readonly { x: number; y: number; value: number }[],
): Heatmap {
  const xs = [...new Set(xAxis)].sort((a, b) => a - b)
  const ys = [...new Set(yAxis)].sort((a, b) => a - b)
  const xi = new Map(xs.map((v, i) => [v, i]))
  const yi = new Map(ys.map((v, i) => [v, i]))
  const cells: (number | null)[][] = ys.map(() => xs.map(() => null))
  for (const c of reduced) {
    const i = xi.get(c.x)
    const j = yi.get(c.y)
    const row = j === undefined ? undefined : cells[j]
    if (i === undefined || !row) continue
    row[i] = c.value
  }
  return { xs, ys, cells }
}

/** Each metric of two runs side by side with its difference (b − a). */
export function compareMetrics<M extends string>(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  metrics: readonly M[],
): { metric: M; a: number | null; b: number | null; delta: number | null }[] {
  return metrics.map((metric) => {
    const va = metricValue(a, metric)
    const vb = metricValue(b, metric)
    return { metric, a: va, b: vb, delta: va === null || vb === null ? null : vb - va }
  })
}
