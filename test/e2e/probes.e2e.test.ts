// Probes in Debian's Chromium over the real web host: a data dir holding a few catalogue entries
// and three symbols' bars, a probe run from the page, its leaderboard (the same ranking the core
// answers over HTTP), the family × symbol heatmap, and a drill-down into a full backtest.
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeBars } from '../../db/repos/market-repo'
import { openTestCore } from '../support/core'
import { insertProbeFixtures } from '../support/probe-fixtures'
import { loadBars } from '../support/reference-bars'
import { ProbesPage } from './pages/probes-page'
import { openApp, type App } from './support/app'
import { artifact, isBrowserSkipped } from './support/browser'
import { tempDataDir } from './support/web-host'

type Board = {
  leaderboard: { rows: { strategy: string; displayName: string; trades: number }[] }
  heatmap: { families: string[]; symbols: string[] }
}

describe.skipIf(isBrowserSkipped)('probes (Chromium, browser mode)', () => {
  let app: App
  let ui: ProbesPage
  const dataDir = tempDataDir()

  beforeAll(async () => {
    // The catalogue's own seeding is not this test's subject: the data dir gets fixture entries.
    const core = await openTestCore(dataDir)
    try {
      await insertProbeFixtures(core.deps.db)
      await core.deps.db.transaction(async (tx) => {
        for (const name of ['GOOG', 'EURUSD', 'BTCUSD'] as const) {
          await writeBars(tx, {
            symbol: name,
            timeframe: '1Day',
            bars: loadBars(name),
            source: 'test',
          })
        }
      })
    } finally {
      await core.close()
    }
    app = await openApp({ dataDir })
    ui = new ProbesPage(app.page)
  }, 240_000)
  afterAll(async () => {
    await app?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('runs a small probe and shows the leaderboard, the heatmap and the leader’s DSR', async () => {
    await ui.open()
    await ui.run(['GOOG', 'BTCUSD'])
    await expect.poll(() => ui.leaderboardRows().count()).toBe(5)
    expect(await ui.progress().textContent()).toContain('completed · 10/10')
    const jobs = (await app.rpc('probes-list', {})) as { id: string }[]
    const board = (await app.rpc('probes-leaderboard', { jobId: jobs[0]?.id })) as Board
    const names = await ui.leaderboardRows().locator('td:nth-child(2)').allTextContents()
    expect(names).toEqual(board.leaderboard.rows.map((r) => r.displayName))
    expect(await ui.heatFamilies().allTextContents()).toEqual(board.heatmap.families)
    expect(await ui.heatCells().count()).toBe(board.heatmap.families.length * 2)
    expect(await ui.dsr().textContent()).toMatch(
      /Deflated Sharpe ratio of the leader .* after 5 strategies tried: 0\.\d{3}|1\.000/,
    )
    // Sorting by trades puts the most active strategy first.
    await app.page.getByTestId('sort-trades').click()
    const most = [...board.leaderboard.rows].sort((a, b) => b.trades - a.trades)[0]
    expect(await ui.leaderboardRows().first().locator('td:nth-child(2)').textContent()).toBe(
      most?.displayName,
    )
    await app.page.screenshot({ path: artifact('probes-leaderboard.png'), fullPage: true })
  })

  it('drills from the leaderboard into a full backtest with its chart', async () => {
    await ui.leaderboardRows().first().click()
    await ui
      .drill()
      .getByTestId('drill-equity')
      .locator('canvas')
      .first()
      .waitFor({ timeout: 60_000 })
    await ui.drill().getByTestId('drill-candles').locator('canvas').first().waitFor()
    expect(
      await ui.drill().getByTestId('drill-trades').locator('.stat-value').textContent(),
    ).toMatch(/^[\d,]+$/)
    await app.page.screenshot({ path: artifact('probes-drill.png'), fullPage: true })
    expect(app.errors).toEqual([])
  })
})
