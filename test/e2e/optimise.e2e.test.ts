// Optimisers and walk-forward in Debian's Chromium over the real web host: import GOOG, run a
// small genetic algorithm from the Optimise view and read its convergence and individuals
// (checked against the stored run over HTTP), then a small walk-forward and read its windows,
// stitched out-of-sample equity and efficiency.
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OptimiseJobDto, WalkForwardDto } from '../../electron/core/contract/index'
import { BacktestPage } from './pages/backtest-page'
import { openApp, type App } from './support/app'
import { artifact, isBrowserSkipped } from './support/browser'

const GOOG = resolve(import.meta.dirname, '../fixtures/bars/backtesting_py_GOOG.csv')

describe.skipIf(isBrowserSkipped)('optimise and walk-forward (Chromium, browser mode)', () => {
  let app: App
  let ui: BacktestPage

  beforeAll(async () => {
    app = await openApp()
    ui = new BacktestPage(app.page)
    await ui.openMarket()
    await ui.importBars(GOOG, 'GOOG', '1Day')
    await ui.openBacktests()
  }, 180_000)
  afterAll(async () => {
    await app?.close()
  })

  it('runs a small genetic algorithm and shows its convergence and individuals', async () => {
    const page = app.page
    await page.getByRole('tab', { name: 'Optimise' }).click()
    await page.getByTestId('bt-strategy').selectOption('sma-cross')
    await page.getByTestId('opt-method').selectOption('genetic')
    await page.getByTestId('opt-budget').fill('60')
    await page.getByTestId('opt-population').fill('12')
    await page.getByTestId('opt-seed').fill('5')
    await page.getByTestId('run-optimise').click()
    await expect
      .poll(() => page.getByTestId('opt-status').textContent(), { timeout: 120_000 })
      .toBe('completed')
    await page.getByTestId('convergence-chart').waitFor()
    // ⌊60 / 12⌋ generations, a point each.
    expect(await page.getByTestId('convergence-chart').locator('circle').count()).toBe(5)
    const jobs = (await app.rpc('optimise-list', { kind: 'optimise' })) as { id: string }[]
    const job = (await app.rpc('optimise-get', { jobId: jobs[0]!.id })) as OptimiseJobDto
    expect(job.status).toBe('completed')
    await expect
      .poll(() => page.getByTestId('individuals-table').locator('tbody tr').count())
      .toBe(Math.min(200, job.evaluations))
    expect(await page.getByTestId('opt-best').textContent()).toContain(
      `fast = ${job.best!.fast}, slow = ${job.best!.slow}`,
    )
    await page.screenshot({ path: artifact('optimise-ga.png'), fullPage: true })
  })

  it('walks forward and shows the window table, stitched equity and efficiency', async () => {
    const page = app.page
    await page.getByTestId('opt-method').selectOption('random')
    await page.getByTestId('opt-budget').fill('16')
    await page.getByTestId('wf-in-sample').fill('500')
    await page.getByTestId('wf-out-of-sample').fill('400')
    await page.getByTestId('run-walkforward').click()
    await expect
      .poll(() => page.getByTestId('opt-status').textContent(), { timeout: 120_000 })
      .toBe('completed')
    await page.getByTestId('wf-equity').locator('canvas').first().waitFor()
    const jobs = (await app.rpc('optimise-list', { kind: 'walkforward' })) as { id: string }[]
    const wf = (await app.rpc('optimise-walkforward-get', {
      jobId: jobs[0]!.id,
    })) as WalkForwardDto
    // (2148 − 500) / 400 whole out-of-sample slices.
    expect(wf.windows).toHaveLength(4)
    expect(await page.getByTestId('wf-windows').locator('tbody tr').count()).toBe(4)
    expect(await page.getByTestId('wf-efficiency').textContent()).toBe(
      wf.efficiency === null ? '—' : wf.efficiency.toFixed(2),
    )
    await page.screenshot({ path: artifact('optimise-walkforward.png'), fullPage: true })
    expect(app.errors).toEqual([])
  })
})
