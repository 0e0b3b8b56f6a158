// Market data and Backtests in Debian's Chromium over the real web host: import GOOG, see it
// stored and charted, run a backtest and read its equity chart and statistics (checked against
// the same run over HTTP), run a small grid and read its heatmap.
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BacktestPage } from './pages/backtest-page'
import { openApp, type App } from './support/app'
import { artifact, isBrowserSkipped } from './support/browser'

const GOOG = resolve(import.meta.dirname, '../fixtures/bars/backtesting_py_GOOG.csv')

type Stats = { returnPct: number; sharpe: number; trades: number }

describe.skipIf(isBrowserSkipped)('market data and backtests (Chromium, browser mode)', () => {
  let app: App
  let ui: BacktestPage

  beforeAll(async () => {
    app = await openApp()
    ui = new BacktestPage(app.page)
  }, 180_000)
  afterAll(async () => {
    await app?.close()
  })

  it('imports GOOG with a preview, lists it and charts it', async () => {
    await ui.openMarket()
    await ui.importBars(GOOG, 'GOOG', '1Day')
    expect(await ui.importResult().textContent()).toBe(
      'GOOG 1Day: 2,148 bars, 2,148 new, 0 already stored',
    )
    await expect.poll(() => ui.coverageRows().count()).toBe(1)
    expect(await ui.coverageRows().first().textContent()).toContain('2004-08-19')
    await ui.candles().locator('canvas').first().waitFor()
    await app.page.screenshot({ path: artifact('market-goog.png') })
  })

  it('runs sma-cross and shows the equity chart and the same stats as the core', async () => {
    await ui.openBacktests()
    await ui.runBacktest('sma-cross', { fast: 10, slow: 20 }, 0.2)
    expect(await ui.equityChart().locator('canvas').count()).toBeGreaterThan(0)
    const expected = (await app.rpc('backtest-run', {
      symbol: 'GOOG',
      timeframe: '1Day',
      strategy: 'sma-cross',
      params: { fast: 10, slow: 20 },
      commission: 0.002,
      save: false,
    })) as { stats: Stats }
    expect(await ui.stat('trades').textContent()).toBe(String(expected.stats.trades))
    expect(await ui.stat('returnPct').textContent()).toBe(
      `${expected.stats.returnPct.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}%`,
    )
    expect(await ui.tradeRows().count()).toBe(expected.stats.trades)
    await app.page.screenshot({ path: artifact('backtest-run.png'), fullPage: true })
  })

  it('says which catalogue family sma-cross behaves like, as the core does', async () => {
    await app.page.getByTestId('bt-family-detect').click()
    const answer = app.page.getByTestId('bt-family-answer')
    await answer.waitFor({ timeout: 180_000 })
    const expected = (await app.rpc('strategy-family', { strategy: 'sma-cross' })) as {
      family: string | null
      families: { family: string }[]
    }
    const words = (await answer.textContent()) ?? ''
    expect(words).toMatch(/^Behaves like /)
    // Each family is a bar, in the core's order (the highest correlation first).
    const bars = app.page.getByRole('list', { name: 'Families by correlation' }).locator('li')
    expect(await bars.count()).toBe(expected.families.length)
    expect(
      expected.family === null ? words.includes('no family') : !words.includes('no family'),
    ).toBe(true)
    await app.page.screenshot({ path: artifact('backtest-family.png'), fullPage: true })
  })

  it('runs a small grid and shows its heatmap and runs', async () => {
    // fast 10..30 × slow 20..40: the three points with fast ≥ slow are skipped.
    await ui.runGrid([
      { name: 'fast', from: 10, to: 30, step: 10 },
      { name: 'slow', from: 20, to: 40, step: 10 },
    ])
    expect(await ui.batchStatus().textContent()).toBe('completed')
    expect(await app.page.getByTestId('batch-skipped').textContent()).toBe(
      '3 combinations skipped (fast must be < slow).',
    )
    expect(await ui.heatCells().count()).toBe(9)
    const texts = await ui.heatCells().allTextContents()
    expect(texts.filter((t) => t === '—')).toHaveLength(3)
    expect(texts.filter((t) => t !== '—').every((t) => /^-?[\d,.]+%?$/.test(t))).toBe(true)
    expect(await ui.runRows().count()).toBe(6)
    const headers = (
      await app.page.getByTestId('runs-table').locator('thead th').allTextContents()
    ).map((h) => h.replace(/ [↑↓]$/, ''))
    expect(headers).toEqual(expect.arrayContaining(['Sharpe ratio', 'Max. drawdown', '# Trades']))
    // Trade counts are integers.
    const trades = await app.page
      .getByTestId('runs-table')
      .locator('tbody tr td:nth-child(9)')
      .allTextContents()
    expect(trades.every((t) => /^\d+$/.test(t))).toBe(true)
    await app.page.screenshot({ path: artifact('backtest-grid.png'), fullPage: true })
    expect(app.errors).toEqual([])
  })
})
