import { createHash, randomUUID } from 'node:crypto'
import { readFileSync, realpathSync, statSync } from 'node:fs'
import { hostname } from 'node:os'
import type { PGlite } from '@electric-sql/pglite'
import { uuidv7 } from '../../../db/uuidv7'

function machineId(): string {
  for (const path of ['/etc/machine-id', '/var/lib/dbus/machine-id']) {
    try {
      return readFileSync(path, 'utf8').trim()
    } catch {
      // Not on this platform; try the next source.
    }
  }
  return hostname()
}

// An in-memory database is new every time it opens, so its fingerprint is too: one per database
// instance (two in one process are two installs).
const memoryFingerprints = new WeakMap<PGlite, string>()

function fingerprintOf(pg: PGlite, dataDir: string | null): string {
  if (dataDir !== null) return deviceFingerprint(dataDir)
  let fingerprint = memoryFingerprints.get(pg)
  if (!fingerprint) {
    fingerprint = `memory:${randomUUID()}`
    memoryFingerprints.set(pg, fingerprint)
  }
  return fingerprint
}

/**
 * Fingerprint of this machine and data dir: machine id, host name, the data dir's real path and
 * its inode and birth time. A copied or restored data dir gets a different one.
 */
export function deviceFingerprint(dataDir: string): string {
  const real = realpathSync(dataDir)
  const st = statSync(real, { bigint: true })
  return createHash('sha256')
    .update([machineId(), hostname(), real, String(st.ino), String(st.birthtimeNs)].join('\0'))
    .digest('hex')
}

export type DeviceIdentity = { deviceId: string; isNew: boolean }

/**
 * The device id of this install. When the stored fingerprint differs (a copied or restored data
 * dir), mints a new id: the outbox keeps what the server has not acknowledged and is pushed
 * again under the new id, which the server treats as a new sequence space.
 */
export async function ensureDeviceIdentity(
  pg: PGlite,
  dataDir: string | null,
): Promise<DeviceIdentity> {
  const fingerprint = fingerprintOf(pg, dataDir)
  const res = await pg.query<{ device_id: string; fingerprint: string | null }>(
    'SELECT device_id, fingerprint FROM sync.sync_state WHERE id = 1',
  )
  const row = res.rows[0]
  if (row && row.fingerprint === fingerprint) return { deviceId: row.device_id, isNew: false }
  if (row && row.fingerprint === null) {
    // First open: mint this install's own id and bind it to this machine and dir. The id the
    // migration wrote may come from the shared first-run template (db/template.ts), so every
    // fresh install would otherwise share it, and the server binds a device id to one role.
    await rotateDeviceId(pg, fingerprint)
    const fresh = await pg.query<{ device_id: string }>(
      'SELECT device_id FROM sync.sync_state WHERE id = 1',
    )
    return { deviceId: fresh.rows[0]?.device_id ?? row.device_id, isNew: false }
  }
  return { deviceId: await rotateDeviceId(pg, fingerprint), isNew: true }
}

/** Gives this database a fresh device id (copy, restore, or a server that knows us ahead). */
export async function rotateDeviceId(pg: PGlite, fingerprint: string | null): Promise<string> {
  const deviceId = uuidv7()
  await pg.query(
    `INSERT INTO sync.sync_state (id, device_id, fingerprint) VALUES (1, $1, $2)
     ON CONFLICT (id) DO UPDATE SET device_id = excluded.device_id,
       fingerprint = coalesce(excluded.fingerprint, sync.sync_state.fingerprint)`,
    [deviceId, fingerprint],
  )
  return deviceId
}

/**
 * This install's key for the server (64 hex): a hash of the fingerprint bound to this machine and
 * data dir. The server binds each device id to the first install that greets with it, so two
 * installs can never share one sequence space (as every install made from the first-run template
 * once did).
 */
export async function installKey(pg: PGlite): Promise<string> {
  const res = await pg.query<{ f: string | null; d: string }>(
    'SELECT fingerprint AS f, device_id AS d FROM sync.sync_state WHERE id = 1',
  )
  const row = res.rows[0]
  return createHash('sha256')
    .update(row?.f ?? `device:${row?.d ?? ''}`)
    .digest('hex')
}
