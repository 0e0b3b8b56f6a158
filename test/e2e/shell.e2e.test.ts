// The app shell in Debian's Chromium over the real web host: every area by click and by
// keyboard, the status bar from system-info, themes, the token flow and the error view.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SystemInfo } from '../../electron/core/contract/index'
import { AREAS } from './pages/shell-page'
import { SettingsPage } from './pages/settings-page'
import { openApp, type App } from './support/app'
import { artifact, isBrowserSkipped } from './support/browser'

describe.skipIf(isBrowserSkipped)('app shell (Chromium, browser mode)', () => {
  let app: App
  let info: SystemInfo

  beforeAll(async () => {
    app = await openApp()
    info = (await app.rpc('system-info', {})) as SystemInfo
    // A cold data dir runs every migration before the host answers.
  }, 180_000)
  afterAll(async () => {
    await app?.close()
  })

  it('moves the token out of the address bar into the session', async () => {
    expect(app.page.url()).not.toContain('token=')
    const stored = await app.page.evaluate(() => sessionStorage.getItem('edgebook.token'))
    expect(stored).toBe(app.host.token)
  })

  it('shows the data dir, schema version and table count in the status bar', async () => {
    await app.shell.waitForStatus()
    expect(await app.shell.statusSchema().textContent()).toContain(info.schemaVersion)
    expect(await app.shell.statusTables().textContent()).toBe(`${info.totalTables} tables`)
    expect(await app.shell.statusDataDir().textContent()).toContain(app.host.dataDir)
  })

  it('opens every area from the navigation', async () => {
    for (const area of AREAS) {
      await app.shell.goTo(area.id)
      expect(await app.shell.hash()).toBe(`#/${area.id}`)
      expect(await app.shell.heading().textContent()).toBe(area.label)
      expect(await app.shell.navLink(area.id).getAttribute('aria-current')).toBe('page')
      await app.page.screenshot({ path: artifact(`shell-${area.id}-light.png`) })
    }
  })

  it('opens every area with Ctrl+1…6', async () => {
    for (const area of [...AREAS].reverse()) {
      await app.shell.goToByKeyboard(area.id)
      expect(await app.shell.hash()).toBe(`#/${area.id}`)
      expect(await app.shell.heading().textContent()).toBe(area.label)
    }
  })

  it('says what to do on an empty Probes page: import bars first', async () => {
    await app.shell.goTo('probes')
    expect(await app.page.getByTestId('empty-state').textContent()).toContain(
      'No bars to probe yet',
    )
  })

  it('lists tables per PG schema in Settings, matching system-info', async () => {
    await app.shell.goTo('settings')
    const settings = new SettingsPage(app.page)
    expect(await settings.schemaVersion().textContent()).toBe(info.schemaVersion)
    expect(await settings.tableCount().textContent()).toBe(String(info.totalTables))
    const rows = await settings.schemaRows()
    expect(rows.map((r) => r[0])).toEqual(info.schemas.map((s) => s.schema))
    expect(rows.map((r) => Number(r[1]))).toEqual(info.schemas.map((s) => s.tables))
  })

  it('refreshes the row counts when the core reports changed data (SSE to the page)', async () => {
    await app.shell.goTo('settings')
    const settings = new SettingsPage(app.page)
    const marketRows = async (): Promise<number> => {
      const row = (await settings.schemaRows()).find((r) => r[0] === 'market')
      return Number((row?.[2] ?? '').replace(/,/g, ''))
    }
    const before = await marketRows()
    const csv = readFileSync(
      resolve(import.meta.dirname, '../fixtures/bars/backtesting_py_BTCUSD.csv'),
      'utf8',
    )
      .split('\n')
      .slice(0, 25)
      .join('\n')
    // Imported behind the page's back: only the pushed `data-changed` event can update it.
    const imported = (await app.rpc('bars-import', {
      content: csv,
      symbol: 'E2EBTC',
      timeframe: '1Month',
    })) as { rows: number }
    expect(imported.rows).toBeGreaterThan(0)
    await expect
      .poll(marketRows, { timeout: 15_000 })
      .toBeGreaterThanOrEqual(before + imported.rows)
  })

  it('switches to dark, keeps it across a reload, and follows the system when asked', async () => {
    await app.shell.goTo('settings')
    const settings = new SettingsPage(app.page)
    expect(await app.shell.theme()).toBe('light')
    await settings.setTheme('Dark')
    expect(await app.shell.theme()).toBe('dark')
    await app.page.screenshot({ path: artifact('shell-settings-dark.png') })

    // The reload has no token in the URL: the session keeps it, and the data still loads.
    await app.page.reload()
    await app.shell.waitForStatus()
    expect(await app.shell.theme()).toBe('dark')
    await app.shell.goTo('journal')
    await app.page.screenshot({ path: artifact('shell-journal-dark.png') })

    await app.shell.goTo('settings')
    await settings.setTheme('System')
    expect(await app.shell.theme()).toBe('light')
    await app.page.emulateMedia({ colorScheme: 'dark' })
    await app.page.waitForFunction(() => document.documentElement.dataset.theme === 'dark')
    await app.page.emulateMedia({ colorScheme: 'light' })
    await settings.setTheme('Light')
  })

  it('shows a readable error view when the core refuses the call', async () => {
    const page = await app.context.newPage()
    try {
      await page.goto(`${app.host.origin}/#token=${'0'.repeat(64)}`)
      await page.getByTestId('status-error').waitFor()
      expect(await page.getByTestId('status-error').textContent()).toContain('unauthorized')
      await page.getByTestId('nav-settings').click()
      const view = new SettingsPage(page).errorView()
      await view.waitFor()
      const text = await view.textContent()
      expect(text).toContain('Not authorised')
      expect(text).toContain('unauthorized')
      expect(text).toContain('Wrong access token.')
      await page.screenshot({ path: artifact('shell-error-unauthorized.png') })
    } finally {
      await page.close()
    }
  })

  it('ran without page errors', () => {
    // The wrong-token page logs its 401s as console errors; only uncaught errors count here.
    expect(app.errors.filter((e) => e.startsWith('pageerror'))).toEqual([])
  })
})
