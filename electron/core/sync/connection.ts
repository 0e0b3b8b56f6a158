// Where the sync server is and whether it answers: the URL a call uses, configuring it (and
// keeping it in a protected store), and a connection test.
import type { SyncConnectionTest, SyncStatus } from '../contract/sync'
import type { Deps } from '../deps'
import { AppError } from '../errors'
import {
  credentialVault,
  hasCredentialsFile,
  loadCredentialsFile,
  saveCredentialsFile,
} from './credentials'
import type { SyncEngine } from './engine'
import { installKey } from './identity'
import { classifyRemoteError, connectRemote, hello } from './remote'
import { compareSchemaVersions } from './schema-version'
import { rawOf } from '../../../db/query'
import type { PGlite } from '@electric-sql/pglite'

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

/** The URL a sync call uses (see `resolveUrl`); `not-found` when none is configured. */
export async function requireSyncUrl(
  deps: Deps,
  engine: SyncEngine,
  url: string | undefined,
): Promise<string> {
  const found = await resolveUrl(deps, engine, url)
  if (!found)
    throw new AppError(
      'not-found',
      'No sync server configured: pass a URL, set EDGEBOOK_SYNC_URL or unlock the credentials.',
      { details: { reason: 'not-configured' } },
    )
  return found
}

/** A `sync-configure` request. */
export type SyncConfigure = {
  url?: string | undefined
  passphrase?: string | undefined
  sessionOnly?: boolean | undefined
  intervalMs?: number | undefined
  autoStart?: boolean | undefined
}

/**
 * Points the engine at a server and starts it (unless `autoStart` is false). A given URL is kept
 * in the passphrase file or the OS keychain unless `sessionOnly`; `unavailable` when neither can
 * keep it, `not-found` when no URL is given or stored.
 */
export async function configureSync(
  deps: Deps,
  engine: SyncEngine,
  input: SyncConfigure,
): Promise<SyncStatus> {
  const url = await resolveUrl(deps, engine, input.url, input.passphrase)
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
  engine.setUrl(url)
  if (input.intervalMs) engine.options.intervalMs = input.intervalMs
  if (input.autoStart ?? true) await engine.start()
  return engine.status()
}

/**
 * Connects to `url`, greets the server and reports its identity, schema compatibility and the
 * round trip. A refused login is `unauthorized`, anything else `unavailable` or `internal`, with
 * the remote reason in the details.
 */
export async function testConnection(
  deps: Deps,
  engine: SyncEngine,
  url: string,
): Promise<SyncConnectionTest> {
  const started = performance.now()
  let client
  try {
    client = await connectRemote(url, { connectTimeoutMs: 5_000, queryTimeoutMs: 10_000 })
  } catch (err) {
    const c = classifyRemoteError(err)
    throw new AppError(c.reason === 'auth-expired' ? 'unauthorized' : 'unavailable', c.message, {
      details: { reason: c.reason },
    })
  }
  try {
    const deviceId = await engine.deviceId()
    const greeting = await hello(client, deviceId, await installKey(rawOf(deps.db) as PGlite))
    const local = engine.options.schemaVersion
    return {
      serverId: greeting.serverId,
      serverSchemaVersion: greeting.schemaVersion,
      localSchemaVersion: local,
      compatibility: compareSchemaVersions(local, greeting.schemaVersion),
      latencyMs: Math.round(performance.now() - started),
      head: greeting.head,
    }
  } catch (err) {
    const c = classifyRemoteError(err)
    throw new AppError(c.reason === 'remote-unreachable' ? 'unavailable' : 'internal', c.message, {
      details: { reason: c.reason },
    })
  } finally {
    await client.end().catch(() => undefined)
  }
}
