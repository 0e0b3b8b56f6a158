// The journal after an import, in Debian's Chromium over the real web host: campaigns with P&L,
// a campaign's fills, a decision context that trips the trader's rule and shows its nudge, the
// acknowledgement, and the statistics dashboard with its calendar.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { JournalPage } from './pages/journal-page'
import { openApp, type App } from './support/app'
import { artifact, isBrowserSkipped } from './support/browser'

const samples = resolve(import.meta.dirname, '../fixtures/broker-samples')

describe.skipIf(isBrowserSkipped)('journal campaigns, nudges and statistics (Chromium)', () => {
  let app: App
  let journal: JournalPage

  beforeAll(async () => {
    app = await openApp()
    journal = new JournalPage(app.page)
    await app.rpc('fills-import', {
      // A page sends a file's bytes, never a path.
      content: readFileSync(
        resolve(samples, 'thinkorswim-account-statement-2022-06-21.csv'),
        'utf8',
      ),
      fileName: 'thinkorswim-account-statement-2022-06-21.csv',
    })
    await app.rpc('rules-save', { rules: [{ ruleCode: 'stop_required' }] })
  }, 240_000)
  afterAll(async () => {
    await app?.close()
  })

  it('lists the campaigns of the import with the statement’s P/L', async () => {
    await journal.openCampaigns()
    await expect.poll(() => journal.campaignRows().count()).toBe(36)
    expect(await journal.campaignsNet().textContent()).toBe('+$99.00')
  })

  it('filters by any part of the symbol, any case, and orders every campaign by net P&L', async () => {
    type Row = { symbol: string; netPnl: number | null; groupId: string }
    const all = ((await app.rpc('campaigns-list', { limit: 5000 })) as { rows: Row[] }).rows
    const counts = new Map<string, number>()
    for (const r of all) counts.set(r.symbol, (counts.get(r.symbol) ?? 0) + 1)
    const rarest = [...counts].sort((x, y) => x[1] - y[1])[0]?.[0] ?? ''
    const part = rarest.slice(1, Math.max(2, rarest.length - 1)).toLowerCase()
    const expected = all.filter((r) => r.symbol.toLowerCase().includes(part)).length
    expect(expected).toBeGreaterThan(0)
    const search = app.page.getByLabel('Filter campaigns by symbol')
    await search.fill(part)
    await expect.poll(() => journal.campaignRows().count()).toBe(expected)
    await search.fill(`${part}#`)
    await expect.poll(() => journal.campaignRows().count()).toBe(0)
    expect(await app.page.getByTestId('campaigns-table').textContent()).toContain(
      'No campaigns match these filters.',
    )
    await search.fill('')
    await expect.poll(() => journal.campaignRows().count()).toBe(all.length)

    await app.page.getByLabel('Order').selectOption({ label: 'Worst net P&L' })
    const worst = [...all].sort((x, y) => (x.netPnl ?? Infinity) - (y.netPnl ?? Infinity))[0]
    const worstText = await app.rpc('campaigns-list', { sort: 'net', direction: 'asc', limit: 1 })
    expect((worstText as { rows: Row[] }).rows[0]?.groupId).toBe(worst?.groupId)
    await expect
      .poll(() => journal.campaignRows().first().textContent())
      .toContain(worst?.symbol ?? '?')
    await app.page.getByLabel('Order').selectOption({ label: 'Newest first' })
  })

  it('keeps every column and the header of the campaigns table in the window', async () => {
    const wrap = app.page.getByTestId('campaigns-table')
    const fit = await wrap.evaluate((el) => {
      el.scrollLeft = el.scrollWidth
      el.scrollTop = el.scrollHeight
      const box = el.getBoundingClientRect()
      const headers = el.querySelectorAll('th')
      const last = headers.item(headers.length - 1).getBoundingClientRect()
      const first = headers.item(0).getBoundingClientRect()
      const result = {
        bottom: box.bottom,
        windowHeight: window.innerHeight,
        lastHeaderInside: last.right <= box.right + 1 && last.left >= box.left - 1,
        headerOnTop: first.top >= box.top - 1 && first.bottom <= box.top + first.height + 1,
      }
      el.scrollLeft = 0
      el.scrollTop = 0
      return result
    })
    // The box ends inside the window, so its horizontal scrollbar can be reached.
    expect(fit.bottom).toBeLessThanOrEqual(fit.windowHeight)
    expect(fit.lastHeaderInside).toBe(true)
    expect(fit.headerOnTop).toBe(true)
  })

  it('opens a campaign with its fills', async () => {
    await journal.openCampaign(0)
    expect(await journal.campaignFills().count()).toBeGreaterThanOrEqual(2)
    expect(await journal.campaignNet().locator('.stat-value').textContent()).toMatch(/\$/)
  })

  it('shows a nudge when the decision context breaks a rule, and records the answer', async () => {
    await journal.writeContext({ hypothesis: 'Fade the gap into the morning high' })
    await expect.poll(() => journal.nudges().count()).toBe(1)
    expect(await journal.nudges().first().textContent()).toContain('no stop')
    await app.page.screenshot({ path: artifact('journal-nudge.png') })
    await journal.acknowledgeFirst('Proceeded anyway')
    await expect.poll(() => journal.checkAction().textContent()).toContain('Proceeded anyway')
    await journal.writeContext({ hypothesis: 'Fade the gap into the morning high', stop: '170' })
    await expect.poll(() => journal.passedChecks().count()).toBe(1)
    expect(await journal.nudges().count()).toBe(0)
  })

  it('shows the statistics with the calendar', async () => {
    await journal.openStats()
    expect(await journal.statNet().textContent()).toBe('+$99.00')
    expect(await journal.calendarDays().count()).toBe(1)
    expect(app.errors).toEqual([])
    await app.page.screenshot({ path: artifact('journal-stats.png'), fullPage: true })
  })
})
