import type { Locator, Page } from 'playwright-core'

/** Settings: theme switch and the database summary. */
export class SettingsPage {
  constructor(readonly page: Page) {}

  themeTab(label: 'System' | 'Light' | 'Dark'): Locator {
    return this.page.getByRole('tab', { name: label })
  }

  async setTheme(label: 'System' | 'Light' | 'Dark'): Promise<void> {
    await this.themeTab(label).click()
  }

  schemaVersion(): Locator {
    return this.page.getByTestId('stat-schema').locator('.stat-value')
  }

  tableCount(): Locator {
    return this.page.getByTestId('stat-tables').locator('.stat-value')
  }

  /** The rows of the tables-per-schema table as `[schema, tables, rows]`. */
  async schemaRows(): Promise<string[][]> {
    const table = this.page.getByTestId('settings-schemas').locator('tbody tr')
    await table.first().waitFor()
    return table.evaluateAll((rows) =>
      rows.map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent ?? '')),
    )
  }

  errorView(): Locator {
    return this.page.getByTestId('error-view')
  }
}
