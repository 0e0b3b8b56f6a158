import {
  createOptimisationRun,
  finishOptimisationRun,
  getOptimisationRun,
  insertIndividuals,
  rankIndividuals,
  runsOfJob,
  storedIndividuals,
} from '../../../db/repos/optimisation-repo'
import { uuidv7 } from '../../../db/uuidv7'
import { ErrorCode } from '../contract/errors'
import type { BacktestStats, ParsedBacktestSpec } from '../domain/backtest'
import type { BarColumns } from '../domain/market/bars'
import {
  barsBetween,
  createOptimiser,
  keyOf,
  medianScore,
  paramsOf,
  scoreOf,
  seededRandom,
  stitchOutOfSample,
  valueOfScore,
  walkForwardEfficiency,
  type Genes,
  type Objective,
  type OptimiserMethod,
  type OptimiserOptions,
  type OutOfSampleRun,
  type ParamSpace,
  type WalkWindow,
} from '../domain/optimise'
import type { EnginePool, GridRun } from '../engine'
import { AppError, toAppError } from '../errors'
import type { JobContext, JobWork } from './runner'
import type { Handle } from '../../../db/query'

/** One symbol an optimiser scores on: its bars (already cut to the tested range). */
export type OptimiseSymbol = { symbol: string; bars: BarColumns }

/** What one optimiser run searches, on which bars, and how. */
export type OptimiseSetup = {
  method: OptimiserMethod
  options: OptimiserOptions
  seed: number
  space: ParamSpace
  objective: Objective
  /** The spec parsed once at the boundary, without `from`/`to` (the bars are cut already). */
  spec: ParsedBacktestSpec
  symbols: OptimiseSymbol[]
}

/** Where one optimiser run ended. */
export type OptimiseOutcome = {
  runId: string
  evaluations: number
  best: Genes | null
  /** The objective's own value of the best individual (its median across symbols). */
  bestValue: number | null
  /** The best individual's statistics (its first symbol's). */
  bestStats: Record<string, unknown> | null
  convergence: {
    generation: number
    evaluations: number
    best: number | null
    mean: number | null
  }[]
}

function cancelled(): AppError {
  return new AppError(ErrorCode.Cancelled, 'optimisation cancelled')
}

// What an individual stores as `objectives`: every statistic of its run (one symbol), or of each
// symbol's run; a failed run as `{ error }`. Its score is derived from them again on a resume,
// so a replay tells the optimiser exactly what the first pass told it.
function objectivesOf(
  symbols: readonly OptimiseSymbol[],
  runs: readonly GridRun[],
): Record<string, unknown> {
  const one = (r: GridRun): Record<string, unknown> =>
    r.stats ? { ...r.stats } : { error: r.error ?? 'run failed' }
  if (symbols.length === 1) return one(runs[0] as GridRun)
  return {
    bySymbol: Object.fromEntries(symbols.map((s, k) => [s.symbol, one(runs[k] as GridRun)])),
  }
}

function scoreOfObjectives(
  objectives: Record<string, unknown>,
  objective: Objective,
): number | null {
  const bySymbol = objectives.bySymbol
  if (bySymbol && typeof bySymbol === 'object') {
    return medianScore(
      Object.values(bySymbol as Record<string, Record<string, unknown>>).map((m) =>
        scoreOf(m, objective),
      ),
    )
  }
  return scoreOf(objectives, objective)
}

function firstStats(objectives: Record<string, unknown>): Record<string, unknown> {
  const bySymbol = objectives.bySymbol
  if (bySymbol && typeof bySymbol === 'object') {
    return (Object.values(bySymbol)[0] as Record<string, unknown> | undefined) ?? {}
  }
  return objectives
}

/** Every asked parameter set run on one symbol's bars on the pool's workers, in ask order. */
async function evaluateOn(
  pool: EnginePool,
  bars: BarColumns,
  spec: ParsedBacktestSpec,
  params: readonly Genes[],
  signal: AbortSignal,
): Promise<GridRun[]> {
  const out: GridRun[] = new Array<GridRun>(params.length)
  const batchSize = Math.max(1, Math.min(64, Math.ceil(params.length / (pool.size * 2))))
  await pool.evaluate(
    { bars, spec, runs: params.map((p, key) => ({ key, params: p })), batchSize },
    (runs) => {
      for (const r of runs) out[r.index] = r
    },
    signal,
  )
  return out
}

/**
 * Runs one optimiser to its end on the engine workers and stores it: the run's row (created once;
 * `runId` reused by a resume), every evaluated individual as its batch is told, then the best,
 * the convergence per generation, the final population and the ranks. A resumed run replays its
 * optimiser from the seed, telling it the stored individuals' scores instead of running them
 * again, so it continues exactly where it stopped and stores no individual twice.
 */
export async function runOptimisation(
  pg: Handle,
  pool: EnginePool,
  setup: OptimiseSetup,
  run: { runId: string; meta: Record<string, unknown> },
  signal: AbortSignal,
  onProgress: (evaluations: number) => void,
): Promise<OptimiseOutcome> {
  const { space, objective } = setup
  const population = setup.method === 'genetic' ? (setup.options.population ?? 24) : null
  await createOptimisationRun(pg, {
    runId: run.runId,
    optimizationType: setup.method,
    objectiveFunction: `${objective.direction === 'max' ? 'max' : 'min'}:${objective.metric}`,
    populationSize: population,
    generations:
      population === null ? null : Math.max(1, Math.floor(setup.options.budget / population)),
    parameterRanges: {
      ...run.meta,
      dims: space.dims.map((d) => ({
        name: d.name,
        min: d.values[0],
        max: d.values[d.values.length - 1],
        count: d.values.length,
      })),
      orders: space.orders,
      fixed: space.fixed,
      seed: setup.seed,
      budget: setup.options.budget,
      symbols: setup.symbols.map((s) => s.symbol),
    },
  })
  const stored = new Map<string, Record<string, unknown>>()
  for (const row of await storedIndividuals(pg, run.runId)) {
    stored.set(keyOf(space, row.genes), row.objectives ?? {})
  }
  const objectivesByKey = new Map(stored)
  const optimiser = createOptimiser(setup.method, space, setup.options, seededRandom(setup.seed))
  for (let asked = optimiser.ask(); asked.length > 0; asked = optimiser.ask()) {
    if (signal.aborted) throw cancelled()
    const fresh = asked.filter((g) => !stored.has(keyOf(space, g)))
    if (fresh.length > 0) {
      const params = fresh.map((g) => paramsOf(space, g))
      const perSymbol: GridRun[][] = []
      for (const s of setup.symbols) {
        perSymbol.push(await evaluateOn(pool, s.bars, setup.spec, params, signal))
      }
      const rows = fresh.map((genes, k) => {
        const objectives = objectivesOf(
          setup.symbols,
          perSymbol.map((runs) => runs[k] as GridRun),
        )
        objectivesByKey.set(keyOf(space, genes), objectives)
        return {
          generation: optimiser.generation,
          genes,
          fitnessScore: valueOfScore(scoreOfObjectives(objectives, objective), objective),
          objectives,
        }
      })
      await insertIndividuals(pg, run.runId, rows)
    }
    optimiser.tell(
      asked.map((g) => scoreOfObjectives(objectivesByKey.get(keyOf(space, g)) ?? {}, objective)),
    )
    onProgress(optimiser.evaluations)
  }
  const best = optimiser.best()
  const convergence = optimiser.convergence().map((p) => ({
    generation: p.generation,
    evaluations: p.evaluations,
    best: valueOfScore(p.best, objective),
    mean: valueOfScore(p.mean, objective),
  }))
  const bestValue = best ? valueOfScore(best.score, objective) : null
  await finishOptimisationRun(pg, run.runId, {
    bestIndividual: best ? best.genes : null,
    bestFitness: bestValue,
    convergenceData: convergence,
    finalPopulation: optimiser
      .population()
      .map((m) => ({ genes: m.genes, fitness: valueOfScore(m.score, objective) })),
  })
  await rankIndividuals(pg, run.runId, objective.direction === 'min')
  const bestObjectives = best ? objectivesByKey.get(keyOf(space, best.genes)) : undefined
  return {
    runId: run.runId,
    evaluations: optimiser.evaluations,
    best: best ? best.genes : null,
    bestValue,
    bestStats: bestObjectives ? firstStats(bestObjectives) : null,
    convergence,
  }
}

/** An optimiser run as a job: the job's id is the run's id. */
export function optimiseWork(
  pg: Handle,
  pool: EnginePool,
  setup: OptimiseSetup & { name: string },
): JobWork {
  let outcome: OptimiseOutcome | null = null
  let evaluations = 0
  async function run(ctx: JobContext): Promise<void> {
    outcome = await runOptimisation(
      pg,
      pool,
      setup,
      { runId: ctx.jobId, meta: { jobId: ctx.jobId } },
      ctx.signal,
      (n) => {
        evaluations = n
        ctx.progress(n, setup.options.budget, setup.name)
      },
    )
  }
  return {
    kind: 'optimise',
    run,
    summary: () =>
      outcome
        ? {
            runId: outcome.runId,
            method: setup.method,
            objective: setup.objective,
            evaluations: outcome.evaluations,
            best: outcome.best,
            bestValue: outcome.bestValue,
          }
        : { runId: null, method: setup.method, objective: setup.objective, evaluations },
  }
}

/** One window of a walk-forward as its table row. */
export type WalkWindowRow = {
  index: number
  runId: string
  isFrom: string
  isTo: string
  oosFrom: string
  oosTo: string
  best: Genes | null
  evaluations: number
  /** The objective's value in sample (the optimiser's best) and out of sample. */
  isValue: number | null
  oosValue: number | null
  isReturnAnnPct: number | null
  oosReturnAnnPct: number | null
  oosReturnPct: number | null
  oosTrades: number
  /** Walk-forward efficiency of this window (annualised OOS / IS return, Pardo 2008). */
  efficiency: number | null
}

/** What a walk-forward stores as its job summary. */
export type WalkForwardSummary = {
  windows: WalkWindowRow[]
  /** The stitched out-of-sample equity (per bar, with its epoch-ms times) and its statistics. */
  stitched: { time: number[]; equity: number[]; stats: BacktestStats } | null
  /** Annualised stitched OOS return over the mean annualised in-sample return (Pardo 2008). */
  efficiency: number | null
}

const iso = (ms: number | undefined): string => new Date(ms ?? 0).toISOString()

/**
 * A walk-forward as a job over one symbol: each window's in-sample optimised (its own optimiser
 * run, seeded `seed + window`, stored as an `optimization_runs` row naming the job and the
 * window), its out-of-sample slice backtested alone with the best parameters on an engine worker,
 * then the slices stitched. A resumed job reuses each window's stored run (a finished one is not
 * run again, an unfinished one continues without redoing its individuals).
 */
export function walkForwardWork(
  pg: Handle,
  pools: { grid: EnginePool; run: EnginePool },
  setup: OptimiseSetup & { name: string; windows: WalkWindow[] },
): JobWork {
  const bars = (setup.symbols[0] as OptimiseSymbol).bars
  const rows: WalkWindowRow[] = []
  let stitched: WalkForwardSummary['stitched'] = null
  let efficiency: number | null = null

  async function run(ctx: JobContext): Promise<void> {
    const previous = await runsOfJob(pg, ctx.jobId)
    const total = setup.windows.length * setup.options.budget
    const oos: OutOfSampleRun[] = []
    for (const w of setup.windows) {
      if (ctx.signal.aborted) throw cancelled()
      const before = previous.find((r) => r.parameterRanges.window === w.index)
      const runId = before?.runId ?? uuidv7()
      const inSample = barsBetween(bars, w.isStart, w.isEnd)
      let outcome: Pick<OptimiseOutcome, 'best' | 'bestValue' | 'bestStats' | 'evaluations'>
      const finished = before?.bestIndividual ? await getOptimisationRun(pg, runId) : null
      if (finished?.bestIndividual) {
        const best = finished.bestIndividual
        const individuals = await storedIndividuals(pg, runId)
        const row = individuals.find(
          (i) => keyOf(setup.space, i.genes) === keyOf(setup.space, best),
        )
        outcome = {
          best,
          bestValue: finished.bestFitness,
          bestStats: row?.objectives ?? null,
          evaluations: individuals.length,
        }
      } else {
        outcome = await runOptimisation(
          pg,
          pools.grid,
          {
            ...setup,
            seed: setup.seed + w.index,
            symbols: [{ symbol: setup.symbols[0]?.symbol ?? '', bars: inSample }],
          },
          { runId, meta: { jobId: ctx.jobId, window: w.index } },
          ctx.signal,
          (n) => ctx.progress(w.index * setup.options.budget + n, total, setup.name),
        )
      }
      const slice = barsBetween(bars, w.oosStart, w.oosEnd)
      const params = paramsOf(setup.space, outcome.best ?? {})
      const result = await pools.run.backtest(slice, { ...setup.spec, params })
      if (ctx.signal.aborted) throw cancelled()
      oos.push({ window: w, equity: result.equity, trades: result.trades })
      const isAnn = (outcome.bestStats?.returnAnnPct as number | null | undefined) ?? null
      rows.push({
        index: w.index,
        runId,
        isFrom: iso(bars.time[w.isStart]),
        isTo: iso(bars.time[w.isEnd - 1]),
        oosFrom: iso(bars.time[w.oosStart]),
        oosTo: iso(bars.time[w.oosEnd - 1]),
        best: outcome.best,
        evaluations: outcome.evaluations,
        isValue: outcome.bestValue,
        oosValue: valueOfScore(scoreOf({ ...result.stats }, setup.objective), setup.objective),
        isReturnAnnPct: isAnn,
        oosReturnAnnPct: result.stats.returnAnnPct,
        oosReturnPct: result.stats.returnPct,
        oosTrades: result.stats.trades,
        efficiency: walkForwardEfficiency(isAnn, result.stats.returnAnnPct),
      })
    }
    const joined = stitchOutOfSample(bars, oos)
    if (!joined.ok) throw toAppError(joined.error)
    stitched = { time: joined.value.time, equity: joined.value.equity, stats: joined.value.stats }
    const isAnns = rows.map((r) => r.isReturnAnnPct).filter((v): v is number => v !== null)
    efficiency = walkForwardEfficiency(
      isAnns.length ? isAnns.reduce((a, b) => a + b, 0) / isAnns.length : null,
      joined.value.stats.returnAnnPct,
    )
    ctx.progress(total, total, setup.name)
  }

  return {
    kind: 'walkforward',
    run,
    summary: (): WalkForwardSummary => ({ windows: rows, stitched, efficiency }),
  }
}
