import type { Locator, Page } from 'playwright-core'

/** The Journal's campaigns, campaign detail, statistics and rules sections. */
export class JournalPage {
  constructor(readonly page: Page) {}

  private async go(hash: string, testId: string): Promise<void> {
    await this.page.evaluate((h) => {
      location.hash = h
    }, hash)
    await this.page.getByTestId(testId).waitFor()
  }

  /** Opens `#/journal/campaigns` and waits for the table. */
  async openCampaigns(): Promise<void> {
    await this.go('#/journal/campaigns', 'campaigns-table')
  }

  campaignRows(): Locator {
    return this.page.getByTestId('campaigns-table').locator('tbody tr.clickable')
  }

  campaignsNet(): Locator {
    return this.page.getByTestId('campaigns-net')
  }

  /** The campaigns total of each currency (`data-currency` names it). */
  campaignsNetByCurrency(): Locator {
    return this.page.getByTestId('campaigns-net-currency')
  }

  /** Clicks the n-th campaign row and waits for its detail. */
  async openCampaign(index: number): Promise<void> {
    await this.campaignRows().nth(index).click()
    await this.page.getByTestId('campaign-detail').waitFor()
  }

  campaignNet(): Locator {
    return this.page.getByTestId('campaign-net')
  }

  campaignFills(): Locator {
    return this.page.getByTestId('campaign-fills').locator('tbody tr')
  }

  /** Fills the decision context form and saves it. */
  async writeContext(input: { hypothesis: string; stop?: string }): Promise<void> {
    await this.page.getByTestId('context-hypothesis').fill(input.hypothesis)
    if (input.stop !== undefined) await this.page.getByTestId('context-stop').fill(input.stop)
    await this.page.getByTestId('context-save').click()
  }

  nudges(): Locator {
    return this.page.getByTestId('nudge')
  }

  passedChecks(): Locator {
    return this.page.getByTestId('check-passed')
  }

  /** Answers the first open nudge. */
  async acknowledgeFirst(label: 'Proceeded anyway' | 'Modified the trade' | 'Cancelled') {
    await this.nudges().first().getByRole('button', { name: label }).click()
  }

  checkAction(): Locator {
    return this.page.getByTestId('check-action')
  }

  /** Opens `#/journal/stats` and waits for the dashboard. */
  async openStats(): Promise<void> {
    await this.go('#/journal/stats', 'stats')
  }

  statNet(): Locator {
    return this.page.getByTestId('stat-net').locator('.stat-value')
  }

  calendarDays(): Locator {
    return this.page.getByTestId('cal-day')
  }
}
