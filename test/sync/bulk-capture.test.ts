import { describe, expect, it } from 'vitest'
import { pendingCount } from '../../electron/core/sync/local'
import { deviceDigest, serverDigest, settle, twoDevices, writeFills } from './support/world'

// Push batches of 7 changes (the default of openDevice): smaller than one 'refs' entry (500
// keys), which then goes alone.
const world = twoDevices()

describe('bulk ledger capture', () => {
  it('queues a big statement as seq ranges that reach the server as one change per fill', async () => {
    const { server, a, b } = world
    const bulk = await writeFills(a, 2300, 'acct-bulk')
    const entries = await a.core.pg.query<{ op: string; n: number }>(
      `SELECT op, count(*)::int AS n FROM sync.sync_outbox
        WHERE table_name = 'trade_fills' GROUP BY op`,
    )
    expect(entries.rows).toEqual([{ op: 'refs', n: 5 }])
    expect(await pendingCount(a.core.pg)).toBe(2300)
    // A small statement after it keeps one entry per fill.
    const small = await writeFills(a, 3, 'acct-bulk')
    expect(await pendingCount(a.core.pg)).toBe(2303)

    const pushed = await a.sync(server.url)
    expect(pushed.pushed).toBe(2303)
    expect(pushed.pending).toBe(0)
    await settle(server.url, [a, b])

    const onServer = await server.admin.query<{ id: string }>(
      `SELECT f.id::text AS id FROM journal.trade_fills f ORDER BY f.id`,
    )
    expect(onServer.rows.map((r) => r.id)).toEqual([...bulk, ...small].sort())
    // Every fill went up under its own device seq, consecutive across the ranges.
    const seqs = await server.admin.query<{ s: string }>(
      `SELECT device_seq::text AS s FROM sync.sync_changes
        WHERE table_name = 'trade_fills' ORDER BY device_seq`,
    )
    const numbers = seqs.rows.map((r) => Number(r.s))
    expect(numbers).toHaveLength(2303)
    expect(numbers).toEqual(numbers.map((_, i) => (numbers[0] ?? 0) + i))
    const digest = await serverDigest(server)
    expect(await deviceDigest(a)).toEqual(digest)
    expect(await deviceDigest(b)).toEqual(digest)
    // Pages of 5 make the other device pull 2303 changes in about 460 transactions: minutes,
    // not seconds, on a loaded two-core machine. The test holds what arrives, not how fast.
  }, 600_000)
})
