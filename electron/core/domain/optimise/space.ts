import { findBuiltin, paramOrders, rangeValues, ruleParams, type ParamOrder } from '../backtest'
import type { RulesStrategy } from '../backtest'
import { err, ok, type Result } from '../result'

/** One searched parameter: its name and the values it may take (min…max by step). */
export type ParamDim = { name: string; values: number[] }

/** A parameter set of a strategy: parameter name → value. */
export type Genes = Record<string, number>

/**
 * Where an optimiser searches: a grid of values per parameter, the ordering constraints between
 * parameters (`lower < upper`, as `paramOrders` of a built-in, plus any the caller adds) and the
 * parameters held at their value (defaults, or the request's own).
 */
export type ParamSpace = { dims: ParamDim[]; orders: ParamOrder[]; fixed: Genes }

/** A caller's range for one parameter, replacing the strategy's own. */
export type RangeOverride = { name: string; min: number; max: number; step: number }

/** Most values one parameter may take (a finer step is a typo, not a search). */
const MAX_VALUES_PER_DIM = 100_000

type Declared = { name: string; default: number; min?: number; max?: number; step?: number }

/**
 * The space of a strategy's parameters: a built-in's `ParamSpec`s or a rule strategy's `param`
 * elements with min, max and step (a `param` without them, or a parameter named in `params`,
 * stays fixed unless `ranges` gives it one). Constraints are the built-in's orders plus
 * `constraints`. Fails (`invalid-input`, with paths) for an unknown strategy or parameter, a bad
 * range, a constraint on an unknown parameter, or a space with nothing to search.
 */
export function spaceOf(
  strategy: string | RulesStrategy,
  params: Genes = {},
  ranges: readonly RangeOverride[] = [],
  constraints: readonly ParamOrder[] = [],
): Result<ParamSpace> {
  let declared: Declared[]
  if (typeof strategy === 'string') {
    const b = findBuiltin(strategy)
    if (!b) {
      return err({
        code: 'invalid-input',
        message: `unknown strategy "${strategy}"`,
        issues: [{ path: ['strategy'], message: 'unknown strategy' }],
      })
    }
    declared = b.params
  } else declared = ruleParams(strategy)
  const issues: { path: (string | number)[]; message: string }[] = []
  const byName = new Map(declared.map((d) => [d.name, d]))
  ranges.forEach((r, i) => {
    if (!byName.has(r.name))
      issues.push({ path: ['ranges', i, 'name'], message: 'unknown parameter' })
    else if (!(r.max >= r.min))
      issues.push({ path: ['ranges', i, 'max'], message: 'must be ≥ min' })
    else if (!(r.step > 0)) issues.push({ path: ['ranges', i, 'step'], message: 'must be > 0' })
    else if ((r.max - r.min) / r.step + 1 > MAX_VALUES_PER_DIM) {
      issues.push({ path: ['ranges', i, 'step'], message: 'too many values; use a coarser step' })
    }
  })
  const overridden = new Map(ranges.map((r) => [r.name, r]))
  const dims: ParamDim[] = []
  const fixed: Genes = {}
  for (const d of declared) {
    const r = overridden.get(d.name)
    const given = params[d.name]
    if (r) {
      if (issues.length === 0)
        dims.push({ name: d.name, values: rangeValues(r.min, r.max, r.step) })
    } else if (
      given === undefined &&
      d.min !== undefined &&
      d.max !== undefined &&
      d.step !== undefined &&
      d.max > d.min &&
      d.step > 0 &&
      (d.max - d.min) / d.step + 1 <= MAX_VALUES_PER_DIM
    ) {
      dims.push({ name: d.name, values: rangeValues(d.min, d.max, d.step) })
    } else fixed[d.name] = given ?? d.default
  }
  const orders = [...(typeof strategy === 'string' ? paramOrders(strategy) : []), ...constraints]
  constraints.forEach((c, i) => {
    for (const side of ['lower', 'upper'] as const) {
      if (!byName.has(c[side])) {
        issues.push({ path: ['constraints', i, side], message: `unknown parameter "${c[side]}"` })
      }
    }
  })
  if (issues.length) {
    return err({
      code: 'invalid-input',
      message: `invalid search space (${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`,
      issues,
    })
  }
  if (dims.length === 0) {
    return err({
      code: 'invalid-input',
      message: 'nothing to search: no parameter has a range',
      issues: [{ path: ['ranges'], message: 'give at least one parameter a range' }],
    })
  }
  const space: ParamSpace = { dims, orders, fixed }
  if (!hasFeasiblePoint(space)) {
    return err({
      code: 'invalid-input',
      message: 'no parameter set satisfies the constraints',
      issues: [{ path: ['constraints'], message: 'unsatisfiable over the ranges' }],
    })
  }
  return ok(space)
}

/** Points of the space's full grid (feasible or not). */
export function spaceSize(space: ParamSpace): number {
  return space.dims.reduce((acc, d) => acc * d.values.length, 1)
}

/** The full parameter set of a point: the fixed parameters with the point's genes over them. */
export function paramsOf(space: ParamSpace, genes: Genes): Genes {
  return { ...space.fixed, ...genes }
}

/** Whether a point satisfies every ordering constraint (`lower < upper`). */
export function isFeasible(space: ParamSpace, genes: Genes): boolean {
  for (const o of space.orders) {
    const lo = genes[o.lower] ?? space.fixed[o.lower]
    const hi = genes[o.upper] ?? space.fixed[o.upper]
    if (lo !== undefined && hi !== undefined && !(lo < hi)) return false
  }
  return true
}

/** The genes of a point given as one value index per dimension. */
export function genesAt(space: ParamSpace, at: readonly number[]): Genes {
  const genes: Genes = {}
  space.dims.forEach((d, k) => (genes[d.name] = d.values[at[k] as number] as number))
  return genes
}

/** A stable key of a point (its genes in dimension order), for memos and stored rows. */
export function keyOf(space: ParamSpace, genes: Genes): string {
  return space.dims.map((d) => genes[d.name]).join(',')
}

/** The value indexes of a point's genes (the nearest value of each dimension). */
export function indexesOf(space: ParamSpace, genes: Genes): number[] {
  return space.dims.map((d) => {
    const v = genes[d.name] as number
    let best = 0
    for (let j = 1; j < d.values.length; j++) {
      if (Math.abs((d.values[j] as number) - v) < Math.abs((d.values[best] as number) - v)) best = j
    }
    return best
  })
}

/** A uniformly drawn value index per dimension. */
export function randomIndexes(space: ParamSpace, rng: () => number): number[] {
  return space.dims.map((d) => Math.floor(rng() * d.values.length))
}

// A random draw finds a feasible point of any sensible space at once; a tiny or tight one is
// walked in full (bounded) so an unsatisfiable space is refused instead of searched forever.
function hasFeasiblePoint(space: ParamSpace): boolean {
  const size = spaceSize(space)
  if (size > 1_000_000) return true
  const at = space.dims.map(() => 0)
  for (let i = 0; i < size; i++) {
    let rest = i
    for (let k = space.dims.length - 1; k >= 0; k--) {
      const n = (space.dims[k] as ParamDim).values.length
      at[k] = rest % n
      rest = Math.floor(rest / n)
    }
    if (isFeasible(space, genesAt(space, at))) return true
  }
  return false
}
