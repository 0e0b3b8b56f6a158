// Fills pulled from another device refresh the open views, in Debian's Chromium over the real
// web host against a real PostgreSQL server: the campaigns list, the fills table and the
// statistics change while they are on screen, with no navigation.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FillsPage } from './pages/fills-page'
import { JournalPage } from './pages/journal-page'
import { openApp, type App } from './support/app'
import { isBrowserSkipped } from './support/browser'
import {
  openDevice,
  startSyncServer,
  writeFills,
  type Device,
  type SyncServer,
} from '../sync/support/world'

// Generous: a busy machine answers slowly, and a poll only waits as long as it must.
const POLL = { timeout: 60_000 }
const sample = resolve(
  import.meta.dirname,
  '../fixtures/broker-samples/tastytrade-history-CL-future.csv',
)

describe.skipIf(isBrowserSkipped)('a sync pull refreshes open views (Chromium)', () => {
  let app: App
  let server: SyncServer
  let other: Device

  beforeAll(async () => {
    server = await startSyncServer()
    other = await openDevice()
    app = await openApp()
    // Something on screen before the pull, so each view shows its table.
    await app.rpc('fills-import', {
      content: readFileSync(sample, 'utf8'),
      fileName: 'tastytrade-history-CL-future.csv',
    })
    await app.rpc('sync-configure', { url: server.url, passphrase: 'a passphrase for this test' })
    await app.rpc('sync-now', {})
  }, 240_000)
  afterAll(async () => {
    await app?.close()
    await other?.close()
    await server?.stop()
  })

  /** Another device writes `n` fills of `account` and pushes them; this app then syncs. */
  async function pullFromOther(n: number, account: string): Promise<void> {
    await writeFills(other, n, account)
    const pushed = await other.sync(server.url)
    expect(pushed.pushed).toBeGreaterThanOrEqual(n)
    const pulled = (await app.rpc('sync-now', {})) as { pulled: number }
    expect(pulled.pulled).toBeGreaterThanOrEqual(n)
  }

  it('the open campaigns list shows the pulled campaigns', async () => {
    const journal = new JournalPage(app.page)
    await journal.openCampaigns()
    const before = await journal.campaignRows().count()
    expect(before).toBeGreaterThan(0)
    await pullFromOther(6, 'acct-campaigns')
    const all = (await app.rpc('campaigns-list', { limit: 5000 })) as { total: number }
    expect(all.total).toBeGreaterThan(before)
    await expect.poll(() => journal.campaignRows().count(), POLL).toBe(all.total)
    expect(app.page.url()).toContain('#/journal/campaigns')
  })

  it('the open fills table counts the pulled fills', async () => {
    const fills = new FillsPage(app.page)
    await fills.open()
    const count = async (): Promise<number> =>
      Number(((await fills.total().textContent()) ?? '').replace(/\D/g, ''))
    await expect.poll(count, POLL).toBeGreaterThan(0)
    const before = await count()
    await pullFromOther(5, 'acct-fills')
    await expect.poll(count, POLL).toBe(before + 5)
    expect(app.page.url()).toContain('#/journal/fills')
  })

  it('the open statistics include the pulled round trips', async () => {
    const journal = new JournalPage(app.page)
    await journal.openStats()
    await expect.poll(() => journal.statNet().textContent(), POLL).toMatch(/\d/)
    const before = await journal.statNet().textContent()
    await pullFromOther(8, 'acct-stats')
    await expect.poll(() => journal.statNet().textContent(), POLL).not.toBe(before)
    expect(app.page.url()).toContain('#/journal/stats')
    expect(app.errors).toEqual([])
  })
})
