import type { Locator, Page } from 'playwright-core'

/** The Probes page: the run form, progress, leaderboard, heatmap and drill-down. */
export class ProbesPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.evaluate(() => {
      location.hash = '#/probes'
    })
    await this.page.getByTestId('run-probe').waitFor()
  }

  /** Runs a probe over the listed symbols and waits for its leaderboard. */
  async run(symbols: string[]): Promise<void> {
    await this.page.getByTestId('probe-symbols').fill(symbols.join(','))
    await this.page.getByTestId('run-probe').click()
    await this.leaderboardRows().first().waitFor({ timeout: 120_000 })
  }

  leaderboardRows(): Locator {
    return this.page.getByTestId('leaderboard-table').locator('tbody tr')
  }

  heatCells(): Locator {
    return this.page.getByTestId('probe-heat-cell')
  }

  heatFamilies(): Locator {
    return this.page.getByTestId('probe-heatmap').locator('tbody th')
  }

  dsr(): Locator {
    return this.page.getByTestId('probe-dsr')
  }

  progress(): Locator {
    return this.page.getByTestId('probe-progress')
  }

  drill(): Locator {
    return this.page.getByTestId('probe-drill')
  }
}
