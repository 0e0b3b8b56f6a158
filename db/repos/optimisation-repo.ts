import { and, asc, count, desc, eq, sql } from 'drizzle-orm'
import type { Handle } from '../query'
import { batchJobs, optimizationIndividuals, optimizationRuns } from '../schema/index'
import type { OptimisationGenes } from '../schema/ai_trading/optimization'

type RunRecord = typeof optimizationRuns.$inferSelect
type IndividualRecord = typeof optimizationIndividuals.$inferSelect

/** An optimiser run (seed 003 `optimization_runs`); `bestFitness` the objective's own value. */
export type OptimisationRunRow = Pick<
  RunRecord,
  | 'runId'
  | 'optimizationType'
  | 'objectiveFunction'
  | 'populationSize'
  | 'generations'
  | 'parameterRanges'
  | 'bestIndividual'
  | 'convergenceData'
  | 'finalPopulation'
> & { bestFitness: number | null; createdAt: string }

/** One evaluated individual; `fitnessScore` the objective's own value (null: no value). */
export type IndividualRow = Pick<
  IndividualRecord,
  'generation' | 'individualRank' | 'genes' | 'objectives'
> & { fitnessScore: number | null }

// numeric(15, 6): PGlite answers a string; a value past the column's range is clamped (a
// statistic that large ranks the same either way).
const FITNESS_LIMIT = 999_999_999
function fitnessIn(v: number | null): string | null {
  if (v === null || !Number.isFinite(v)) return null
  return Math.max(-FITNESS_LIMIT, Math.min(FITNESS_LIMIT, v)).toFixed(6)
}
function fitnessOut(v: string | null): number | null {
  return v === null ? null : Number(v)
}

function toRun(r: RunRecord): OptimisationRunRow {
  return {
    runId: r.runId,
    optimizationType: r.optimizationType,
    objectiveFunction: r.objectiveFunction,
    populationSize: r.populationSize,
    generations: r.generations,
    parameterRanges: r.parameterRanges,
    bestIndividual: r.bestIndividual,
    bestFitness: fitnessOut(r.bestFitness),
    convergenceData: r.convergenceData,
    finalPopulation: r.finalPopulation,
    createdAt: r.createdAt.toISOString(),
  }
}

/** Stores a run's definition; a run already stored under the id is left as it is (a resume). */
export async function createOptimisationRun(
  h: Handle,
  run: Pick<
    RunRecord,
    | 'runId'
    | 'optimizationType'
    | 'objectiveFunction'
    | 'populationSize'
    | 'generations'
    | 'parameterRanges'
  >,
): Promise<void> {
  await h.insert(optimizationRuns).values(run).onConflictDoNothing()
}

/** One run, or null. */
export async function getOptimisationRun(
  h: Handle,
  runId: string,
): Promise<OptimisationRunRow | null> {
  const [row] = await h.select().from(optimizationRuns).where(eq(optimizationRuns.runId, runId))
  return row ? toRun(row) : null
}

/** The runs a job made (a walk-forward: one per window), by `parameter_ranges.jobId`, oldest first. */
export async function runsOfJob(h: Handle, jobId: string): Promise<OptimisationRunRow[]> {
  const rows = await h
    .select()
    .from(optimizationRuns)
    .where(sql`${optimizationRuns.parameterRanges}->>'jobId' = ${jobId}`)
    .orderBy(asc(optimizationRuns.createdAt), asc(optimizationRuns.runId))
  return rows.map(toRun)
}

/** Stores a run's outcome: best individual and value, convergence, final population. */
export async function finishOptimisationRun(
  h: Handle,
  runId: string,
  outcome: {
    bestIndividual: OptimisationGenes | null
    bestFitness: number | null
    convergenceData: Record<string, unknown>[]
    finalPopulation: { genes: OptimisationGenes; fitness: number | null }[]
  },
): Promise<void> {
  await h
    .update(optimizationRuns)
    .set({
      bestIndividual: outcome.bestIndividual,
      bestFitness: fitnessIn(outcome.bestFitness),
      convergenceData: outcome.convergenceData,
      finalPopulation: outcome.finalPopulation,
    })
    .where(eq(optimizationRuns.runId, runId))
}

/** Stores evaluated individuals of a run (ranks are set once the run ends, `rankIndividuals`). */
export async function insertIndividuals(
  h: Handle,
  runId: string,
  rows: readonly Omit<IndividualRow, 'individualRank'>[],
): Promise<void> {
  if (rows.length === 0) return
  await h.insert(optimizationIndividuals).values(
    rows.map((r) => ({
      runId,
      generation: r.generation,
      genes: r.genes,
      fitnessScore: fitnessIn(r.fitnessScore),
      objectives: r.objectives,
    })),
  )
}

/** Every individual of a run, in the order stored (what a resumed run replays). */
export async function storedIndividuals(h: Handle, runId: string): Promise<IndividualRow[]> {
  const rows = await h
    .select({
      generation: optimizationIndividuals.generation,
      individualRank: optimizationIndividuals.individualRank,
      genes: optimizationIndividuals.genes,
      fitnessScore: optimizationIndividuals.fitnessScore,
      objectives: optimizationIndividuals.objectives,
    })
    .from(optimizationIndividuals)
    .where(eq(optimizationIndividuals.runId, runId))
  return rows.map((r) => ({ ...r, fitnessScore: fitnessOut(r.fitnessScore) }))
}

/**
 * A page of a run's individuals, best first (`isAscending` for a minimised objective; no value
 * last), with the count of all of them.
 */
export async function pageIndividuals(
  h: Handle,
  runId: string,
  page: { limit: number; offset: number; isAscending: boolean },
): Promise<{ total: number; rows: IndividualRow[] }> {
  const where = eq(optimizationIndividuals.runId, runId)
  const [counted] = await h.select({ n: count() }).from(optimizationIndividuals).where(where)
  const fitness = optimizationIndividuals.fitnessScore
  const rows = await h
    .select({
      generation: optimizationIndividuals.generation,
      individualRank: optimizationIndividuals.individualRank,
      genes: optimizationIndividuals.genes,
      fitnessScore: fitness,
      objectives: optimizationIndividuals.objectives,
    })
    .from(optimizationIndividuals)
    .where(where)
    .orderBy(
      page.isAscending ? sql`${fitness} ASC NULLS LAST` : sql`${fitness} DESC NULLS LAST`,
      asc(optimizationIndividuals.generation),
      asc(optimizationIndividuals.createdAt),
    )
    .limit(page.limit)
    .offset(page.offset)
  return {
    total: counted?.n ?? 0,
    rows: rows.map((r) => ({ ...r, fitnessScore: fitnessOut(r.fitnessScore) })),
  }
}

/** Sets each individual's rank within its generation, best first (1), by the objective's direction. */
export async function rankIndividuals(
  h: Handle,
  runId: string,
  isAscending: boolean,
): Promise<void> {
  const order = isAscending ? sql`fitness_score ASC NULLS LAST` : sql`fitness_score DESC NULLS LAST`
  await h.execute(sql`
    UPDATE ai_trading.optimization_individuals AS i SET individual_rank = r.rank
      FROM (SELECT individual_id, row_number() OVER (PARTITION BY generation ORDER BY ${order}, created_at, individual_id) AS rank
              FROM ai_trading.optimization_individuals WHERE run_id = ${runId}) AS r
     WHERE i.individual_id = r.individual_id`)
}

/**
 * Creates the job row of an optimiser or walk-forward (`backtest.batch_jobs` of its `kind`) in
 * status `running`; the job runner drives it from there.
 */
export async function createLabJob(
  h: Handle,
  job: {
    id: string
    kind: 'optimise' | 'walkforward'
    name: string
    total: number
    request: unknown
  },
): Promise<void> {
  await h.insert(batchJobs).values({
    id: job.id,
    kind: job.kind,
    name: job.name,
    status: 'running',
    total: job.total,
    strategyElements: job.request,
  })
}

/** The newest optimiser or walk-forward jobs of a kind (id, name, status, summary). */
export async function listLabJobs(
  h: Handle,
  kind: 'optimise' | 'walkforward',
  limit = 50,
): Promise<{ id: string; name: string; status: string; createdAt: string }[]> {
  const rows = await h
    .select({
      id: batchJobs.id,
      name: batchJobs.name,
      status: batchJobs.status,
      createdAt: batchJobs.createdAt,
    })
    .from(batchJobs)
    .where(and(eq(batchJobs.kind, kind)))
    .orderBy(desc(batchJobs.createdAt), desc(batchJobs.id))
    .limit(limit)
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }))
}

/** A lab job's row: its kind, request and summary as stored, or null. */
export async function getLabJob(
  h: Handle,
  id: string,
): Promise<{
  id: string
  kind: string
  name: string
  status: string
  request: unknown
  summary: unknown
  error: string | null
  createdAt: string
  completedAt: string | null
} | null> {
  const [row] = await h.select().from(batchJobs).where(eq(batchJobs.id, id))
  if (!row) return null
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    status: row.status,
    request: row.strategyElements,
    summary: row.summary,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    completedAt: row.completedAt ? row.completedAt.toISOString() : null,
  }
}
