import { index, integer, jsonb, numeric, uuid, varchar } from 'drizzle-orm/pg-core'
import { createdAt } from '../columns'
import { aiModels } from './models'
import { aiTrading } from './schema'

/** A parameter set of a strategy, as an optimiser's individual: name → value. */
export type OptimisationGenes = Record<string, number>

/** Genetic-algorithm optimisation runs (seed 003 `optimization_runs`). */
export const optimizationRuns = aiTrading.table(
  'optimization_runs',
  {
    runId: uuid('run_id').primaryKey().defaultRandom(),
    modelId: uuid('model_id').references(() => aiModels.modelId, { onDelete: 'cascade' }),
    optimizationType: varchar('optimization_type', { length: 50 }).notNull(),
    objectiveFunction: varchar('objective_function', { length: 50 }).notNull(),
    populationSize: integer('population_size'),
    generations: integer('generations'),
    parameterRanges: jsonb('parameter_ranges')
      .$type<Record<string, unknown>>()
      .notNull()
      .default({}),
    bestIndividual: jsonb('best_individual').$type<OptimisationGenes>(),
    bestFitness: numeric('best_fitness', { precision: 15, scale: 6 }),
    convergenceData: jsonb('convergence_data').$type<Record<string, unknown>[]>(),
    finalPopulation:
      jsonb('final_population').$type<{ genes: OptimisationGenes; fitness: number | null }[]>(),
    createdAt: createdAt(),
  },
  (t) => [index('idx_optimization_runs_model').on(t.modelId, t.createdAt)],
)

/** Individual solutions of an optimisation run (seed 003 `optimization_individuals`). */
export const optimizationIndividuals = aiTrading.table(
  'optimization_individuals',
  {
    individualId: uuid('individual_id').primaryKey().defaultRandom(),
    runId: uuid('run_id')
      .notNull()
      .references(() => optimizationRuns.runId, { onDelete: 'cascade' }),
    generation: integer('generation').notNull(),
    individualRank: integer('individual_rank'),
    genes: jsonb('genes').$type<OptimisationGenes>().notNull(),
    fitnessScore: numeric('fitness_score', { precision: 15, scale: 6 }),
    objectives: jsonb('objectives').$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [
    index('idx_optimization_individuals_run_gen').on(t.runId, t.generation, t.individualRank),
  ],
)
