import { invalidParamsReason, paramOrders } from '../domain/backtest/grid-validity'

/** One grid axis: a parameter name and the values to try. */
export type GridAxis = { name: string; values: number[] }

/** A parameter set and its position in the full cartesian order. */
export type GridPoint = { index: number; params: Record<string, number> }

/**
 * The cartesian product of the axes in row-major order (the last axis varies fastest), cut at
 * `cap` points; `truncated` says whether the cap cut anything.
 */
export function expandGrid(
  axes: GridAxis[],
  cap: number,
): { points: GridPoint[]; truncated: boolean; total: number } {
  const total = axes.reduce((acc, a) => acc * a.values.length, 1)
  const count = Math.min(total, Math.max(0, cap))
  const points: GridPoint[] = []
  for (let index = 0; index < count; index++) {
    const params: Record<string, number> = {}
    let rest = index
    for (let a = axes.length - 1; a >= 0; a--) {
      const axis = axes[a] as GridAxis
      const len = axis.values.length
      params[axis.name] = axis.values[rest % len] as number
      rest = Math.floor(rest / len)
    }
    points.push({ index, params })
  }
  return { points, truncated: count < total, total }
}

/** `a..b:step` as a list of values (inclusive of `b` within float tolerance). */
export function rangeValues(from: number, to: number, step: number): number[] {
  if (!(step > 0)) throw new RangeError('step must be > 0')
  const out: number[] = []
  const n = Math.floor((to - from) / step + 1e-9)
  for (let k = 0; k <= n; k++) out.push(Number((from + k * step).toPrecision(12)))
  return out
}

/**
 * Which points of a grid run: the first `cap` valid points in cartesian order, where a point is
 * valid unless the strategy's parameters contradict each other there (fast ≥ slow;
 * `invalidParamsReason`, with `baseParams` filling the parameters no axis varies). The one rule
 * behind `batch-run` (what a job runs and reports as `total` and `skipped`) and `batch-preview`
 * (what the grid builder says before a run).
 */
export type GridPlan = {
  /** The cartesian prefix the engine expands to reach the runs (its `cap`). */
  engineCap: number
  /** Indexes inside that prefix left out because their parameters contradict each other. */
  invalid: Set<number>
  /** Runs made: valid points up to the cap. */
  total: number
  /** True when the cap left out a valid point. */
  truncated: boolean
  /** Why the first left-out point was invalid (`fast must be < slow`); null when none was. */
  skipReason: string | null
}

/**
 * Plans a grid of `strategy` (a built-in name; null for a rule strategy, whose parameters have no
 * ordering) over `axes`, cut at `cap` runs. Skipped points past the last run are not counted:
 * they would not have been reached.
 */
export function planGrid(
  axes: GridAxis[],
  strategy: string | null,
  baseParams: Record<string, number>,
  cap: number,
): GridPlan {
  const { total: full } = expandGrid(axes, 0)
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
  const params: Record<string, number> = { ...baseParams }
  for (let index = 0; index < full; index++) {
    let rest = index
    for (let a = axes.length - 1; a >= 0; a--) {
      const axis = axes[a] as GridAxis
      params[axis.name] = axis.values[rest % axis.values.length] as number
      rest = Math.floor(rest / axis.values.length)
    }
    const reason = invalidParamsReason(strategy, params)
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
