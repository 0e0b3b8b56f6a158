import type { SyncEventType } from './sync'

/**
 * The closed set of data a write can change, as named by `data-changed`. A store refreshes on
 * the domains it shows; a write (or a sync pull) names every domain it touched.
 * - `fills`: the fill ledger and import batches.
 * - `campaigns`: round trips grouped from fills, with their contexts and checks.
 * - `journal`: decision contexts, checks, entries, rules, profile and account settings.
 * - `market`: stored bars.
 * - `backtest`: backtest results, batch jobs and probe runs.
 * - `strategy`: saved strategies and variable lists.
 */
export const DataDomain = {
  Fills: 'fills',
  Campaigns: 'campaigns',
  Journal: 'journal',
  Market: 'market',
  Backtest: 'backtest',
  Strategy: 'strategy',
} as const

export type DataDomain = (typeof DataDomain)[keyof typeof DataDomain]

/** Every data domain, e.g. for a view that shows counts of everything. */
export const DATA_DOMAINS: readonly DataDomain[] = Object.values(DataDomain)

/** What a `*-progress` event reports on: an import, or a job of the core's job runner. */
export type ProgressKind = 'fills-import' | 'backtest-batch' | 'probe' | 'optimise' | 'walkforward'

/** Progress of long work: imports, backtests, batches, probes. */
export type ProgressEvent = {
  /** Id of the job the event belongs to. */
  jobId: string
  /** What is running. */
  kind: ProgressKind
  done: number
  total: number
  message?: string
}

/** A step or outcome of sync: progress, success, or a failure reason (`SyncEventType`). */
export type SyncEvent = {
  type: SyncEventType
  at: string
  message?: string
  details?: Record<string, unknown>
}

/** Data was written: every domain the write touched, each once, never empty. */
export type DataChangedEvent = { domains: DataDomain[] }

/**
 * Events pushed from the core to every window (IPC `event` channel, HTTP `GET /events`).
 * Names follow `'<domain>-<noun>'` (STYLE §6).
 */
export type AppEvents = {
  'import-progress': ProgressEvent
  'backtest-progress': ProgressEvent
  'sync-event': SyncEvent
  'data-changed': DataChangedEvent
}

export type AppEventName = keyof AppEvents

/** How the core announces an event; every shell forwards it to its windows. */
export type Emit = <E extends AppEventName>(event: E, payload: AppEvents[E]) => void
