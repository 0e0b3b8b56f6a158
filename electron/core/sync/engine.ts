import type { PGlite } from '@electric-sql/pglite'
import type pg from 'pg'
import type {
  SyncEventType,
  SyncFailureReason,
  SyncResult,
  SyncState,
  SyncStatus,
} from '../contract/sync'
import { backoffDelayMs, DEFAULT_BACKOFF, type BackoffPolicy } from '../domain/sync/backoff'
import type { DataDomain } from '../contract/events'
import type { Deps } from '../deps'
import { rawOf } from '../../../db/query'
import { AppError } from '../errors'
import { refreshStaleCampaigns } from '../services/journal/campaigns'
import { hasCredentialsFile, redactUrl } from './credentials'
import { ensureDeviceIdentity, installKey, rotateDeviceId } from './identity'
import {
  adoptNewServer,
  applyPage,
  lastAllocatedSeq,
  pendingCount,
  quarantineCount,
  readLocalState,
  readOutboxBatch,
  trimOutbox,
  updateLocalState,
} from './local'
import {
  classifyRemoteError,
  connectRemote,
  hello,
  pullPage,
  pushBatch,
  type HelloAnswer,
  type RemoteOptions,
} from './remote'
import { compareSchemaVersions, localSchemaVersion } from './schema-version'

export type SyncEngineOptions = {
  /** Outbox rows per `sync_push` call. */
  batchSize: number
  /** Log entries per pull page. */
  pageSize: number
  /** Background timer period. */
  intervalMs: number
  /** Delay after a local change before pushing it (coalesces bursts of writes). */
  debounceMs: number
  backoff: BackoffPolicy
  remote: RemoteOptions
  /** The schema version this build speaks (tests simulate skew with it). */
  schemaVersion: string
}

export const DEFAULT_SYNC_OPTIONS: Omit<SyncEngineOptions, 'schemaVersion'> = {
  batchSize: 2_000,
  pageSize: 2_000,
  intervalMs: 60_000,
  debounceMs: 1_500,
  backoff: DEFAULT_BACKOFF,
  remote: {},
}

/** A failure that ends a round, with the reason sync reports. */
export class SyncFailure extends Error {
  override name = 'SyncFailure'
  constructor(
    readonly reason: SyncFailureReason,
    message: string,
  ) {
    super(message)
  }
}

function toAppError(failure: SyncFailure): AppError {
  const details = { reason: failure.reason }
  switch (failure.reason) {
    case 'remote-unreachable':
      return new AppError('unavailable', failure.message, { details })
    case 'auth-expired':
      return new AppError('unauthorized', failure.message, { details })
    case 'forbidden':
      return new AppError('conflict', failure.message, { details })
    case 'schema-too-new':
    case 'schema-too-old':
      return new AppError('schema-mismatch', failure.message, { details })
    case 'not-configured':
      return new AppError('not-found', failure.message, { details })
    case 'error':
      return new AppError('internal', failure.message, { details })
  }
}

/**
 * The client side of sync for one data dir: push the outbox, pull the log, repeat until both
 * are empty; in the background on a timer, shortly after local changes, and with exponential
 * back-off while the server is unreachable. The app keeps working offline meanwhile: writes
 * queue in the outbox.
 */
export class SyncEngine {
  readonly options: SyncEngineOptions
  private url: string | null = null
  private running: Promise<SyncResult> | null = null
  private timer: NodeJS.Timeout | null = null
  private debounce: NodeJS.Timeout | null = null
  private failures = 0
  private nextAttemptAt: number | null = null
  private failure: { reason: SyncFailureReason; message: string } | null = null
  private lagChanges = 0
  private isBackground = false
  private isClosed = false
  private unlisten: (() => Promise<void>) | null = null
  private deviceChecked = false

  /** The embedded client behind `deps.db`: the local sync state is PGlite-only raw SQL. */
  private get pg(): PGlite {
    return rawOf(this.deps.db) as PGlite
  }

  constructor(
    private readonly deps: Deps,
    options: Partial<SyncEngineOptions> = {},
  ) {
    this.options = {
      ...DEFAULT_SYNC_OPTIONS,
      schemaVersion: options.schemaVersion ?? localSchemaVersion(),
      ...options,
    }
  }

  private emit(type: SyncEventType, message?: string, details?: Record<string, unknown>): void {
    this.deps.emit('sync-event', {
      type,
      at: new Date().toISOString(),
      ...(message === undefined ? {} : { message }),
      ...(details === undefined ? {} : { details }),
    })
  }

  /** Sets (or clears) the server URL. */
  setUrl(url: string | null): void {
    this.url = url
    this.failures = 0
    this.failure = null
  }

  get serverUrl(): string | null {
    return this.url
  }

  /** Binds the device id to this machine and data dir (once per open). */
  async deviceId(): Promise<string> {
    if (!this.deviceChecked) {
      const identity = await ensureDeviceIdentity(this.pg, this.deps.dataDir)
      this.deviceChecked = true
      if (identity.isNew)
        this.emit('device-rotated', 'This data dir was copied or restored: new device id.', {
          deviceId: identity.deviceId,
        })
      return identity.deviceId
    }
    return (await readLocalState(this.pg)).deviceId
  }

  /** One full round now (waits for a round already running, then runs another). */
  async syncNow(url?: string): Promise<SyncResult> {
    if (url !== undefined) this.setUrl(url)
    while (this.running) await this.running.catch(() => undefined)
    const round = this.round()
    this.running = round
    let result: SyncResult
    try {
      result = await round
    } catch (err) {
      this.running = null
      const failure =
        err instanceof SyncFailure ? err : new SyncFailure('error', (err as Error).message)
      this.failures += 1
      this.failure = { reason: failure.reason, message: failure.message }
      if (!this.isClosed)
        await updateLocalState(this.pg, { lastError: `${failure.reason}: ${failure.message}` })
      // Emitted once the round is over, so a status read in response no longer says `syncing`.
      this.emit(failure.reason, failure.message)
      throw toAppError(failure)
    }
    this.running = null
    this.failures = 0
    this.failure = null
    await updateLocalState(this.pg, { lastError: null })
    this.emit('sync-completed', undefined, { ...result })
    return result
  }

  private async round(): Promise<SyncResult> {
    const url = this.url
    if (!url) throw new SyncFailure('not-configured', 'No sync server is configured.')
    this.emit('sync-started', undefined, { server: redactUrl(url) })
    let client: pg.Client
    try {
      client = await connectRemote(url, this.options.remote)
    } catch (err) {
      const c = classifyRemoteError(err)
      throw new SyncFailure(c.reason, c.message)
    }
    try {
      const result = await this.exchange(client)
      return result
    } catch (err) {
      if (err instanceof SyncFailure) throw err
      const c = classifyRemoteError(err)
      throw new SyncFailure(c.reason, c.message)
    } finally {
      await client.end().catch(() => undefined)
    }
  }

  private async greet(client: pg.Client): Promise<{ deviceId: string; greeting: HelloAnswer }> {
    let deviceId = await this.deviceId()
    const install = await installKey(this.pg)
    let greeting = await hello(client, deviceId, install)
    // Another install greeted under this id first (installs made from one first-run template
    // once shared an id). Whatever this one pushed under it may have been taken for the other's
    // seqs, and the other's changes were never pulled here as "own": take a new id, queue every
    // row again and pull from the start (the server keeps each row once).
    if (greeting.deviceTaken) {
      deviceId = await rotateDeviceId(this.pg, null)
      const queued = await adoptNewServer(this.pg, greeting.serverId)
      this.emit(
        'device-rotated',
        'Another install uses this device id: new id, sending all again.',
        {
          deviceId,
          queued,
        },
      )
      greeting = await hello(client, deviceId, install)
    }
    // The server holds seqs from this device id that this database never allocated: the data
    // dir was restored from a backup. Its new writes would reuse acknowledged seqs, so rotate.
    if (greeting.acked > (await lastAllocatedSeq(this.pg))) {
      deviceId = await rotateDeviceId(this.pg, null)
      this.emit('device-rotated', 'The server knows this device ahead of its data: new id.', {
        deviceId,
      })
      greeting = await hello(client, deviceId, install)
    }
    const compatibility = compareSchemaVersions(this.options.schemaVersion, greeting.schemaVersion)
    if (compatibility === 'server-newer')
      throw new SyncFailure(
        'schema-too-new',
        `The server runs schema ${greeting.schemaVersion}, newer than this Edgebook (${this.options.schemaVersion}): update Edgebook to sync.`,
      )
    if (compatibility === 'server-older')
      throw new SyncFailure(
        'schema-too-old',
        `The server runs schema ${greeting.schemaVersion}, older than this Edgebook (${this.options.schemaVersion}): run "edgebook sync init-server" with this version to migrate it.`,
      )
    return { deviceId, greeting }
  }

  private async exchange(client: pg.Client): Promise<SyncResult> {
    const local = this.pg
    const { deviceId, greeting } = await this.greet(client)
    const state = await readLocalState(local)
    if (state.serverId !== null && state.serverId !== greeting.serverId) {
      const queued = await adoptNewServer(local, greeting.serverId)
      this.emit('server-changed', 'A different server: pulling everything again.', { queued })
    } else if (state.serverId === null) {
      await updateLocalState(local, { serverId: greeting.serverId })
    }
    // A crash after the server committed but before the outbox was trimmed.
    if (greeting.acked > 0) await trimOutbox(local, greeting.acked)

    const totals: SyncResult = { pushed: 0, pulled: 0, conflicts: 0, pending: 0, cursor: 0 }
    const pulledDomains = new Set<DataDomain>()
    for (;;) {
      let moved = false
      for (;;) {
        const batch = await readOutboxBatch(local, this.options.batchSize)
        if (!batch) break
        const answer = await pushBatch(client, deviceId, this.options.schemaVersion, batch.json)
        if (answer.acked < batch.batchMaxSeq)
          throw new SyncFailure(
            'error',
            `The server acknowledged ${answer.acked} of ${batch.batchMaxSeq}.`,
          )
        // The range read may end in references to rows that no longer exist: trim it whole.
        await trimOutbox(local, batch.maxSeq)
        await updateLocalState(local, { pushedNow: true })
        totals.pushed += answer.applied
        totals.conflicts += answer.conflicts
        moved = true
      }
      for (;;) {
        const cursor = (await readLocalState(local)).cursor
        const page = await pullPage(client, cursor, this.options.pageSize, deviceId)
        if (page.count === 0) break
        const applied = await applyPage(local, page, cursor)
        if (applied === false) continue
        totals.pulled += applied.applied
        if (applied.applied > 0) for (const domain of applied.domains) pulledDomains.add(domain)
        totals.conflicts += applied.conflicts
        moved = true
      }
      if (!moved) break
    }
    const after = await readLocalState(local)
    totals.cursor = after.cursor
    totals.pending = await pendingCount(local)
    const head = await client.query<{ h: string }>(
      'SELECT coalesce(max(seq), 0)::text AS h FROM sync.sync_changes',
    )
    this.lagChanges = Math.max(0, Number(head.rows[0]?.h ?? 0) - after.cursor)
    if (totals.pulled > 0) {
      // Regroup what the pull touched now rather than on the next read.
      await refreshStaleCampaigns(this.deps)
    }
    // Once per round, after the regrouping, so an open view refetches what the pull changed.
    if (pulledDomains.size > 0) this.deps.emit('data-changed', { domains: [...pulledDomains] })
    if (totals.conflicts > 0)
      this.emit('conflicts', `${totals.conflicts} conflicting edit(s) decided by time.`, {
        count: totals.conflicts,
      })
    return totals
  }

  /** Starts background sync: a timer, change notifications and back-off. */
  async start(): Promise<void> {
    this.isBackground = true
    if (!this.unlisten) {
      this.unlisten = await this.pg.listen('edgebook_sync', () => this.onLocalChange())
    }
    this.schedule(0)
  }

  /** Stops background sync; a round in flight finishes. */
  async stop(): Promise<void> {
    this.isBackground = false
    this.clearTimers()
    const unlisten = this.unlisten
    this.unlisten = null
    if (unlisten) await unlisten().catch(() => undefined)
  }

  /** Stops everything for good (the core is closing). */
  async close(): Promise<void> {
    this.isClosed = true
    await this.stop()
    await this.running?.catch(() => undefined)
  }

  private clearTimers(): void {
    if (this.timer) clearTimeout(this.timer)
    if (this.debounce) clearTimeout(this.debounce)
    this.timer = null
    this.debounce = null
    this.nextAttemptAt = null
  }

  private onLocalChange(): void {
    if (!this.isBackground || this.failures > 0) return
    if (this.debounce) clearTimeout(this.debounce)
    this.debounce = setTimeout(() => {
      this.debounce = null
      this.schedule(0)
    }, this.options.debounceMs)
    this.debounce.unref()
  }

  private schedule(delayMs: number): void {
    if (!this.isBackground || this.isClosed) return
    if (this.timer) clearTimeout(this.timer)
    this.nextAttemptAt = Date.now() + delayMs
    this.timer = setTimeout(() => {
      this.timer = null
      void this.backgroundRound()
    }, delayMs)
    this.timer.unref()
  }

  private async backgroundRound(): Promise<void> {
    if (!this.isBackground || this.isClosed) return
    const state = await readLocalState(this.pg).catch(() => null)
    if (!state || state.isPaused) return
    try {
      await this.syncNow()
      this.schedule(this.options.intervalMs)
    } catch {
      const reason = this.failure?.reason
      // Schema skew and refused credentials do not heal by retrying soon.
      const isFatal =
        reason === 'schema-too-new' ||
        reason === 'schema-too-old' ||
        reason === 'auth-expired' ||
        reason === 'forbidden'
      const attempt = this.failures - 1
      this.schedule(
        isFatal
          ? this.options.backoff.maxMs
          : backoffDelayMs(attempt, Math.random(), this.options.backoff),
      )
    }
  }

  /** Pauses or resumes background sync (persisted in the data dir). */
  async setPaused(isPaused: boolean): Promise<void> {
    await updateLocalState(this.pg, { isPaused })
    this.emit(isPaused ? 'paused' : 'resumed')
    if (isPaused) this.clearTimers()
    else if (this.isBackground) this.schedule(0)
  }

  /** Everything the status line and the Sync page show. */
  async status(): Promise<SyncStatus> {
    const deviceId = await this.deviceId()
    const state = await readLocalState(this.pg)
    const pending = await pendingCount(this.pg)
    const conflicts = await this.pg.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM sync.sync_conflicts WHERE resolved_at IS NULL',
    )
    let s: SyncState
    if (!this.url) s = 'unconfigured'
    else if (state.isPaused) s = 'paused'
    else if (this.running) s = 'syncing'
    else if (this.failure?.reason === 'remote-unreachable') s = 'offline'
    else if (this.failure) s = 'error'
    else s = 'idle'
    return {
      state: s,
      reason: this.failure?.reason ?? null,
      message: this.failure?.message ?? null,
      isConfigured: this.url !== null,
      isPaused: state.isPaused,
      server: this.url ? redactUrl(this.url) : null,
      deviceId,
      serverId: state.serverId,
      cursor: state.cursor,
      pending,
      unresolvedConflicts: conflicts.rows[0]?.n ?? 0,
      quarantined: await quarantineCount(this.pg),
      lastPushAt: state.lastPushAt,
      lastPullAt: state.lastPullAt,
      lagChanges: this.lagChanges,
      nextAttemptAt: this.nextAttemptAt ? new Date(this.nextAttemptAt).toISOString() : null,
      hasCredentialsFile: hasCredentialsFile(this.deps.dataDir),
    }
  }
}

const engines = new WeakMap<Deps, SyncEngine>()

/** The one engine of a core (created on first use). */
export function syncEngineFor(deps: Deps, options?: Partial<SyncEngineOptions>): SyncEngine {
  let engine = engines.get(deps)
  if (!engine) {
    engine = new SyncEngine(deps, options)
    engines.set(deps, engine)
  }
  return engine
}

/** Stops a core's engine, if it has one (call before closing the database). */
export async function closeSyncEngine(deps: Deps): Promise<void> {
  const engine = engines.get(deps)
  if (engine) await engine.close()
}
