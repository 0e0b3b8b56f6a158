import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { AppEvents } from '../../electron/core/contract/events'
import { startCutProxy, type CutProxy } from './support/proxy'
import {
  deviceDigest,
  initServer,
  openDevice,
  resetDevice,
  resetServer,
  serverDigest,
  settle,
  startSyncServer,
  writeFills,
  type Device,
  type SyncServer,
} from './support/world'

let server: SyncServer
let a: Device
let b: Device
const dirs: string[] = []

beforeAll(async () => {
  server = await startSyncServer()
  a = await openDevice()
  b = await openDevice()
})
afterAll(async () => {
  await a?.close()
  await b?.close()
  await server?.stop()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})
afterEach(async () => {
  await resetServer(server)
  for (const d of [a, b]) await resetDevice(d)
})

type SyncEvent = AppEvents['sync-event']

function syncEvents(d: Device): SyncEvent[] {
  return d.core.events.filter((e) => e.event === 'sync-event').map((e) => e.payload as SyncEvent)
}

/** Resolves when the device reports `type` for the `count`-th time from now. */
function nextEvent(d: Device, type: string, count = 1): Promise<void> {
  const seen = syncEvents(d).filter((e) => e.type === type).length
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (syncEvents(d).filter((e) => e.type === type).length >= seen + count) {
        clearInterval(timer)
        resolve()
      }
    }, 10)
  })
}

async function pending(d: Device): Promise<number> {
  return (await d.engine.status()).pending
}

describe('sync when things go wrong', () => {
  it('[RES-1] server gone mid-push: backs off, keeps working, completes when back, loses nothing', async () => {
    const proxy: CutProxy = await startCutProxy(server.url)
    try {
      const first = await writeFills(a, 60)
      a.engine.options.backoff = { baseMs: 40, maxMs: 300 }
      // The third sync_push is forwarded, then the server vanishes before it answers.
      const gone = proxy.cutAfter('sync_push', 3)
      const failed = a.sync(proxy.url).then(
        () => null,
        (err: { code: string; details?: { reason?: string } }) => err,
      )
      await gone
      const err = await failed
      expect(err?.code).toBe('unavailable')
      expect(err?.details?.reason).toBe('remote-unreachable')
      expect(await pending(a)).toBeGreaterThan(0)

      // Background sync keeps retrying with back-off while the app keeps working offline.
      a.engine.setUrl(proxy.url)
      await a.engine.start()
      await nextEvent(a, 'remote-unreachable', 3)
      const status = await a.engine.status()
      expect(status.state).toBe('offline')
      expect(status.nextAttemptAt).not.toBeNull()
      const second = await writeFills(a, 15)

      await proxy.restore()
      await nextEvent(a, 'sync-completed')
      await a.engine.stop()
      expect(await pending(a)).toBe(0)
      await b.sync(server.url)
      const ids = [...first, ...second]
      const onServer = await server.admin.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM journal.trade_fills WHERE id = ANY($1::uuid[])',
        [ids],
      )
      expect(onServer.rows[0]?.n).toBe(ids.length)
      expect(await deviceDigest(b)).toEqual(await deviceDigest(a))
      expect(await serverDigest(server)).toEqual(await deviceDigest(a))
      expect((await a.engine.status()).state).toBe('idle')
    } finally {
      await a.engine.stop()
      await proxy.close()
    }
  })

  it('[RES-2] a newer server schema stops sync with "update Edgebook"; an older one refuses the push', async () => {
    await writeFills(a, 3)
    const real = a.engine.options.schemaVersion
    try {
      await server.admin.query(`UPDATE sync.sync_meta SET schema_version = '9999_from_the_future'`)
      await expect(a.sync(server.url)).rejects.toMatchObject({
        code: 'schema-mismatch',
        details: { reason: 'schema-too-new' },
      })
      expect(syncEvents(a).at(-1)?.message).toMatch(/update Edgebook/)
      expect((await a.engine.status()).reason).toBe('schema-too-new')

      await server.admin.query(`UPDATE sync.sync_meta SET schema_version = '0000_init'`)
      await expect(a.sync(server.url)).rejects.toMatchObject({
        code: 'schema-mismatch',
        details: { reason: 'schema-too-old' },
      })
      // The server itself refuses a batch from another schema, whatever the client believes.
      await expect(
        server.admin.query(`SELECT sync.sync_push('x', $1, '[]'::jsonb)`, [real]),
      ).rejects.toMatchObject({ code: 'EB001' })
      const log = await server.admin.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM sync.sync_changes',
      )
      expect(log.rows[0]?.n).toBe(0)
      expect(await pending(a)).toBe(3)
    } finally {
      await server.admin.query('UPDATE sync.sync_meta SET schema_version = $1', [real])
    }
    const done = await a.sync(server.url)
    expect(done).toMatchObject({ pushed: 3, pending: 0 })
  })

  it('[RES-3] a copied data dir gets a new device id and its unacknowledged rows arrive once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgebook-sync-copy-'))
    dirs.push(dir)
    const original = join(dir, 'original')
    const copy = join(dir, 'copy')
    let d1 = await openDevice(undefined, original)
    const firstId = await d1.engine.deviceId()
    const ids = await writeFills(d1, 9)
    await d1.close()
    cpSync(original, copy, { recursive: true })

    d1 = await openDevice(undefined, original)
    const d2 = await openDevice(undefined, copy)
    try {
      expect(await d1.engine.deviceId()).toBe(firstId)
      const copyId = await d2.engine.deviceId()
      expect(copyId).not.toBe(firstId)
      expect(syncEvents(d2).some((e) => e.type === 'device-rotated')).toBe(true)
      await settle(server.url, [d1, d2, b])
      const onServer = await server.admin.query<{ id: string }>(
        'SELECT id::text AS id FROM journal.trade_fills ORDER BY id',
      )
      expect(onServer.rows.map((r) => r.id)).toEqual([...ids].sort())
      expect(await deviceDigest(d2)).toEqual(await deviceDigest(d1))
      expect(await deviceDigest(b)).toEqual(await deviceDigest(d1))
    } finally {
      await d1.close()
      await d2.close()
    }
  })

  it('[RES-4] a different server forces a full re-pull and receives everything', async () => {
    await writeFills(a, 6)
    await writeFills(b, 4)
    await settle(server.url, [a, b])
    const admin = new pg.Client({ connectionString: server.url })
    await admin.connect()
    await admin.query('CREATE DATABASE edgebook_other')
    await admin.end()
    const otherUrl = server.url.replace(/\/edgebook$/, '/edgebook_other')
    await initServer(otherUrl)

    const moved = await a.sync(otherUrl)
    expect(syncEvents(a).some((e) => e.type === 'server-changed')).toBe(true)
    expect(moved.pushed).toBe(10)
    const other = new pg.Client({ connectionString: otherUrl })
    await other.connect()
    try {
      const rows = await other.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM journal.trade_fills',
      )
      expect(rows.rows[0]?.n).toBe(10)
    } finally {
      await other.end()
    }
    // Back to the first server: everything again, nothing doubled.
    await a.sync(server.url)
    const back = await server.admin.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM journal.trade_fills',
    )
    expect(back.rows[0]?.n).toBe(10)
    expect(await deviceDigest(a)).toEqual(await serverDigest(server))
  })

  it('[RES-5] background sync pushes a local change shortly after it happens', async () => {
    a.engine.options.debounceMs = 50
    a.engine.options.intervalMs = 3_600_000
    a.engine.setUrl(server.url)
    try {
      await a.engine.start()
      await nextEvent(a, 'sync-completed')
      const done = nextEvent(a, 'sync-completed')
      const ids = await writeFills(a, 5)
      await done
      const onServer = await server.admin.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM journal.trade_fills WHERE id = ANY($1::uuid[])',
        [ids],
      )
      expect(onServer.rows[0]?.n).toBe(5)
    } finally {
      await a.engine.stop()
      a.engine.setUrl(null)
    }
  })
})
