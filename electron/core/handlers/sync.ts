import type { SyncConflict, SyncConnectionTest, SyncHandlers, SyncVersion } from '../contract/sync'
import type { Deps } from '../deps'
import { AppError } from '../errors'
import {
  credentialVault,
  hasCredentialsFile,
  loadCredentialsFile,
  saveCredentialsFile,
} from '../sync/credentials'
import { syncEngineFor, type SyncEngine } from '../sync/engine'
import { classifyRemoteError, connectRemote, hello } from '../sync/remote'
import { domainsOfTable } from '../sync/domains'
import { installKey } from '../sync/identity'
import { compareSchemaVersions } from '../sync/schema-version'
import {
  listConflicts,
  lockConflict,
  markConflictResolved,
  writeVersion,
  type ConflictRow,
} from '../../../db/repos/sync-conflict-repo'

function iso(value: string | Date | null): string | null {
  if (value === null) return null
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString()
}

function toConflict(row: ConflictRow): SyncConflict {
  const winner: SyncVersion = { hlc: row.winner_hlc, op: row.winner_op, row: row.winner_row }
  const loser: SyncVersion = { hlc: row.loser_hlc, op: row.loser_op, row: row.loser_row }
  return {
    id: Number(row.id),
    schema: row.schema_name,
    table: row.table_name,
    pk: row.pk,
    mine: row.local_won ? winner : loser,
    theirs: row.local_won ? loser : winner,
    current: row.local_won ? 'mine' : 'theirs',
    detectedAt: iso(row.detected_at) ?? '',
    resolvedAt: iso(row.resolved_at),
    resolution: row.resolution,
  }
}

/** The URL to use: given, else the engine's, else vault, passphrase file or environment. */
async function resolveUrl(
  deps: Deps,
  engine: SyncEngine,
  url: string | undefined,
  passphrase?: string,
): Promise<string | null> {
  if (url) return url
  if (engine.serverUrl) return engine.serverUrl
  if (passphrase && deps.dataDir && hasCredentialsFile(deps.dataDir)) {
    try {
      return loadCredentialsFile(deps.dataDir, passphrase)
    } catch {
      // Not `unauthorized`: that code means the caller itself is not let in (a browser tab
      // without its access token), and the page would say so instead of naming the passphrase.
      throw new AppError(
        'invalid-input',
        'Wrong passphrase: it does not open the sync server saved in this data folder.',
        {
          issues: [{ path: ['passphrase'], message: 'wrong passphrase' }],
          details: { reason: 'wrong-passphrase' },
        },
      )
    }
  }
  const fromVault = await credentialVault()?.load()
  if (fromVault) return fromVault
  return process.env.EDGEBOOK_SYNC_URL ?? null
}

export function syncHandlers(deps: Deps): SyncHandlers {
  const engine = () => syncEngineFor(deps)

  async function requireUrl(url: string | undefined): Promise<string> {
    const found = await resolveUrl(deps, engine(), url)
    if (!found)
      throw new AppError(
        'not-found',
        'No sync server configured: pass a URL, set EDGEBOOK_SYNC_URL or unlock the credentials.',
        { details: { reason: 'not-configured' } },
      )
    return found
  }

  return {
    'sync-configure': async (input) => {
      const e = engine()
      const url = await resolveUrl(deps, e, input.url, input.passphrase)
      if (!url)
        throw new AppError('not-found', 'No sync server URL given or stored.', {
          details: { reason: 'not-configured' },
        })
      if (input.url && !input.sessionOnly) {
        // Persist only in a protected store, never in the database, and never drop it silently.
        const vault = credentialVault()
        if (input.passphrase && deps.dataDir)
          saveCredentialsFile(deps.dataDir, input.url, input.passphrase)
        else if (vault) await vault.save(input.url)
        else
          throw new AppError(
            'unavailable',
            'The sync URL cannot be kept here: no OS keychain is available. Give a passphrase to keep it encrypted in the data folder, set EDGEBOOK_SYNC_URL, or use it for this session only.',
            { details: { reason: 'no-secret-store' } },
          )
      }
      e.setUrl(url)
      if (input.intervalMs) e.options.intervalMs = input.intervalMs
      if (input.autoStart ?? true) await e.start()
      return e.status()
    },
    'sync-test-connection': async (input) => {
      const url = await requireUrl(input?.url)
      const started = performance.now()
      let client
      try {
        client = await connectRemote(url, { connectTimeoutMs: 5_000, queryTimeoutMs: 10_000 })
      } catch (err) {
        const c = classifyRemoteError(err)
        throw new AppError(
          c.reason === 'auth-expired' ? 'unauthorized' : 'unavailable',
          c.message,
          {
            details: { reason: c.reason },
          },
        )
      }
      try {
        const deviceId = await engine().deviceId()
        const greeting = await hello(client, deviceId, await installKey(deps.pg))
        const local = engine().options.schemaVersion
        const answer: SyncConnectionTest = {
          serverId: greeting.serverId,
          serverSchemaVersion: greeting.schemaVersion,
          localSchemaVersion: local,
          compatibility: compareSchemaVersions(local, greeting.schemaVersion),
          latencyMs: Math.round(performance.now() - started),
          head: greeting.head,
        }
        return answer
      } catch (err) {
        const c = classifyRemoteError(err)
        throw new AppError(
          c.reason === 'remote-unreachable' ? 'unavailable' : 'internal',
          c.message,
          {
            details: { reason: c.reason },
          },
        )
      } finally {
        await client.end().catch(() => undefined)
      }
    },
    'sync-now': async (input) => {
      const url = await requireUrl(input?.url)
      return engine().syncNow(url)
    },
    'sync-status': async () => engine().status(),
    'sync-pause': async () => {
      await engine().setPaused(true)
      return engine().status()
    },
    'sync-resume': async () => {
      await engine().setPaused(false)
      return engine().status()
    },
    'sync-conflicts': async (input) => {
      const rows = await listConflicts(deps.pg, input?.includeResolved ?? false)
      return rows.map(toConflict)
    },
    'sync-resolve-conflict': async (input) => {
      const resolved = await deps.pg.transaction(async (tx) => {
        const row = await lockConflict(tx, input.id)
        if (!row) throw new AppError('not-found', `No sync conflict ${input.id}.`)
        if (row.resolved_at !== null)
          throw new AppError('conflict', `Conflict ${input.id} is already resolved.`)
        const conflict = toConflict(row)
        {
          // Write the kept version again as a new local change, even when it is current here:
          // its fresh HLC makes it win on every device once pushed, and a version newer than
          // both conflicting ones settles the same conflict on the other devices
          // (`settleSuperseded`).
          const kept = input.keep === 'mine' ? conflict.mine : conflict.theirs
          if (kept.row === null && kept.op === 'put')
            throw new AppError('conflict', 'That version has no row image to restore.')
          await writeVersion(tx, row.schema_name, row.table_name, kept.op, kept.row)
        }
        const updated = await markConflictResolved(tx, input.id, input.keep)
        if (!updated) throw new AppError('not-found', `No sync conflict ${input.id}.`)
        return { conflict: toConflict(updated), schema: row.schema_name, table: row.table_name }
      })
      // The kept version was written again: the views of its table refetch it.
      const domains = domainsOfTable(resolved.schema, resolved.table)
      if (domains.length > 0) deps.emit('data-changed', { domains })
      return resolved.conflict
    },
  }
}
