// The strategy lab and the import history at 1440×900 in Debian's Chromium over the real web
// host: the stored-series table and a backtest's trades table show their last columns inside
// the window (no column cut off, the Delete button reachable), the grid builder counts before
// a run the runs that will run and the points it will skip, as the run then reports, and the
// recent imports list times in the trader's display zone.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Locator } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BacktestPage } from './pages/backtest-page'
import { ImportPage } from './pages/import-page'
import { openApp, type App } from './support/app'
import { artifact, isBrowserSkipped } from './support/browser'
import { wallTime } from './support/wall-time'

const GOOG = resolve(import.meta.dirname, '../fixtures/bars/backtesting_py_GOOG.csv')
const samples = resolve(import.meta.dirname, '../fixtures/broker-samples')
const VIEWPORT = { width: 1440, height: 900 }
// The browser's (machine's) zone differs from the chosen one and from UTC, so either would show.
const MACHINE_ZONE = 'Asia/Tokyo'
const CHOSEN_ZONE = 'America/New_York'

/**
 * Where the cells of the columns `nth` of a table (negative counts from the end) lie, each row
 * scrolled into the table's box from above as a trader would scroll it (never sideways): every
 * cell's right edge, and whether a click at the cell's centre reaches the cell (nothing covers
 * it and no scroll box clips it). `hasSideScroll` says whether the box scrolls sideways at all.
 */
async function lastColumns(
  table: Locator,
  nth: number[],
): Promise<{ hasSideScroll: boolean; cells: { right: number; isHit: boolean; text: string }[] }> {
  return table.evaluate((wrap, columns) => {
    wrap.scrollIntoView({ block: 'start' })
    const cells: { right: number; isHit: boolean; text: string }[] = []
    for (const row of Array.from(wrap.querySelectorAll('tbody tr'))) {
      const visibleBottom = wrap.getBoundingClientRect().top + wrap.clientHeight
      const below = row.getBoundingClientRect().bottom - visibleBottom
      if (below > 0) wrap.scrollTop += below
      const tds = row.querySelectorAll('td')
      for (const n of columns) {
        const cell = tds[n < 0 ? tds.length + n : n]
        if (!cell) continue
        const box = cell.getBoundingClientRect()
        const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2)
        cells.push({
          right: box.right,
          isHit: hit !== null && cell.contains(hit),
          text: cell.textContent ?? '',
        })
      }
    }
    wrap.scrollTop = 0
    return { hasSideScroll: wrap.scrollWidth > wrap.clientWidth, cells }
  }, nth)
}

describe.skipIf(isBrowserSkipped)('lab tables and import history at 1440 px (Chromium)', () => {
  let app: App
  let ui: BacktestPage

  beforeAll(async () => {
    app = await openApp({ viewport: VIEWPORT, timezoneId: MACHINE_ZONE })
    ui = new BacktestPage(app.page)
    await ui.openMarket()
    await ui.importBars(GOOG, 'GOOG', '1Day')
  }, 240_000)
  afterAll(async () => {
    await app?.close()
  })

  it('shows every column of the stored series, the Delete button inside the window', async () => {
    await expect.poll(() => ui.coverageRows().count()).toBe(1)
    const { hasSideScroll, cells } = await lastColumns(app.page.getByTestId('coverage-table'), [-1])
    expect(hasSideScroll).toBe(false)
    expect(cells).toHaveLength(1)
    expect(cells[0]!.right).toBeLessThanOrEqual(VIEWPORT.width)
    expect(cells[0]!.isHit).toBe(true)
    const remove = ui.deleteSeriesButton('GOOG', '1Day')
    const box = await remove.boundingBox()
    expect(box).not.toBeNull()
    expect(box!.x + box!.width).toBeLessThanOrEqual(VIEWPORT.width)
    // Actionable where it stands: visible, enabled, not covered (a trial click clicks nothing).
    await remove.click({ trial: true, timeout: 10_000 })
    await app.page.screenshot({ path: artifact('lab-series-1440.png') })
  })

  it('shows the P&L and every later column of a backtest’s trades inside the window', async () => {
    await ui.openBacktests()
    await ui.runBacktest('sma-cross', { fast: 10, slow: 20 }, 0.2)
    const count = await ui.tradeRows().count()
    expect(count).toBeGreaterThan(10)
    const table = app.page.getByTestId('trades-table')
    const headers = await table.locator('thead th').allTextContents()
    const pnl = headers.indexOf('P&L')
    expect(pnl).toBeGreaterThan(0)
    const columns = headers.map((_, i) => i).slice(pnl)
    const { hasSideScroll, cells } = await lastColumns(table, columns)
    expect(hasSideScroll).toBe(false)
    expect(cells).toHaveLength(count * columns.length)
    expect(Math.max(...cells.map((c) => c.right))).toBeLessThanOrEqual(VIEWPORT.width)
    expect(cells.filter((c) => !c.isHit)).toEqual([])
    expect(cells.filter((_, i) => i % columns.length === 0).every((c) => /\$/.test(c.text))).toBe(
      true,
    )
    // The table scrolls inside a box that ends inside the window, its header on top.
    const fit = await table.evaluate((wrap) => {
      wrap.scrollIntoView({ block: 'start' })
      wrap.scrollTop = wrap.scrollHeight
      const box = wrap.getBoundingClientRect()
      const th = wrap.querySelector('th')!.getBoundingClientRect()
      const result = { bottom: box.bottom, isHeaderOnTop: Math.abs(th.top - box.top) <= 1 }
      wrap.scrollTop = 0
      return result
    })
    expect(fit.bottom).toBeLessThanOrEqual(VIEWPORT.height)
    expect(fit.isHeaderOnTop).toBe(true)
    await app.page.screenshot({ path: artifact('lab-trades-1440.png'), fullPage: true })
  })

  it('counts before a grid runs the runs that will run and the points it skips', async () => {
    // fast 10..30 × slow 20..40: the three points with fast ≥ slow are skipped.
    await ui.fillGrid([
      { name: 'fast', from: 10, to: 30, step: 10 },
      { name: 'slow', from: 20, to: 40, step: 10 },
    ])
    await expect
      .poll(() => ui.gridCount().textContent())
      .toBe('6 runs, 3 skipped (fast must be < slow)')
    await ui.startGrid()
    expect(await ui.batchStatus().textContent()).toBe('completed')
    expect(await ui.runRows().count()).toBe(6)
    expect(await app.page.getByTestId('batch-skipped').textContent()).toBe(
      '3 combinations skipped (fast must be < slow).',
    )
    // A cap counts runs: four run, (20, 20) is skipped on the way and (20, 40) is cut, as the
    // job then reports.
    await ui.setCap(4)
    await expect
      .poll(() => ui.gridCount().textContent())
      .toBe('4 runs (cut at 4), 1 skipped (fast must be < slow)')
    await ui.startGrid()
    // The previous job's results show until this one's arrive.
    await expect
      .poll(() => app.page.getByTestId('batch-skipped').textContent(), { timeout: 120_000 })
      .toBe('1 combination skipped (fast must be < slow).')
    expect(await ui.batchStatus().textContent()).toBe('completed')
    expect(await ui.runRows().count()).toBe(4)
    // A grid that batch-run would refuse says why before it runs.
    await app.page.getByTestId('axis-0-name').fill('fsat')
    await expect
      .poll(() => ui.gridCount().textContent())
      .toBe('the strategy has no parameter "fsat"')
    await app.page.screenshot({ path: artifact('lab-grid-refused.png') })
  })

  it('deletes the stored series from its row', async () => {
    await ui.openMarket()
    await expect.poll(() => ui.coverageRows().count()).toBe(1)
    await ui.deleteSeriesButton('GOOG', '1Day').click()
    await app.page.getByText('No price series yet').waitFor()
    expect(await app.rpc('bars-coverage', { maxGaps: 0 })).toEqual([])
  })

  it('lists recent imports in the display zone the trader chose', async () => {
    await app.rpc('profile-save', { timeZone: CHOSEN_ZONE })
    await app.rpc('fills-import', {
      content: readFileSync(resolve(samples, 'tradovate-orders-history.csv'), 'utf8'),
      fileName: 'tradovate-orders-history.csv',
    })
    const [batch] = (await app.rpc('import-list', {})) as { createdAt: string }[]
    // A reload reads the profile as a fresh start would.
    await app.page.reload()
    const imports = new ImportPage(app.page)
    await imports.open()
    const row = app.page.getByTestId('import-batches').locator('tbody tr').first()
    await expect
      .poll(() => row.locator('td').first().textContent(), { timeout: 30_000 })
      .toBe(wallTime(batch!.createdAt, CHOSEN_ZONE))
    expect(wallTime(batch!.createdAt, CHOSEN_ZONE)).not.toBe(wallTime(batch!.createdAt, 'UTC'))
    expect(
      await app.page.getByTestId('import-batches').locator('thead th').first().textContent(),
    ).toBe(`Imported (${CHOSEN_ZONE})`)
    expect(app.errors).toEqual([])
  })
})
