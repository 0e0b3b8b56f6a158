import { describe, expect, it } from 'vitest'
import { uuidv7 } from '../../db/uuidv7'
import {
  addContext,
  deviceDigest,
  serverDigest,
  settle,
  upsertEntry,
  writeFills,
  twoDevices,
} from './support/world'

const { server, a, b, reset } = twoDevices(undefined, { isResetEach: true })

describe('sync between two devices and a server', () => {
  it('[SYNC-1] converges to identical fills, contexts and entries in every order', async () => {
    const orders = [
      ['a', 'b'],
      ['b', 'a'],
    ] as const
    for (const order of orders) {
      // More pending rows than one push batch (7) and more changes than one pull page (5).
      const fillsA = await writeFills(a, 23, 'acct-a')
      const fillsB = await writeFills(b, 17, 'acct-b')
      await addContext(a, fillsA[0] as string, 'breakout')
      await addContext(b, fillsB[3] as string, 'fade')
      for (let i = 0; i < 6; i++) await upsertEntry(a, uuidv7(), `a entry ${i}`)
      for (let i = 0; i < 4; i++) await upsertEntry(b, uuidv7(), `b entry ${i}`)
      const first = order[0] === 'a' ? a : b
      const second = order[0] === 'a' ? b : a
      await first.sync(server.url)
      await second.sync(server.url)
      await first.sync(server.url)

      const [da, db, ds] = [
        await deviceDigest(a),
        await deviceDigest(b),
        await serverDigest(server),
      ]
      expect(da.trade_fills).toHaveLength(40)
      expect(da.decision_contexts).toHaveLength(2)
      expect(da.journal_entries).toHaveLength(10)
      expect(db).toEqual(da)
      expect(ds).toEqual(da)
      expect((await a.engine.status()).pending).toBe(0)
      expect((await b.engine.status()).pending).toBe(0)
      await reset()
    }
  })

  it('[SYNC-2] a late device pulls everything in pages and both sides end empty', async () => {
    await writeFills(a, 31)
    const first = await a.sync(server.url)
    expect(first.pushed).toBe(31)
    expect(first.pending).toBe(0)
    const r = await b.sync(server.url)
    expect(r.pulled).toBe(31)
    expect(r.cursor).toBe(31)
    expect(await deviceDigest(b)).toEqual(await deviceDigest(a))
    // The pulled fills are grouped into campaigns by the pull itself: the puller lists what the
    // writer lists once its own rows (written straight into its ledger here) are regrouped.
    await a.core.value('campaigns-rebuild', {})
    const mine = await a.core.campaigns()
    expect(mine.length).toBeGreaterThan(1)
    expect(await b.core.campaigns()).toEqual(mine)
    const again = await b.sync(server.url)
    expect(again).toMatchObject({ pushed: 0, pulled: 0, pending: 0 })
  })

  it('[SYNC-3] duplicate delivery changes nothing: re-push, cursor reset, page applied twice', async () => {
    await writeFills(a, 12)
    const entry = uuidv7()
    await upsertEntry(a, entry, 'v1')
    await upsertEntry(a, entry, 'v2')
    // Keep a copy of the outbox to deliver it again after the server acknowledged it.
    const outbox = await a.core.pg.query<{ j: string }>(
      'SELECT batch AS j FROM sync.outbox_batch(1000)',
    )
    await settle(server.url, [a, b])
    const before = {
      a: await deviceDigest(a),
      b: await deviceDigest(b),
      s: await serverDigest(server),
    }
    const log = await server.admin.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM sync.sync_changes',
    )

    // 1. The same batch pushed again.
    const state = await a.core.pg.query<{ device_id: string }>(
      'SELECT device_id FROM sync.sync_state',
    )
    const again = await server.admin.query<{ a: { applied: number; duplicates: number } }>(
      'SELECT sync.sync_push($1, $2, $3::jsonb) AS a',
      [state.rows[0]?.device_id, a.engine.options.schemaVersion, outbox.rows[0]?.j],
    )
    expect(again.rows[0]?.a).toMatchObject({ applied: 0, duplicates: 14 })
    // 2. Cursor reset to 0 on the other device: everything pulled and applied again.
    await b.core.pg.query('UPDATE sync.sync_state SET pull_cursor = 0')
    const repull = await b.sync(server.url)
    expect(repull.cursor).toBe(log.rows[0]?.n)
    // 3. The same page applied twice by hand.
    const page = await server.admin.query<{ j: string }>(
      `SELECT jsonb_agg(jsonb_build_object('sc', schema_name, 't', table_name, 'k', pk, 'h', hlc,
         'b', base_hlc, 'o', op, 'r', row) ORDER BY seq)::text AS j FROM sync.sync_changes`,
    )
    for (let i = 0; i < 2; i++) {
      await b.core.pg.transaction(async (tx) => {
        await tx.query(
          `SELECT set_config('edgebook.applying', 'on', true),
                  set_config('session_replication_role', 'replica', true)`,
        )
        await tx.query('SELECT sync.apply_changes($1::jsonb)', [page.rows[0]?.j])
      })
    }
    await settle(server.url, [a, b])
    expect(await deviceDigest(a)).toEqual(before.a)
    expect(await deviceDigest(b)).toEqual(before.b)
    expect(await serverDigest(server)).toEqual(before.s)
    const logAfter = await server.admin.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM sync.sync_changes',
    )
    expect(logAfter.rows[0]?.n).toBe(log.rows[0]?.n)
    const conflicts = await server.admin.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM sync.sync_conflicts',
    )
    expect(conflicts.rows[0]?.n).toBe(0)
  })
})
