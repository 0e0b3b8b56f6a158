import { z } from 'zod'
import type { InputOf } from './types'

/** Input schemas of the `system-*` channels. */
export const systemInputs = {
  /** App and schema version, data dir, tables and rows per PG schema. */
  'system-info': z.object({}).strict().optional(),
  /** A cheap liveness probe of the core host and its database. */
  'system-health': z.object({}).strict().optional(),
}

/** Tables and row counts of one PostgreSQL schema. */
export type SchemaTableCount = { schema: string; tables: number; rows: number }

/** Answer of `system-info`. */
export type SystemInfo = {
  appVersion: string
  /** Tag of the newest applied migration, e.g. `0003_sync_capture`. */
  schemaVersion: string
  /** How many migrations are applied. */
  migrations: number
  /** The data directory, or null for an in-memory database. */
  dataDir: string | null
  /** The embedded PostgreSQL's version string. */
  postgresVersion: string
  schemas: SchemaTableCount[]
  totalTables: number
}

/** Answer of `system-health`. */
export type SystemHealth = { ok: true; uptimeMs: number; dbLatencyMs: number }

type In<K extends keyof typeof systemInputs> = InputOf<typeof systemInputs, K>

export type SystemHandlers = {
  'system-info': (input: In<'system-info'>) => Promise<SystemInfo>
  'system-health': (input: In<'system-health'>) => Promise<SystemHealth>
}
