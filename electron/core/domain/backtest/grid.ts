/** One grid axis: a parameter name and the values to try. */
export type GridAxis = { name: string; values: number[] }

/** A parameter set and its position in the full cartesian order. */
export type GridPoint = { index: number; params: Record<string, number> }

/** Points in the full cartesian product of `axes`. */
export function gridSize(axes: readonly GridAxis[]): number {
  return axes.reduce((acc, a) => acc * a.values.length, 1)
}

/**
 * The parameters at `index` of the cartesian product in row-major order (the last axis varies
 * fastest), written into `into` (a fresh object by default).
 */
export function pointAt(
  axes: readonly GridAxis[],
  index: number,
  into: Record<string, number> = {},
): Record<string, number> {
  let rest = index
  for (let a = axes.length - 1; a >= 0; a--) {
    const axis = axes[a] as GridAxis
    const len = axis.values.length
    into[axis.name] = axis.values[rest % len] as number
    rest = Math.floor(rest / len)
  }
  return into
}

/**
 * The cartesian product of the axes in row-major order (the last axis varies fastest), cut at
 * `cap` points; `truncated` says whether the cap cut anything. Materialises every point: for
 * small grids and tests; the engine walks indexes with `pointAt` instead.
 */
export function expandGrid(
  axes: GridAxis[],
  cap: number,
): { points: GridPoint[]; truncated: boolean; total: number } {
  const total = gridSize(axes)
  const count = Math.min(total, Math.max(0, cap))
  const points: GridPoint[] = []
  for (let index = 0; index < count; index++) points.push({ index, params: pointAt(axes, index) })
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
