/** Progress of long work: imports, backtests, batches, probes. */
export type ProgressEvent = {
  /** Id of the job the event belongs to. */
  jobId: string
  /** What is running, e.g. `fills-import`, `backtest-batch`. */
  kind: string
  done: number
  total: number
  message?: string
}

/**
 * Events pushed from the core to every window (IPC `event` channel, HTTP `GET /events`).
 * Names follow `'<domain>-<noun>'` (STYLE §6).
 */
export type AppEvents = {
  'import-progress': ProgressEvent
  'backtest-progress': ProgressEvent
  'sync-event': { type: string; at: string; message?: string; details?: Record<string, unknown> }
  'data-changed': { domain: string }
}

export type AppEventName = keyof AppEvents

/** How the core announces an event; every shell forwards it to its windows. */
export type Emit = <E extends AppEventName>(event: E, payload: AppEvents[E]) => void
