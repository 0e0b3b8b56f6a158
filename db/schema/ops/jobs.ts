import { bigserial, boolean, index, integer, jsonb, text, varchar } from 'drizzle-orm/pg-core'
import { tstz, updatedAt } from '../columns'
import { ops } from './schema'

/** Background job tracking (seed 000 `background_jobs`). */
export const backgroundJobs = ops.table(
  'background_jobs',
  {
    jobId: varchar('job_id', { length: 100 }).primaryKey(),
    jobType: varchar('job_type', { length: 50 }).notNull(),
    status: varchar('status', { length: 20 }).notNull().default('pending'),
    progress: integer('progress').notNull().default(0),
    message: text('message'),
    result: jsonb('result'),
    error: text('error'),
    startedAt: tstz('started_at').notNull().defaultNow(),
    completedAt: tstz('completed_at'),
  },
  (t) => [index('ix_background_jobs_status_started').on(t.status, t.startedAt)],
)

/** Persistent scheduler state, one row per scheduler (seed 000 `scheduler_state`). */
export const schedulerState = ops.table('scheduler_state', {
  schedulerName: varchar('scheduler_name', { length: 100 }).primaryKey(),
  isRunning: boolean('is_running').notNull().default(false),
  lastRunAt: tstz('last_run_at'),
  nextRunAt: tstz('next_run_at'),
  state: jsonb('state').notNull().default({}),
  updatedAt: updatedAt(),
})

/** Audit trail of data collection (seed 000 `data_collection_log`). */
export const dataCollectionLog = ops.table(
  'data_collection_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    timestamp: tstz('timestamp').notNull().defaultNow(),
    collectionType: varchar('collection_type', { length: 50 }).notNull(),
    source: varchar('source', { length: 50 }),
    symbol: varchar('symbol', { length: 20 }),
    recordsCollected: integer('records_collected').notNull().default(0),
    success: boolean('success').notNull().default(true),
    errorMessage: text('error_message'),
    durationMs: integer('duration_ms'),
  },
  (t) => [index('ix_data_collection_log_type_ts').on(t.collectionType, t.timestamp)],
)
