import { describe, expect, it } from 'vitest'
import {
  createOptimiser,
  isFeasible,
  keyOf,
  medianScore,
  optimiseSync,
  scoreOf,
  seededRandom,
  spaceOf,
  type Genes,
  type OptimiserMethod,
  type ParamSpace,
} from '../../../../electron/core/domain/optimise'
import { unwrap } from '../../../support/backtest'

// sma-cross over fast 2…50 and slow 10…200 (step 1) under fast < slow: about 8 800 feasible points.
function smaSpace(): ParamSpace {
  return unwrap(
    spaceOf('sma-cross', {}, [
      { name: 'fast', min: 2, max: 50, step: 1 },
      { name: 'slow', min: 10, max: 200, step: 1 },
    ]),
  )
}

// A synthetic objective with one known optimum at fast 17, slow 83 (and a plateau far from it).
const OPTIMUM = { fast: 17, slow: 83 }
function bowl(g: Genes): number {
  return -((g.fast! - OPTIMUM.fast) ** 2) - ((g.slow! - OPTIMUM.slow) / 2) ** 2
}

// Evaluations until the optimum itself was evaluated (budget + 1 when it never was).
function evaluationsToOptimum(method: OptimiserMethod, seed: number, budget: number): number {
  const opt = createOptimiser(method, smaSpace(), { budget, population: 40 }, seededRandom(seed))
  let count = 0
  let reached = budget + 1
  optimiseSync(opt, (g) => {
    count++
    if (g.fast === OPTIMUM.fast && g.slow === OPTIMUM.slow && reached > budget) reached = count
    return bowl(g)
  })
  return reached
}

describe('optimisers', () => {
  it.each(['random', 'genetic', 'tpe'] as const)(
    '%s gives the same asks and the same best for the same seed, other asks for another',
    (method) => {
      const trace = (seed: number): string[] => {
        const opt = createOptimiser(method, smaSpace(), { budget: 200 }, seededRandom(seed))
        const keys: string[] = []
        optimiseSync(opt, (g) => {
          keys.push(keyOf(smaSpace(), g))
          return bowl(g)
        })
        return [...keys, JSON.stringify(opt.best()), JSON.stringify(opt.convergence())]
      }
      expect(trace(7)).toEqual(trace(7))
      expect(trace(8)).not.toEqual(trace(7))
    },
  )

  it.each(['random', 'genetic', 'tpe'] as const)(
    '%s never asks a point that breaks a constraint, nor one twice, and keeps to its budget',
    (method) => {
      const space = smaSpace()
      for (const seed of [1, 2, 3]) {
        const opt = createOptimiser(
          method,
          space,
          { budget: 300, population: 20 },
          seededRandom(seed),
        )
        const seen = new Set<string>()
        optimiseSync(opt, (g) => {
          expect(isFeasible(space, g)).toBe(true)
          expect(g.fast!).toBeLessThan(g.slow!)
          const key = keyOf(space, g)
          expect(seen.has(key)).toBe(false)
          seen.add(key)
          return bowl(g)
        })
        expect(seen.size).toBe(opt.evaluations)
        expect(opt.evaluations).toBeLessThanOrEqual(300)
        for (const m of opt.population()) expect(isFeasible(space, m.genes)).toBe(true)
      }
    },
  )

  it('the genetic algorithm and TPE reach the known optimum in fewer evaluations than random search, on average over seeds', () => {
    const seeds = [1, 2, 3, 4, 5, 6]
    const budget = 1_200
    const mean = (m: OptimiserMethod): number =>
      seeds.reduce((a, s) => a + evaluationsToOptimum(m, s, budget), 0) / seeds.length
    const random = mean('random')
    const genetic = mean('genetic')
    const tpe = mean('tpe')
    expect(genetic).toBeLessThan(random)
    expect(tpe).toBeLessThan(random)
    // Both find it within the budget on average; random search mostly does not.
    expect(genetic).toBeLessThan(budget)
    expect(tpe).toBeLessThan(budget)
  })

  it('the best fitness per generation never falls', () => {
    const opt = createOptimiser(
      'genetic',
      smaSpace(),
      { budget: 400, population: 20 },
      seededRandom(3),
    )
    optimiseSync(opt, bowl)
    const curve = opt.convergence()
    expect(curve).toHaveLength(20)
    for (let k = 1; k < curve.length; k++) {
      expect(curve[k]!.best!).toBeGreaterThanOrEqual(curve[k - 1]!.best!)
    }
    expect(opt.best()!.score).toBe(curve[curve.length - 1]!.best)
  })

  it('a failed run scores null and ranks last', () => {
    const opt = createOptimiser('random', smaSpace(), { budget: 50 }, seededRandom(1))
    optimiseSync(opt, (g) => (g.fast! % 2 === 0 ? null : bowl(g)))
    expect(opt.best()!.genes.fast! % 2).toBe(1)
  })
})

describe('spaceOf', () => {
  it('takes a built-in strategy ParamSpecs and its order fast < slow', () => {
    const space = unwrap(spaceOf('sma-cross'))
    expect(space.dims.map((d) => d.name)).toEqual(['fast', 'slow'])
    expect(space.orders).toEqual([{ lower: 'fast', upper: 'slow' }])
  })

  it("takes a rule strategy's param elements with min, max and step, and a caller's constraint", () => {
    const rules = {
      name: 'two averages',
      elements: [
        { type: 'param', name: 'a', default: 5, min: 2, max: 20, step: 1 },
        { type: 'param', name: 'b', default: 30, min: 10, max: 60, step: 5 },
        { type: 'param', name: 'c', default: 3 },
      ],
    } as unknown as Parameters<typeof spaceOf>[0]
    const space = unwrap(spaceOf(rules, {}, [], [{ lower: 'a', upper: 'b' }]))
    expect(space.dims.map((d) => [d.name, d.values.length])).toEqual([
      ['a', 19],
      ['b', 11],
    ])
    expect(space.fixed).toEqual({ c: 3 })
    expect(isFeasible(space, { a: 12, b: 10 })).toBe(false)
  })

  it('refuses an unknown parameter, a bad range and an unsatisfiable space', () => {
    expect(spaceOf('sma-cross', {}, [{ name: 'nope', min: 1, max: 2, step: 1 }]).ok).toBe(false)
    expect(spaceOf('sma-cross', {}, [{ name: 'fast', min: 5, max: 2, step: 1 }]).ok).toBe(false)
    const r = spaceOf('sma-cross', {}, [
      { name: 'fast', min: 50, max: 60, step: 1 },
      { name: 'slow', min: 10, max: 40, step: 1 },
    ])
    expect(r.ok).toBe(false)
  })
})

describe('objectives', () => {
  it('maximises or minimises any statistic, and takes the median across symbols', () => {
    expect(scoreOf({ sharpe: 1.5 }, { metric: 'sharpe', direction: 'max' })).toBe(1.5)
    expect(scoreOf({ maxDrawdownPct: 12 }, { metric: 'maxDrawdownPct', direction: 'min' })).toBe(
      -12,
    )
    expect(scoreOf({ sharpe: null }, { metric: 'sharpe', direction: 'max' })).toBeNull()
    expect(medianScore([1, 3, 2])).toBe(2)
    expect(medianScore([1, 3, 2, 10])).toBe(2.5)
    expect(medianScore([null, 3, 2])).toBe(2)
    expect(medianScore([null, null, 2])).toBeNull()
  })
})
