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
