import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  serial,
  text,
  unique,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core'
import { createdAt, tstz, updatedAt } from '../columns'
import { userAccounts } from '../core/accounts'
import { strategies } from '../strategy/strategies'
import { backtest } from './schema'

/** A batch of backtests over variable assignments, with progress (seed 004 `batch_jobs`). */
export const batchJobs = backtest.table(
  'batch_jobs',
  {
    id: varchar('id', { length: 255 }).primaryKey(),
    userId: uuid('user_id').references(() => userAccounts.id, { onDelete: 'set null' }),
    strategyId: uuid('strategy_id').references(() => strategies.id, { onDelete: 'set null' }),
    name: varchar('name', { length: 500 }).notNull(),
    kind: varchar('kind', { length: 50 }).notNull().default('server'),
    status: varchar('status', { length: 50 }).notNull(),
    total: integer('total').notNull().default(0),
    completed: integer('completed').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    completedAt: tstz('completed_at'),
    error: text('error'),
    truncated: boolean('truncated').notNull().default(false),
    variables: jsonb('variables').notNull().default([]),
    strategyElements: jsonb('strategy_elements').notNull(),
    startDate: date('start_date'),
    endDate: date('end_date'),
    benchmarkSymbol: varchar('benchmark_symbol', { length: 50 }),
    assignmentsPreview: jsonb('assignments_preview'),
    summary: jsonb('summary'),
  },
  (t) => [
    index('idx_batch_jobs_user_id').on(t.userId),
    index('idx_batch_jobs_strategy_id').on(t.strategyId),
    index('idx_batch_jobs_status').on(t.status),
    index('idx_batch_jobs_created_at').on(t.createdAt.desc()),
  ],
)

/** One run inside a batch job, queryable by metric (seed 004 `batch_job_runs`). */
export const batchJobRuns = backtest.table(
  'batch_job_runs',
  {
    id: serial('id').primaryKey(),
    batchJobId: varchar('batch_job_id', { length: 255 })
      .notNull()
      .references(() => batchJobs.id, { onDelete: 'cascade' }),
    runIndex: integer('run_index').notNull(),
    /** The run's value of each grid variable. */
    variables: jsonb('variables').notNull().$type<Record<string, number>>(),
    metrics: jsonb('metrics').notNull().$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [
    unique('uq_batch_job_runs_job_run').on(t.batchJobId, t.runIndex),
    index('idx_batch_job_runs_batch_job_id').on(t.batchJobId),
    index('idx_batch_job_runs_metrics').using('gin', t.metrics),
  ],
)
