// Two installs under one device id: what every install made from the first-run template did
// before it minted its own id, and the cause of acknowledged fills lost in [KILL-1]. The server
// deduplicates pushes by (device, seq), so the second install's seqs were taken for the first's
// (acknowledged, trimmed, never stored), and each skipped the other's changes on pull as "own".
// Since install keys, the server binds a device id to the first install that greets with it; a
// second one takes a new id and sends and pulls everything again, so nothing is lost.
import { describe, expect, it } from 'vitest'
import { deviceDigest, serverDigest, settle, twoDevices, writeFills } from './support/world'

const world = twoDevices()

describe('two installs under one device id', () => {
  it('[SYNC-SHARED-ID] the second install to greet takes a new id, and every fill of both reaches the server and the other install', async () => {
    const { server, a, b } = world
    const shared = await a.engine.deviceId()
    await b.engine.deviceId()
    // As a data dir made from the old template was: the template's id, bound to this install.
    await b.core.pg.query('UPDATE sync.sync_state SET device_id = $1 WHERE id = 1', [shared])
    expect(await b.engine.deviceId()).toBe(shared)

    const fromA = await writeFills(a, 5, 'acct-a')
    await a.sync(server.url)
    // b's first seqs (1–8) overlap what the server acknowledged from a (1–5).
    const fromB = await writeFills(b, 8, 'acct-b')
    const before = b.core.events.length
    await b.sync(server.url)
    const rotated = b.core.events
      .slice(before)
      .filter((e) => (e.payload as { type?: string }).type === 'device-rotated')
    fromA.push(...(await writeFills(a, 3, 'acct-a')))
    await settle(server.url, [a, b])

    const onServer = await server.admin.query<{ id: string }>(
      'SELECT id::text AS id FROM journal.trade_fills ORDER BY 1',
    )
    expect(onServer.rows.map((r) => r.id)).toEqual([...fromA, ...fromB].sort())
    const digest = await serverDigest(server)
    expect(await deviceDigest(a)).toEqual(digest)
    expect(await deviceDigest(b)).toEqual(digest)
    expect(rotated).toHaveLength(1)
    expect(await b.engine.deviceId()).not.toBe(shared)
    expect(await a.engine.deviceId()).toBe(shared)
  })

  it('[SYNC-SHARED-ID] an install key that is not a hash is refused', async () => {
    const { server } = world
    const pg = (await import('pg')).default
    const client = new pg.Client({ connectionString: server.url })
    await client.connect()
    try {
      await expect(
        client.query('SELECT sync.sync_hello($1, $2)', ['some-device', "x'; DROP TABLE x; --"]),
      ).rejects.toMatchObject({ code: 'EB003' })
    } finally {
      await client.end()
    }
  })
})
