// What a trader meets in the journal, in Debian's Chromium over the real web host: the campaigns
// total of a two-currency statement is given per currency, campaign rows and a campaign's fill
// rows are reached and opened by keyboard, arrow keys on a tab strip move the focus with the
// selection, and times follow a display zone (the machine's by default, the trader's choice kept
// in the profile across reloads) in the campaigns table and the statistics calendar.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { JournalPage } from './pages/journal-page'
import { openApp, type App } from './support/app'
import { artifact, isBrowserSkipped } from './support/browser'
import { wallTime } from './support/wall-time'

const samples = resolve(import.meta.dirname, '../fixtures/broker-samples')
// The browser's zone: not the host's (UTC on our machines), so a UTC display would show.
const MACHINE_ZONE = 'America/New_York'
const CHOSEN_ZONE = 'Asia/Tokyo'

type Campaign = {
  groupId: string
  symbol: string
  openedAt: string
  closedAt: string | null
  status: string
  netPnl: number | null
  currency: string
}

function signedMoney(value: number, currency: string): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
    signDisplay: 'exceptZero',
  }).format(value)
}

describe.skipIf(isBrowserSkipped)('journal UI: currencies, keyboard and display zone', () => {
  let app: App
  let journal: JournalPage
  let campaigns: Campaign[]

  beforeAll(async () => {
    app = await openApp({ viewport: { width: 1440, height: 900 }, timezoneId: MACHINE_ZONE })
    journal = new JournalPage(app.page)
    await app.rpc('fills-import', {
      // A page sends a file's bytes, never a path.
      content: readFileSync(
        resolve(samples, 'ibkr-activity-trades-multi-currency-options.csv'),
        'utf8',
      ),
      fileName: 'ibkr-activity-trades-multi-currency-options.csv',
    })
    campaigns = ((await app.rpc('campaigns-list', { limit: 5000 })) as { rows: Campaign[] }).rows
  }, 240_000)
  afterAll(async () => {
    await app?.close()
  })

  it('totals the campaigns per currency, each in its own currency', async () => {
    const cents = new Map<string, number>()
    for (const c of campaigns) {
      cents.set(c.currency, (cents.get(c.currency) ?? 0) + Math.round((c.netPnl ?? 0) * 100))
    }
    expect([...cents.keys()].sort()).toEqual(['SEK', 'USD'])
    await journal.openCampaigns()
    await expect.poll(() => journal.campaignRows().count()).toBe(campaigns.length)
    const totals = journal.campaignsNetByCurrency()
    await expect.poll(() => totals.count()).toBe(2)
    for (const [currency, total] of cents) {
      const cell = totals.and(app.page.locator(`[data-currency="${currency}"]`))
      expect(await cell.textContent()).toBe(signedMoney(total / 100, currency))
    }
    // Never one sum of two currencies under one sign.
    const text = (await journal.campaignsNet().textContent()) ?? ''
    expect(text).toContain('SEK')
    expect(text).toContain('$')
    await app.page.screenshot({ path: artifact('journal-ui-currency-totals.png') })
  })

  it('shows times in the machine’s zone until the trader picks one', async () => {
    await journal.openCampaigns()
    const newest = [...campaigns].sort((a, b) => b.openedAt.localeCompare(a.openedAt))[0]!
    await expect
      .poll(() => journal.campaignRows().first().locator('td').first().textContent())
      .toBe(wallTime(newest.openedAt, MACHINE_ZONE))
  })

  it('reaches campaign rows and a campaign’s fill rows by keyboard', async () => {
    await journal.openCampaigns()
    await app.page.getByRole('button', { name: 'Rebuild' }).focus()
    await app.page.keyboard.press('Tab')
    const rows = journal.campaignRows()
    await expect.poll(() => rows.first().evaluate((el) => el === document.activeElement)).toBe(true)
    await app.page.keyboard.press('ArrowDown')
    await expect.poll(() => rows.nth(1).evaluate((el) => el === document.activeElement)).toBe(true)
    await app.page.keyboard.press('ArrowUp')
    await app.page.keyboard.press('Enter')
    await app.page.getByTestId('campaign-detail').waitFor()
    const newest = [...campaigns].sort((a, b) => b.openedAt.localeCompare(a.openedAt))[0]!
    expect(await app.page.evaluate(() => location.hash)).toBe(
      `#/journal/campaigns/${newest.groupId}`,
    )

    // Tab through the detail until a fill row has the focus, then pick another with the arrows.
    const fills = journal.campaignFills()
    await expect.poll(() => fills.count()).toBeGreaterThanOrEqual(1)
    let isOnFill = false
    for (let i = 0; i < 40 && !isOnFill; i++) {
      await app.page.keyboard.press('Tab')
      isOnFill = await app.page.evaluate(
        () =>
          document.activeElement?.closest('[data-testid="campaign-fills"] tbody tr') ===
          document.activeElement,
      )
    }
    expect(isOnFill).toBe(true)
    const last = (await fills.count()) - 1
    await app.page.keyboard.press('End')
    await app.page.keyboard.press('Enter')
    await expect.poll(() => fills.nth(last).getAttribute('class')).toContain('selected')
    await app.page.screenshot({ path: artifact('journal-ui-keyboard-fill.png') })
  })

  it('links a journal entry to a campaign picked from a searchable list', async () => {
    await app.page.evaluate(() => {
      location.hash = '#/journal/entries'
    })
    await app.page.getByRole('button', { name: 'New entry' }).click()
    const picker = app.page.getByTestId('campaign-picker')
    await picker.waitFor()
    const clov = campaigns.find((c) => c.symbol.startsWith('CLOV'))!
    const options = picker.getByTestId('campaign-select').locator('option')
    await expect.poll(() => options.count()).toBe(campaigns.length + 1)
    // Lower case finds the upper-case symbol; the list keeps only the matches.
    await picker.getByLabel('Search campaigns').fill('clov')
    await expect.poll(() => options.count()).toBe(2)
    await picker.getByTestId('campaign-select').selectOption({ index: 1 })
    await app.page.getByTestId('entry-content').fill('Held the short calls to expiry')
    await app.page.getByTestId('entry-save').click()
    await expect
      .poll(async () => {
        const entries = (await app.rpc('journal-list-entries', {})) as { campaignId: string }[]
        return entries.map((e) => e.campaignId)
      })
      .toContain(clov.groupId)
    await app.page.screenshot({ path: artifact('journal-ui-entry-campaign.png') })
  })

  it('filters the fills as the trader types, without Enter', async () => {
    await app.page.evaluate(() => {
      location.hash = '#/journal/fills'
    })
    const total = app.page.getByTestId('fills-total')
    await expect.poll(() => total.textContent()).not.toBe('0 fills')
    const all = await total.textContent()
    await app.page.getByLabel('Filter by account').pressSequentially('NOPE')
    await expect.poll(() => total.textContent()).toBe('0 fills')
    await app.page.getByLabel('Filter by account').fill('')
    await expect.poll(() => total.textContent()).toBe(all)
  })

  it('moves the focus with the selection on a tab strip', async () => {
    await app.page.evaluate(() => {
      location.hash = '#/settings'
    })
    const strip = app.page.getByRole('tablist', { name: 'Theme' })
    await strip.waitFor()
    await strip.getByRole('tab', { selected: true }).focus()
    const before = await strip.getByRole('tab', { selected: true }).textContent()
    await app.page.keyboard.press('ArrowRight')
    const focused = await app.page.evaluate(() => ({
      text: document.activeElement?.textContent,
      selected: document.activeElement?.getAttribute('aria-selected'),
      role: document.activeElement?.getAttribute('role'),
    }))
    expect(focused.role).toBe('tab')
    expect(focused.selected).toBe('true')
    expect(focused.text).not.toBe(before)
    // Back where it was, so the theme of the screenshots stays light.
    await app.page.keyboard.press('ArrowLeft')
    expect(await strip.getByRole('tab', { selected: true }).textContent()).toBe(before)
  })

  it('keeps a chosen display zone across reloads and uses it in tables and the calendar', async () => {
    await app.page.evaluate(() => {
      location.hash = '#/settings'
    })
    const select = app.page.getByTestId('zone-select')
    await select.waitFor()
    await select.selectOption(CHOSEN_ZONE)
    await expect
      .poll(async () => ((await app.rpc('profile-get', {})) as { timeZone: string }).timeZone)
      .toBe(CHOSEN_ZONE)
    await app.page.screenshot({ path: artifact('journal-ui-zone-settings.png') })

    await app.page.reload()
    await journal.openCampaigns()
    const newest = [...campaigns].sort((a, b) => b.openedAt.localeCompare(a.openedAt))[0]!
    await expect
      .poll(() => journal.campaignRows().first().locator('td').first().textContent())
      .toBe(wallTime(newest.openedAt, CHOSEN_ZONE))
    expect(wallTime(newest.openedAt, CHOSEN_ZONE)).not.toBe(wallTime(newest.openedAt, 'UTC'))

    // Calendar days are the closing days in the chosen zone, a month at a time, newest first.
    await journal.openStats()
    const stats = (await app.rpc('journal-stats', {})) as { currency: string }
    const closed = campaigns
      .filter((c) => c.status === 'closed' && c.closedAt && c.currency === stats.currency)
      .map((c) => ({ ...c, day: wallTime(c.closedAt!, CHOSEN_ZONE).slice(0, 10) }))
      .sort((x, y) => x.day.localeCompare(y.day))
    expect(closed.length).toBeGreaterThanOrEqual(2)
    const months = [...new Set(closed.map((c) => c.day.slice(0, 7)))]
    for (const month of months.reverse()) {
      const days = closed.filter((c) => c.day.startsWith(month))
      await expect
        .poll(() =>
          journal
            .calendarDays()
            .evaluateAll((els) => els.map((el) => el.getAttribute('data-date'))),
        )
        .toEqual(days.map((c) => c.day))
      for (const c of days) {
        const cell = app.page.locator(`[data-testid="cal-day"][data-date="${c.day}"]`)
        expect(await cell.textContent()).toContain(signedMoney(c.netPnl!, c.currency))
      }
      await app.page
        .getByTestId('month-calendar')
        .screenshot({ path: artifact(`journal-ui-calendar-${month}.png`) })
      if (month !== months[months.length - 1]) {
        await app.page.getByRole('button', { name: /last traded/ }).click()
      }
    }

    // A date range counts only the campaigns closed on those days (of the chosen zone).
    const last = closed[closed.length - 1]!
    await app.page.getByLabel('From date').fill(last.day)
    const inRange = closed.filter((c) => c.day >= last.day)
    const rangeNet = inRange.reduce((cents, c) => cents + Math.round(c.netPnl! * 100), 0) / 100
    await expect
      .poll(() => journal.statNet().textContent())
      .toBe(signedMoney(rangeNet, last.currency))
    expect(await app.page.getByTestId('stats-scope').textContent()).toContain(
      `${inRange.length} closed in the dates`,
    )
    await app.page.getByRole('button', { name: 'All dates' }).click()
    const allNet = closed.reduce((cents, c) => cents + Math.round(c.netPnl! * 100), 0) / 100
    await expect
      .poll(() => journal.statNet().textContent())
      .toBe(signedMoney(allNet, last.currency))
    expect(app.errors).toEqual([])
    await app.page.screenshot({ path: artifact('journal-ui-zone-stats.png'), fullPage: true })
  })
})
