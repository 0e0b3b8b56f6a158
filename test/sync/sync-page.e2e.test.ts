// The Sync page in Debian's Chromium over the real web host, against a real PostgreSQL server:
// test connection, save and sync, the status-bar dot, a conflict with both versions and
// "keep mine", pause and resume.
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApp, type App } from '../e2e/support/app'
import { tempDataDir } from '../e2e/support/web-host'
import { isBrowserSkipped } from '../e2e/support/browser'
import {
  openDevice,
  startSyncServer,
  upsertEntry,
  type Device,
  type SyncServer,
} from './support/world'

// Generous: a busy machine answers slowly, and a poll only waits as long as it must.
const POLL = { timeout: 30_000 }

describe.skipIf(isBrowserSkipped)('sync page (Chromium)', () => {
  let app: App
  let server: SyncServer
  let other: Device

  beforeAll(async () => {
    server = await startSyncServer()
    other = await openDevice()
    app = await openApp()
  }, 240_000)
  afterAll(async () => {
    await app?.close()
    await other?.close()
    await server?.stop()
  })

  it('tests the connection, saves the server and syncs; the dot turns idle', async () => {
    await app.shell.goTo('sync')
    const page = app.page
    await page.getByTestId('sync-url').fill(server.url)
    await page.getByTestId('sync-test').click()
    await expect
      .poll(() => page.getByTestId('sync-test-result').textContent(), POLL)
      .toMatch(/compatible/)
    // Browser mode has no desktop secret store: the address is kept only under a passphrase.
    await page.getByTestId('sync-passphrase').fill('a passphrase for this test')
    await page.getByRole('button', { name: 'Save and sync' }).click()
    await expect
      .poll(() => page.getByTestId('sync-state').locator('.stat-value').textContent(), POLL)
      .toBe('idle')
    await expect.poll(() => page.getByTestId('status-sync').textContent(), POLL).toMatch(/idle/)
  })

  /**
   * A journal entry written in the browser and synced, then edited concurrently: in the browser
   * (`mine`) and on the other device (`theirs`), which edits later, syncs first and so wins.
   */
  async function concurrentEdits(date: string, mine: string, theirs: string) {
    const saved = (await app.rpc('journal-save-entry', {
      date,
      entryType: 'general',
      content: 'base',
    })) as { id: string }
    await app.rpc('sync-now', {})
    await other.sync(server.url)
    await app.rpc('journal-save-entry', { id: saved.id, date, entryType: 'general', content: mine })
    await upsertEntry(other, saved.id, theirs)
    await other.sync(server.url)
    return saved
  }

  it('shows a conflict with both versions and keeps mine everywhere', async () => {
    const page = app.page
    const saved = await concurrentEdits(
      '2026-01-02',
      'written in the browser',
      'written on the other device',
    )
    await page.getByTestId('sync-now').click()
    const conflict = page.getByTestId('sync-conflict')
    await conflict.first().waitFor()
    expect(await conflict.first().textContent()).toContain('written in the browser')
    expect(await conflict.first().textContent()).toContain('written on the other device')
    await conflict.first().getByRole('button', { name: 'Keep mine' }).click()
    await expect.poll(() => conflict.count(), POLL).toBe(0)
    await page.getByTestId('sync-now').click()
    await expect
      .poll(async () => {
        await other.sync(server.url)
        const res = await other.core.pg.query<{ content: string }>(
          'SELECT content FROM journal.journal_entries WHERE id = $1',
          [saved.id],
        )
        return res.rows[0]?.content
      }, POLL)
      .toBe('written in the browser')
  })

  it('shows a conflict field by field, not as raw JSON', async () => {
    const page = app.page
    await concurrentEdits('2026-01-03', 'browser words', 'other words')
    await page.getByTestId('sync-now').click()
    const conflict = page.getByTestId('sync-conflict')
    await conflict.first().waitFor()
    const differs = conflict.first().getByTestId('conflict-diff-field')
    await expect
      .poll(() => differs.first().locator('th, td').allTextContents(), POLL)
      .toEqual(['Content', 'browser words', 'other words'])
    expect(await conflict.first().textContent()).not.toContain('{')
    await conflict.first().getByRole('button', { name: 'Keep theirs' }).click()
    await expect.poll(() => conflict.count(), POLL).toBe(0)
  })

  it('pauses and resumes', async () => {
    const page = app.page
    await page.getByTestId('sync-pause').click()
    await expect
      .poll(() => page.getByTestId('sync-state').locator('.stat-value').textContent(), POLL)
      .toBe('paused')
    await page.getByTestId('sync-pause').click()
    await expect
      .poll(() => page.getByTestId('sync-state').locator('.stat-value').textContent(), POLL)
      .not.toBe('paused')
    expect(app.errors).toEqual([])
  })

  it('after a restart asks for the passphrase, says a wrong one is wrong, and resumes', async () => {
    const dataDir = tempDataDir()
    try {
      const first = await openApp({ dataDir })
      try {
        await first.rpc('sync-configure', { url: server.url, passphrase: 'right words' })
      } finally {
        await first.close()
      }
      const again = await openApp({ dataDir })
      try {
        await again.shell.goTo('sync')
        const page = again.page
        await page.getByTestId('sync-unlock').waitFor()
        await page.getByTestId('sync-unlock-passphrase').fill('wrong words')
        await page.getByTestId('sync-unlock-button').click()
        await expect
          .poll(() => page.getByTestId('sync-unlock-error').textContent(), POLL)
          .toBe('Wrong passphrase: it does not open the sync server saved in this data folder.')
        expect(await page.getByTestId('sync-page').textContent()).not.toContain('access token')
        await page.getByTestId('sync-unlock-passphrase').fill('right words')
        await page.getByTestId('sync-unlock-button').click()
        await expect.poll(() => page.getByTestId('sync-unlock').count(), POLL).toBe(0)
        await expect
          .poll(() => page.getByTestId('sync-state').locator('.stat-value').textContent(), POLL)
          .toBe('idle')
        const status = (await again.rpc('sync-status', {})) as { isConfigured: boolean }
        expect(status.isConfigured).toBe(true)
        expect(again.errors).toEqual([])
      } finally {
        await again.close()
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  }, 240_000)
})
