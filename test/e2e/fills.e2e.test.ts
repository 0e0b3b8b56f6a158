// The stored fills table in Debian's Chromium over the real web host: a lowercase part of a
// symbol filters the table as the trader types, and a column header sorts the whole stored set
// (by click, and by Enter and Space on the header), showing its state in aria-sort.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FillsPage } from './pages/fills-page'
import { openApp, type App } from './support/app'
import { artifact, isBrowserSkipped } from './support/browser'

const SAMPLE = resolve(
  import.meta.dirname,
  '../fixtures/broker-samples/ninjatrader8-executions-grid-2025-01-28.csv',
)
const POLL = { timeout: 60_000 }

describe.skipIf(isBrowserSkipped)('fills table: filters and sorting', () => {
  let app: App
  let fills: FillsPage

  beforeAll(async () => {
    app = await openApp({ viewport: { width: 1440, height: 900 } })
    fills = new FillsPage(app.page)
    // 36 fills of NQ MAR25 and 19 of MNQ MAR25 in one account.
    await app.rpc('fills-import', {
      content: readFileSync(SAMPLE, 'utf8'),
      fileName: 'ninjatrader8-executions-grid-2025-01-28.csv',
      tz: 'America/New_York',
    })
  }, 180_000)

  afterAll(async () => {
    expect(app.errors).toEqual([])
    await app.close()
  })

  it('filters by a lowercase part of a symbol as the trader types', async () => {
    await fills.open()
    await expect.poll(() => fills.total().textContent(), POLL).toBe('55 fills')
    await fills.filter('symbol').pressSequentially('mnq')
    await expect.poll(() => fills.total().textContent(), POLL).toBe('19 fills')
    await expect
      .poll(async () => new Set((await fills.shownRows()).map((r) => r.symbol)), POLL)
      .toEqual(new Set(['MNQ MAR25']))
    expect(await fills.shownRows()).toHaveLength(19)
    await app.page.screenshot({ path: artifact('fills-filter-mnq.png') })
  })

  it('sorts the whole set by a header click, and the other way on a second click', async () => {
    expect(await fills.header('time').getAttribute('aria-sort')).toBe('descending')
    expect(await fills.header('price').getAttribute('aria-sort')).toBe('none')
    const prices = async () => (await fills.shownRows()).map((r) => r.price)
    const unsorted = await prices()

    await fills.headerButton('price').click()
    await expect.poll(() => fills.header('price').getAttribute('aria-sort'), POLL).toBe('ascending')
    expect(await fills.header('time').getAttribute('aria-sort')).toBe('none')
    const ascending = [...unsorted].sort((a, b) => a - b)
    await expect.poll(prices, POLL).toEqual(ascending)

    await fills.headerButton('price').click()
    await expect
      .poll(() => fills.header('price').getAttribute('aria-sort'), POLL)
      .toBe('descending')
    await expect.poll(prices, POLL).toEqual([...ascending].reverse())
    await app.page.screenshot({ path: artifact('fills-sorted-price-desc.png') })
  })

  it('sorts from the keyboard with Enter and Space on a header', async () => {
    await fills.filter('symbol').fill('')
    await expect.poll(() => fills.total().textContent(), POLL).toBe('55 fills')
    await fills.headerButton('symbol').focus()
    await app.page.keyboard.press('Enter')
    await expect
      .poll(() => fills.header('symbol').getAttribute('aria-sort'), POLL)
      .toBe('ascending')
    // Ascending by symbol: "MNQ MAR25" comes before "NQ MAR25", so the first rows are MNQ.
    await expect.poll(async () => (await fills.shownRows())[0]?.symbol, POLL).toBe('MNQ MAR25')
    await app.page.keyboard.press('Space')
    await expect
      .poll(() => fills.header('symbol').getAttribute('aria-sort'), POLL)
      .toBe('descending')
    await expect.poll(async () => (await fills.shownRows())[0]?.symbol, POLL).toBe('NQ MAR25')
    // Every row in view follows the order: the NQ rows, then the MNQ rows.
    const symbols = (await fills.shownRows()).map((r) => r.symbol)
    expect(symbols).toEqual([...symbols].sort().reverse())
  })
})
