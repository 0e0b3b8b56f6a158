import {
  genesAt,
  indexesOf,
  isFeasible,
  keyOf,
  randomIndexes,
  spaceSize,
  type Genes,
  type ParamSpace,
} from './space'

/** The optimisers: seeded random search, a genetic algorithm, and a Tree-structured Parzen Estimator. */
export type OptimiserMethod = 'random' | 'genetic' | 'tpe'

/**
 * One evaluated point: its genes and its score (higher is better; a minimised statistic is
 * negated by `scoreOf`), or null when the run failed or the statistic is undefined (ranked last).
 */
export type Evaluated = { genes: Genes; score: number | null }

/** Best and mean score of one generation (a batch of asks for random search and TPE). */
export type GenerationPoint = {
  generation: number
  evaluations: number
  best: number | null
  mean: number | null
}

/**
 * An optimiser driven from outside (ask/tell), so a job can run each batch of points on the
 * engine workers: `ask` answers the next points to evaluate (never one already evaluated, and
 * each satisfying the space's constraints), `tell` takes their scores in the same order. `ask`
 * answers an empty list when the budget is spent. Deterministic for a seed: the same scores told
 * give the same asks.
 */
export type Optimiser = {
  readonly method: OptimiserMethod
  /** The generation the next `ask` belongs to (0 first). */
  readonly generation: number
  /** Points evaluated so far (told). */
  readonly evaluations: number
  ask(): Genes[]
  tell(scores: readonly (number | null)[]): void
  /** The best point told so far (ties to the earlier one), or null before any. */
  best(): Evaluated | null
  /** Best and mean score per generation told so far. */
  convergence(): GenerationPoint[]
  /** The genetic algorithm's last population; the best points told for the other methods. */
  population(): Evaluated[]
}

/** Options shared by the optimisers. */
export type OptimiserOptions = {
  /** Most points evaluated. */
  budget: number
  /** Random search and TPE: points per ask (one engine batch). Default 16. */
  batchSize?: number
  /** Genetic algorithm: individuals per generation. Default 24. */
  population?: number
  /** Genetic algorithm: individuals copied unchanged into the next generation. Default 10 %, ≥ 1. */
  elitism?: number
  /** Genetic algorithm: tournament size of the parent selection. Default 3. */
  tournament?: number
  /** Genetic algorithm: probability that two parents cross (uniform crossover). Default 0.9. */
  crossoverRate?: number
  /** Genetic algorithm: probability that each gene mutates. Default 1 / dimensions, ≥ 0.1. */
  mutationRate?: number
  /** TPE: random points before the model proposes. Default max(10, budget / 10). */
  startup?: number
  /** TPE: the quantile γ of points counted as good. Default 0.25. */
  gamma?: number
  /** TPE: candidates drawn from the good density per proposed point. Default 24. */
  candidates?: number
}

const NEG = -Infinity
const rank = (s: number | null): number => (s === null ? NEG : s)

/** Standard normal draw by Box–Muller from a uniform generator. */
function gaussian(rng: () => number): number {
  const u = 1 - rng()
  const v = rng()
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
}

/** Bookkeeping every method shares: the memo of evaluated points, the best, the convergence. */
class Ledger {
  readonly seen = new Map<string, number | null>()
  readonly told: { at: number[]; genes: Genes; score: number | null }[] = []
  readonly curve: GenerationPoint[] = []
  private top: Evaluated | null = null

  constructor(private readonly space: ParamSpace) {}

  add(at: number[], genes: Genes, score: number | null): void {
    this.seen.set(keyOf(this.space, genes), score)
    this.told.push({ at, genes, score })
    if (score !== null && (this.top === null || score > rank(this.top.score))) {
      this.top = { genes, score }
    }
  }

  has(genes: Genes): boolean {
    return this.seen.has(keyOf(this.space, genes))
  }

  best(): Evaluated | null {
    if (this.top) return this.top
    const first = this.told[0]
    return first ? { genes: first.genes, score: first.score } : null
  }

  point(generation: number, scores: readonly (number | null)[]): void {
    const finite = scores.filter((s): s is number => s !== null)
    const best = this.best()
    this.curve.push({
      generation,
      evaluations: this.told.length,
      best: best?.score ?? null,
      mean: finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : null,
    })
  }

  topN(n: number): Evaluated[] {
    return [...this.told]
      .sort((a, b) => rank(b.score) - rank(a.score))
      .slice(0, n)
      .map(({ genes, score }) => ({ genes, score }))
  }
}

/**
 * A feasible point not yet evaluated nor already taken in this ask, drawn by `draw`; after
 * `tries` failures any feasible unseen point drawn uniformly; null when none turns up (a space
 * nearly exhausted).
 */
function freshPoint(
  space: ParamSpace,
  ledger: Ledger,
  taken: Set<string>,
  rng: () => number,
  draw: () => number[],
  tries = 64,
): number[] | null {
  for (let t = 0; t < tries * 4; t++) {
    const at = t < tries ? draw() : randomIndexes(space, rng)
    const genes = genesAt(space, at)
    const key = keyOf(space, genes)
    if (!isFeasible(space, genes) || ledger.seen.has(key) || taken.has(key)) continue
    taken.add(key)
    return at
  }
  return null
}

/**
 * Seeded random search: feasible points drawn uniformly without repetition (Bergstra & Bengio,
 * "Random Search for Hyper-Parameter Optimization", JMLR 13, 2012), `batchSize` per ask.
 */
export function randomSearch(
  space: ParamSpace,
  options: OptimiserOptions,
  rng: () => number,
): Optimiser {
  const ledger = new Ledger(space)
  const budget = Math.min(options.budget, spaceSize(space))
  const batch = Math.max(1, options.batchSize ?? 16)
  let pending: number[][] = []
  let generation = 0
  let isExhausted = false
  return {
    method: 'random',
    get generation() {
      return generation
    },
    get evaluations() {
      return ledger.told.length
    },
    ask() {
      const want = Math.min(batch, budget - ledger.told.length)
      const taken = new Set<string>()
      pending = []
      while (!isExhausted && pending.length < want) {
        const at = freshPoint(space, ledger, taken, rng, () => randomIndexes(space, rng))
        if (at === null) isExhausted = true
        else pending.push(at)
      }
      return pending.map((at) => genesAt(space, at))
    },
    tell(scores) {
      pending.forEach((at, k) => ledger.add(at, genesAt(space, at), scores[k] ?? null))
      ledger.point(generation++, scores)
      pending = []
    },
    best: () => ledger.best(),
    convergence: () => [...ledger.curve],
    population: () => ledger.topN(batch),
  }
}

/**
 * A genetic algorithm over value indexes (Holland 1975; Goldberg, *Genetic Algorithms in Search,
 * Optimization and Machine Learning*, 1989): a random first population, then per generation the
 * `elitism` best carried over unchanged and the rest bred from parents chosen by tournament,
 * crossed uniformly and mutated by a Gaussian step of about a tenth of each range (or, 1 time in
 * 5, a fresh uniform value). A child that breaks a constraint is bred again; after 32 tries a copy
 * of its better parent takes its place, so no individual ever breaks one. A child already
 * evaluated keeps its score without a new evaluation, so an ask holds new points only.
 * Generations = ⌊budget / population⌋.
 */
export function geneticAlgorithm(
  space: ParamSpace,
  options: OptimiserOptions,
  rng: () => number,
): Optimiser {
  const ledger = new Ledger(space)
  const size = Math.max(2, options.population ?? 24)
  const generations = Math.max(1, Math.floor(options.budget / size))
  const elites = Math.min(size - 1, Math.max(1, options.elitism ?? Math.round(size / 10)))
  const tournament = Math.max(1, options.tournament ?? 3)
  const pCross = options.crossoverRate ?? 0.9
  const pMutate = options.mutationRate ?? Math.max(0.1, 1 / space.dims.length)
  let population: { at: number[]; genes: Genes; score: number | null }[] = []
  let next: { at: number[]; genes: Genes }[] = []
  let generation = 0

  const scoreOf = (genes: Genes): number | null | undefined => ledger.seen.get(keyOf(space, genes))

  function firstGeneration(): { at: number[]; genes: Genes }[] {
    const taken = new Set<string>()
    const out: { at: number[]; genes: Genes }[] = []
    while (out.length < size) {
      const at = freshPoint(space, ledger, taken, rng, () => randomIndexes(space, rng))
      if (at === null) break
      out.push({ at, genes: genesAt(space, at) })
    }
    return out
  }

  function pick(): { at: number[]; score: number | null } {
    let best = population[Math.floor(rng() * population.length)] as (typeof population)[number]
    for (let k = 1; k < tournament; k++) {
      const c = population[Math.floor(rng() * population.length)] as (typeof population)[number]
      if (rank(c.score) > rank(best.score)) best = c
    }
    return best
  }

  function child(): number[] {
    const a = pick()
    const b = pick()
    const better = rank(a.score) >= rank(b.score) ? a : b
    for (let t = 0; t < 32; t++) {
      const isCrossing = rng() < pCross
      const at = space.dims.map((d, k) => {
        let j = isCrossing && rng() < 0.5 ? (b.at[k] as number) : (a.at[k] as number)
        if (rng() < pMutate) {
          const n = d.values.length
          j =
            rng() < 0.2
              ? Math.floor(rng() * n)
              : j + Math.round(gaussian(rng) * Math.max(1, (n - 1) / 10))
          j = Math.min(n - 1, Math.max(0, j))
        }
        return j
      })
      if (isFeasible(space, genesAt(space, at))) return at
    }
    return [...better.at]
  }

  function breed(): { at: number[]; genes: Genes }[] {
    const sorted = [...population].sort((x, y) => rank(y.score) - rank(x.score))
    const kids: { at: number[]; genes: Genes }[] = sorted
      .slice(0, elites)
      .map((e) => ({ at: e.at, genes: e.genes }))
    while (kids.length < size) {
      const at = child()
      kids.push({ at, genes: genesAt(space, at) })
    }
    return kids
  }

  // The members of `next` not yet evaluated, each once.
  function unseen(): Genes[] {
    const keys = new Set<string>()
    const out: Genes[] = []
    for (const m of next) {
      const key = keyOf(space, m.genes)
      if (ledger.seen.has(key) || keys.has(key)) continue
      keys.add(key)
      out.push(m.genes)
    }
    return out
  }

  let asked: Genes[] = []
  function tell(scores: readonly (number | null)[]): void {
    asked.forEach((genes, k) => ledger.add(indexesOf(space, genes), genes, scores[k] ?? null))
    asked = []
    population = next.map((m) => ({ ...m, score: scoreOf(m.genes) ?? null }))
    ledger.point(
      generation,
      population.map((m) => m.score),
    )
    generation++
    next = generation < generations ? breed() : []
  }

  return {
    method: 'genetic',
    get generation() {
      return generation
    },
    get evaluations() {
      return ledger.told.length
    },
    ask() {
      if (generation === 0 && population.length === 0 && next.length === 0) next = firstGeneration()
      // A generation whose children were all evaluated before is settled without an ask.
      for (;;) {
        if (generation >= generations || next.length === 0) return (asked = [])
        asked = unseen()
        if (asked.length > 0) return asked
        tell([])
      }
    },
    tell,
    best: () => ledger.best(),
    convergence: () => [...ledger.curve],
    population: () =>
      [...population]
        .sort((x, y) => rank(y.score) - rank(x.score))
        .map(({ genes, score }) => ({ genes, score })),
  }
}

// Parzen density over a dimension's value indexes 0 … n − 1: a Gaussian kernel of width `bw` on
// each observation, truncated to the range and normalised, mixed with a uniform prior of weight
// 1 (Bergstra et al. 2011, §4.2: the prior is one of the mixture's components).
function parzen(obs: readonly number[], n: number, bw: number): Float64Array {
  const p = new Float64Array(n).fill(1 / n)
  const kernel = new Float64Array(n)
  for (const x of obs) {
    let z = 0
    for (let j = 0; j < n; j++) {
      const d = (j - x) / bw
      kernel[j] = Math.exp(-0.5 * d * d)
      z += kernel[j] as number
    }
    for (let j = 0; j < n; j++) p[j] = (p[j] as number) + (kernel[j] as number) / z
  }
  const total = obs.length + 1
  for (let j = 0; j < n; j++) p[j] = (p[j] as number) / total
  return p
}

function drawFrom(p: Float64Array, rng: () => number): number {
  let u = rng()
  for (let j = 0; j < p.length; j++) {
    u -= p[j] as number
    if (u <= 0) return j
  }
  return p.length - 1
}

/**
 * The Tree-structured Parzen Estimator of Bergstra, Bardenet, Bengio & Kégl, "Algorithms for
 * Hyper-Parameter Optimization", NIPS 2011, §4: after `startup` random points, the points told
 * are split at the γ-quantile of their scores into good and the rest; each dimension gets a
 * Parzen density ℓ(x) over the good points' values and g(x) over the rest (§4.2, independent
 * per dimension, as the paper's tree is flat for a fixed parameter set), and each proposal is the
 * candidate drawn from ℓ with the highest ℓ(x)/g(x), which maximises expected improvement
 * (§4.1, eq. 4). Proposals of one ask (a batch for the engine workers) are distinct.
 */
export function treeParzen(
  space: ParamSpace,
  options: OptimiserOptions,
  rng: () => number,
): Optimiser {
  const ledger = new Ledger(space)
  const budget = Math.min(options.budget, spaceSize(space))
  const batch = Math.max(1, options.batchSize ?? 16)
  const startup = Math.min(budget, options.startup ?? Math.max(10, Math.floor(budget / 10)))
  const gamma = options.gamma ?? 0.25
  const candidates = Math.max(1, options.candidates ?? 24)
  let pending: number[][] = []
  let generation = 0
  let isExhausted = false

  function proposer(): () => number[] {
    const sorted = [...ledger.told].sort((a, b) => rank(b.score) - rank(a.score))
    const nGood = Math.max(1, Math.ceil(gamma * sorted.length))
    const good = sorted.slice(0, nGood)
    const bad = sorted.slice(nGood)
    const l: Float64Array[] = []
    const g: Float64Array[] = []
    space.dims.forEach((d, k) => {
      const n = d.values.length
      // Wider kernels while few points are known, narrower as evidence accumulates.
      const bw = Math.max(0.5, (n - 1) / (2 + Math.sqrt(ledger.told.length)))
      l.push(
        parzen(
          good.map((o) => o.at[k] as number),
          n,
          bw,
        ),
      )
      g.push(
        parzen(
          bad.map((o) => o.at[k] as number),
          n,
          bw,
        ),
      )
    })
    return () => {
      let best: number[] = []
      let bestRatio = NEG
      for (let c = 0; c < candidates; c++) {
        const at = l.map((p) => drawFrom(p, rng))
        let ratio = 0
        at.forEach((j, k) => {
          ratio += Math.log((l[k] as Float64Array)[j] as number)
          ratio -= Math.log((g[k] as Float64Array)[j] as number)
        })
        if (ratio > bestRatio && isFeasible(space, genesAt(space, at))) {
          bestRatio = ratio
          best = at
        }
      }
      return best.length ? best : randomIndexes(space, rng)
    }
  }

  return {
    method: 'tpe',
    get generation() {
      return generation
    },
    get evaluations() {
      return ledger.told.length
    },
    ask() {
      const told = ledger.told.length
      const want = Math.min(told < startup ? startup - told : batch, budget - told)
      const draw = told < startup ? () => randomIndexes(space, rng) : proposer()
      const taken = new Set<string>()
      pending = []
      while (!isExhausted && pending.length < want) {
        const at = freshPoint(space, ledger, taken, rng, draw, 8)
        if (at === null) isExhausted = true
        else pending.push(at)
      }
      return pending.map((at) => genesAt(space, at))
    },
    tell(scores) {
      pending.forEach((at, k) => ledger.add(at, genesAt(space, at), scores[k] ?? null))
      ledger.point(generation++, scores)
      pending = []
    },
    best: () => ledger.best(),
    convergence: () => [...ledger.curve],
    population: () => ledger.topN(batch),
  }
}

/** The optimiser of a method over a space, seeded by `rng`. */
export function createOptimiser(
  method: OptimiserMethod,
  space: ParamSpace,
  options: OptimiserOptions,
  rng: () => number,
): Optimiser {
  if (method === 'genetic') return geneticAlgorithm(space, options, rng)
  if (method === 'tpe') return treeParzen(space, options, rng)
  return randomSearch(space, options, rng)
}

/**
 * Drives an optimiser to its end with a synchronous scoring function (tests, small spaces); the
 * job drives the same loop with each ask evaluated on the engine workers.
 */
export function optimiseSync(optimiser: Optimiser, score: (genes: Genes) => number | null): void {
  for (let asked = optimiser.ask(); asked.length > 0; asked = optimiser.ask()) {
    optimiser.tell(asked.map(score))
  }
}
