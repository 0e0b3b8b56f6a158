import type { Locator, Page } from 'playwright-core'

/** Market data and Backtests: import a series, run a backtest, run a grid and read the heatmap. */
export class BacktestPage {
  constructor(readonly page: Page) {}

  /** Opens Market data and waits for the import card. */
  async openMarket(): Promise<void> {
    await this.page.evaluate(() => {
      location.hash = '#/market'
    })
    await this.page.getByTestId('bars-import').waitFor()
  }

  /** Picks a bar file, waits for its preview, sets symbol and timeframe and imports it. */
  async importBars(path: string, symbol: string, timeframe: string): Promise<void> {
    await this.page.getByTestId('bars-file').setInputFiles(path)
    await this.page.getByTestId('bars-preview').waitFor()
    await this.page.getByTestId('bars-symbol').fill(symbol)
    await this.page.getByTestId('bars-timeframe').selectOption(timeframe)
    await this.page.getByTestId('bars-import-button').click()
    await this.page.getByTestId('bars-import-result').waitFor()
  }

  importResult(): Locator {
    return this.page.getByTestId('bars-import-result')
  }

  coverageRows(): Locator {
    return this.page.getByTestId('coverage-table').locator('tbody tr')
  }

  /** The Delete button of one stored series. */
  deleteSeriesButton(symbol: string, timeframe: string): Locator {
    return this.page
      .getByTestId('coverage-table')
      .getByRole('button', { name: `Delete ${symbol} ${timeframe}` })
  }

  candles(): Locator {
    return this.page.getByTestId('candles')
  }

  /** Opens Backtests and waits for the series list to hold something. */
  async openBacktests(): Promise<void> {
    await this.page.evaluate(() => {
      location.hash = '#/backtests'
    })
    await this.page.getByTestId('run-backtest').waitFor()
  }

  /** Chooses a strategy, sets parameters and runs it; waits for the equity chart. */
  async runBacktest(
    strategy: string,
    params: Record<string, number>,
    commissionPct = 0,
  ): Promise<void> {
    await this.page.getByTestId('bt-strategy').selectOption(strategy)
    for (const [name, value] of Object.entries(params)) {
      await this.page.getByTestId(`bt-param-${name}`).fill(String(value))
    }
    await this.page.getByTestId('bt-commission').fill(String(commissionPct))
    await this.page.getByTestId('run-backtest').click()
    await this.page.getByTestId('equity-chart').locator('canvas').first().waitFor()
  }

  equityChart(): Locator {
    return this.page.getByTestId('equity-chart')
  }

  /** The text of one row of the statistics table, by metric key (`returnPct`, `sharpe`, …). */
  stat(key: string): Locator {
    return this.page.getByTestId('stats-table').locator(`tr[data-stat="${key}"] td`)
  }

  tradeRows(): Locator {
    return this.page.getByTestId('trades-table').locator('tbody tr')
  }

  /** Switches to the grid tab, fills two axes and runs; waits for the job to finish. */
  async runGrid(axes: { name: string; from: number; to: number; step: number }[]): Promise<void> {
    await this.fillGrid(axes)
    await this.startGrid()
  }

  /** Switches to the grid tab and fills the axes (nothing runs yet). */
  async fillGrid(axes: { name: string; from: number; to: number; step: number }[]): Promise<void> {
    await this.page.getByRole('tab', { name: 'Grid' }).click()
    await this.page.getByTestId('grid-builder').waitFor()
    for (const [i, a] of axes.entries()) {
      await this.page.getByTestId(`axis-${i}-name`).fill(a.name)
      await this.page.getByTestId(`axis-${i}-from`).fill(String(a.from))
      await this.page.getByTestId(`axis-${i}-to`).fill(String(a.to))
      await this.page.getByTestId(`axis-${i}-step`).fill(String(a.step))
    }
  }

  /** Runs the grid as filled and waits for the job to finish. */
  async startGrid(): Promise<void> {
    await this.page.getByTestId('run-batch').click()
    await this.page.getByTestId('heatmap').waitFor({ timeout: 120_000 })
  }

  /** Most runs a grid may start. */
  async setCap(cap: number): Promise<void> {
    await this.page.getByTestId('grid-cap').fill(String(cap))
  }

  /** What the grid builder says will run before a run starts. */
  gridCount(): Locator {
    return this.page.getByTestId('grid-count')
  }

  batchStatus(): Locator {
    return this.page.getByTestId('batch-status')
  }

  heatCells(): Locator {
    return this.page.getByTestId('heat-cell')
  }

  runRows(): Locator {
    return this.page.getByTestId('runs-table').locator('tbody tr')
  }
}
