import { pgSchema } from 'drizzle-orm/pg-core'

/** Operational records: jobs, scheduler state, metrics, logs, API usage. Local, never synced. */
export const ops = pgSchema('ops')
