import { describe, expect, it } from 'vitest'
import { uuidv7 } from '../../db/uuidv7'
import {
  deviceDigest,
  serverDigest,
  settle,
  upsertEntry,
  twoDevices,
  type Device,
} from './support/world'

const { server, a, b, reset } = twoDevices(undefined, { isResetEach: true })

async function content(d: Device, id: string): Promise<string | null> {
  const res = await d.core.pg.query<{ content: string }>(
    'SELECT content FROM journal.journal_entries WHERE id = $1',
    [id],
  )
  return res.rows[0]?.content ?? null
}

async function hlcOf(d: Device, id: string): Promise<string> {
  const res = await d.core.pg.query<{ hlc: string }>(
    `SELECT hlc FROM sync.sync_row_clock WHERE table_name = 'journal_entries' AND pk = $1`,
    [id],
  )
  return res.rows[0]?.hlc ?? ''
}

async function serverConflicts(): Promise<{ winner_hlc: string; loser_hlc: string }[]> {
  const res = await server.admin.query<{ winner_hlc: string; loser_hlc: string }>(
    'SELECT winner_hlc, loser_hlc FROM sync.sync_conflicts ORDER BY id',
  )
  return res.rows
}

describe('last writer wins by HLC', () => {
  it('[LWW-1] concurrent offline edits converge to the higher HLC; the loser is kept', async () => {
    for (const pushFirst of ['later', 'earlier'] as const) {
      const id = uuidv7()
      await upsertEntry(a, id, 'base')
      await settle(server.url, [a, b])
      // Both edit offline; b edits later.
      await upsertEntry(a, id, 'edit on a')
      await upsertEntry(b, id, 'edit on b')
      const [ha, hb] = [await hlcOf(a, id), await hlcOf(b, id)]
      expect(hb > ha).toBe(true)
      if (pushFirst === 'later') await settle(server.url, [b, a])
      else await settle(server.url, [a, b])
      expect(await content(a, id)).toBe('edit on b')
      expect(await content(b, id)).toBe('edit on b')
      expect(await deviceDigest(a)).toEqual(await deviceDigest(b))
      expect(await serverDigest(server)).toEqual(await deviceDigest(a))
      expect(await serverConflicts()).toContainEqual({ winner_hlc: hb, loser_hlc: ha })
      // The device whose edit lost sees it, with both versions, and can keep its own.
      const onA = await a.core.value('sync-conflicts', {})
      const mine = onA.find((c) => c.pk === id)
      expect(mine?.mine.row?.content).toBe('edit on a')
      expect(mine?.theirs.row?.content).toBe('edit on b')
      expect(mine?.current).toBe('theirs')
      await reset()
    }
  })

  it('[LWW-2] keep mine writes the losing version back and it wins everywhere', async () => {
    const id = uuidv7()
    await upsertEntry(a, id, 'base')
    await settle(server.url, [a, b])
    await upsertEntry(a, id, 'mine')
    await upsertEntry(b, id, 'theirs')
    await settle(server.url, [a, b])
    const conflict = (await a.core.value('sync-conflicts', {})).find((c) => c.pk === id)
    expect(conflict).toBeDefined()
    const resolved = await a.core.value('sync-resolve-conflict', {
      id: conflict?.id ?? 0,
      keep: 'mine',
    })
    expect(resolved.resolution).toBe('mine')
    await settle(server.url, [a, b])
    expect(await content(a, id)).toBe('mine')
    expect(await content(b, id)).toBe('mine')
    expect(await a.core.value('sync-conflicts', {})).toEqual([])
  })

  it('[LWW-5] a conflict resolved on one device is cleared on the other after sync', async () => {
    for (const keep of ['theirs', 'mine'] as const) {
      const id = uuidv7()
      await upsertEntry(a, id, 'base')
      await settle(server.url, [a, b])
      await upsertEntry(a, id, 'edit on a')
      await upsertEntry(b, id, 'edit on b')
      await settle(server.url, [a, b])
      const onA = (await a.core.value('sync-conflicts', {})).find((c) => c.pk === id)
      const onB = (await b.core.value('sync-conflicts', {})).find((c) => c.pk === id)
      expect(onA).toBeDefined()
      expect(onB).toBeDefined()
      // Keeping the current version ('theirs' on a) changes no content, yet must reach b.
      await a.core.value('sync-resolve-conflict', { id: onA?.id ?? 0, keep })
      await settle(server.url, [a, b])
      expect((await b.core.value('sync-conflicts', {})).filter((c) => c.pk === id)).toEqual([])
      const settled = (await b.core.value('sync-conflicts', { includeResolved: true })).find(
        (c) => c.pk === id,
      )
      expect(settled?.resolution).toBe('superseded')
      const kept = keep === 'mine' ? 'edit on a' : 'edit on b'
      expect(await content(a, id)).toBe(kept)
      expect(await content(b, id)).toBe(kept)
      await reset()
    }
  })

  it('[LWW-3] delete against edit is decided by HLC, both ways', async () => {
    // The delete is later: the row is gone everywhere.
    const gone = uuidv7()
    await upsertEntry(a, gone, 'base')
    await settle(server.url, [a, b])
    await upsertEntry(b, gone, 'edit before the delete')
    await a.core.pg.query('DELETE FROM journal.journal_entries WHERE id = $1', [gone])
    await settle(server.url, [b, a])
    expect(await content(a, gone)).toBeNull()
    expect(await content(b, gone)).toBeNull()

    // The edit is later: the row survives with the edit.
    const kept = uuidv7()
    await upsertEntry(a, kept, 'base')
    await settle(server.url, [a, b])
    await a.core.pg.query('DELETE FROM journal.journal_entries WHERE id = $1', [kept])
    await upsertEntry(b, kept, 'edit after the delete')
    await settle(server.url, [a, b])
    expect(await content(a, kept)).toBe('edit after the delete')
    expect(await content(b, kept)).toBe('edit after the delete')
    expect(await deviceDigest(a)).toEqual(await deviceDigest(b))
    expect(await serverDigest(server)).toEqual(await deviceDigest(b))
  })

  it('[LWW-4] a device clock hours behind still wins with an edit made after seeing the other', async () => {
    const id = uuidv7()
    // a's clock runs three hours behind.
    await a.core.pg.exec(`SET edgebook.clock_offset_ms = '${-3 * 3_600_000}'`)
    await upsertEntry(b, id, 'b first')
    await settle(server.url, [b, a])
    expect(await content(a, id)).toBe('b first')
    await upsertEntry(a, id, 'a later, slow clock')
    expect((await hlcOf(a, id)) > (await hlcOf(b, id))).toBe(true)
    await settle(server.url, [a, b])
    expect(await content(b, id)).toBe('a later, slow clock')
    expect(await serverConflicts()).toEqual([])

    // A clock hours ahead wins concurrent edits while apart; the other device's edit is kept.
    await b.core.pg.exec(`SET edgebook.clock_offset_ms = '${5 * 3_600_000}'`)
    await upsertEntry(a, id, 'a concurrent')
    await upsertEntry(b, id, 'b concurrent, fast clock')
    await settle(server.url, [a, b])
    expect(await content(a, id)).toBe('b concurrent, fast clock')
    expect(await content(b, id)).toBe('b concurrent, fast clock')
    expect(await serverConflicts()).toHaveLength(1)
  })
})
