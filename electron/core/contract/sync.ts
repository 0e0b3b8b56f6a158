import { z } from 'zod'
import type { InputOf } from './types'

const empty = z.object({}).strict().optional()

/** Input schemas of the `sync-*` channels (DESIGN §6). */
export const syncInputs = {
  /**
   * Sets the server and starts background sync. `url` omitted: the one from the vault, the
   * passphrase file or `EDGEBOOK_SYNC_URL`. A given `url` is kept encrypted: with `passphrase`
   * (browser mode, CLI) in a file of the data dir, else in the desktop's keychain vault; where
   * neither is possible the call fails `unavailable` (reason `no-secret-store`) instead of
   * dropping the URL silently, unless `sessionOnly` says to keep it nowhere.
   */
  'sync-configure': z
    .object({
      url: z.string().min(1).optional(),
      passphrase: z.string().min(1).optional(),
      /** Use `url` until the core stops and keep it nowhere. */
      sessionOnly: z.boolean().optional(),
      /** Background timer period; changes are also pushed shortly after they happen. */
      intervalMs: z.number().int().min(1_000).max(86_400_000).optional(),
      /** Start the background loop (default true). */
      autoStart: z.boolean().optional(),
    })
    .strict(),
  /** Connects, greets the server and reports its identity and schema compatibility. */
  'sync-test-connection': z
    .object({ url: z.string().min(1).optional() })
    .strict()
    .optional(),
  /** Syncs now until both sides are empty. */
  'sync-now': z
    .object({
      url: z.string().min(1).optional(),
      /** Why: shown in events; `focus` comes from the window, `manual` from a button. */
      reason: z.enum(['manual', 'focus', 'change', 'timer', 'cli']).optional(),
    })
    .strict()
    .optional(),
  /** Device, server, cursor, pending rows, last push and pull, lag, conflicts. */
  'sync-status': empty,
  /** Stops background sync (local work continues; changes queue in the outbox). */
  'sync-pause': empty,
  /** Resumes background sync and runs a round. */
  'sync-resume': empty,
  /** Versions that lost last-writer-wins on this device. */
  'sync-conflicts': z.object({ includeResolved: z.boolean().optional() }).strict().optional(),
  /** Keeps one side of a conflict: `mine` writes this device's version again if it lost. */
  'sync-resolve-conflict': z
    .object({ id: z.number().int().positive(), keep: z.enum(['mine', 'theirs']) })
    .strict(),
}

/** Why sync stopped or failed, as carried by `sync-event` and `SyncStatus.reason`. */
export type SyncFailureReason =
  | 'remote-unreachable'
  | 'schema-too-old'
  | 'schema-too-new'
  | 'auth-expired'
  /** The server refused: a device of another role, a write outside the role's accounts, users
   * and rows, or a malformed batch. Retrying does not help; the message names the change. */
  | 'forbidden'
  | 'not-configured'
  | 'error'

/** `type` of a `sync-event`: progress, success, or a failure reason. */
export type SyncEventType =
  | 'sync-started'
  | 'sync-completed'
  | 'paused'
  | 'resumed'
  | 'conflicts'
  | 'device-rotated'
  | 'server-changed'
  | SyncFailureReason

/** Answer of one sync round (`sync-now`, CLI `sync --once`). */
export type SyncResult = {
  /** Changes the server applied from this device. */
  pushed: number
  /** Changes from other devices applied here. */
  pulled: number
  /** Conflicts recorded here and on the server during the round. */
  conflicts: number
  /** Rows still waiting in the outbox. */
  pending: number
  /** Server sequence of the last change applied here. */
  cursor: number
}

export type SyncState = 'unconfigured' | 'idle' | 'syncing' | 'paused' | 'offline' | 'error'

/** Answer of `sync-status`. */
export type SyncStatus = {
  state: SyncState
  /** Set when `state` is `offline` or `error`. */
  reason: SyncFailureReason | null
  message: string | null
  isConfigured: boolean
  isPaused: boolean
  /** Server URL without its password. */
  server: string | null
  deviceId: string
  serverId: string | null
  cursor: number
  pending: number
  unresolvedConflicts: number
  /** Pulled changes kept aside because this device cannot use them (`sync.sync_quarantine`). */
  quarantined: number
  lastPushAt: string | null
  lastPullAt: string | null
  /** Server log entries not yet pulled, as of the last greeting. */
  lagChanges: number
  /** When the next background attempt is due (back-off or timer). */
  nextAttemptAt: string | null
  /** Whether a passphrase-protected credentials file exists in the data dir. */
  hasCredentialsFile: boolean
}

/** Answer of `sync-test-connection`. */
export type SyncConnectionTest = {
  serverId: string
  serverSchemaVersion: string
  localSchemaVersion: string
  compatibility: 'same' | 'server-newer' | 'server-older'
  latencyMs: number
  head: number
}

/** One version of a row in a conflict. */
export type SyncVersion = {
  hlc: string
  op: 'put' | 'del'
  row: Record<string, unknown> | null
}

/** A version that lost last-writer-wins, with the one that won. */
export type SyncConflict = {
  id: number
  schema: string
  table: string
  pk: string
  mine: SyncVersion
  theirs: SyncVersion
  /** Which side is current here. */
  current: 'mine' | 'theirs'
  detectedAt: string
  resolvedAt: string | null
  /**
   * How it was settled: a version kept here, or `superseded` when a newer version of the row
   * arrived (a resolution made on another device, or a later edit).
   */
  resolution: 'mine' | 'theirs' | 'superseded' | null
}

type In<K extends keyof typeof syncInputs> = InputOf<typeof syncInputs, K>

export type SyncHandlers = {
  'sync-configure': (input: In<'sync-configure'>) => Promise<SyncStatus>
  'sync-test-connection': (input: In<'sync-test-connection'>) => Promise<SyncConnectionTest>
  'sync-now': (input: In<'sync-now'>) => Promise<SyncResult>
  'sync-status': (input: In<'sync-status'>) => Promise<SyncStatus>
  'sync-pause': (input: In<'sync-pause'>) => Promise<SyncStatus>
  'sync-resume': (input: In<'sync-resume'>) => Promise<SyncStatus>
  'sync-conflicts': (input: In<'sync-conflicts'>) => Promise<SyncConflict[]>
  'sync-resolve-conflict': (input: In<'sync-resolve-conflict'>) => Promise<SyncConflict>
}
