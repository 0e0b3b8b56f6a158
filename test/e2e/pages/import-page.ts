import type { Locator, Page } from 'playwright-core'

/** Journal → Import: the import wizard, recent imports and the fills table. */
export class ImportPage {
  constructor(readonly page: Page) {}

  /** Opens `#/journal/import` and waits for the wizard. */
  async open(): Promise<void> {
    await this.page.evaluate(() => {
      location.hash = '#/journal/import'
    })
    await this.page.getByTestId('import-wizard').waitFor()
  }

  /** Picks a file from disk as the file dialog would, and waits for its preview. */
  async pickFile(path: string): Promise<void> {
    await this.page.getByTestId('import-file').setInputFiles(path)
    await this.page.getByTestId('import-preview').waitFor()
    await this.page
      .locator('[data-testid="import-total"], [data-testid="import-errors"]')
      .first()
      .waitFor()
  }

  detectedFormat(): Locator {
    return this.page.getByTestId('import-detected')
  }

  previewTotal(): Locator {
    return this.page.getByTestId('import-total')
  }

  facts(): Locator {
    return this.page.getByTestId('import-facts')
  }

  errors(): Locator {
    return this.page.getByTestId('import-errors').locator('li')
  }

  importButton(): Locator {
    return this.page.getByTestId('import-run')
  }

  /** Runs the import and waits for its summary. */
  /** The warning that fills of the previewed file are already in the journal. */
  alreadyImported(): Locator {
    return this.page.getByTestId('import-already')
  }

  async runImport(): Promise<void> {
    await this.importButton().click()
    await this.page.getByTestId('import-summary').waitFor()
  }

  added(): Locator {
    return this.page.getByTestId('import-added').locator('.stat-value')
  }

  duplicates(): Locator {
    return this.page.getByTestId('import-duplicates').locator('.stat-value')
  }

  async undoLastImport(): Promise<void> {
    await this.page.getByTestId('import-undo').click()
    await this.page.getByTestId('import-undo').getByText('Undone').waitFor()
  }

  /** Leaves a preview without importing and goes back to picking a file. */
  async chooseAnotherFile(): Promise<void> {
    await this.page.getByTestId('import-restart').click()
    await this.page.getByTestId('import-drop').waitFor()
  }

  async importAnother(): Promise<void> {
    await this.page.getByTestId('import-another').click()
    await this.page.getByTestId('import-drop').waitFor()
  }

  fillsTotal(): Locator {
    return this.page.getByTestId('fills-total')
  }

  /** Rows of the fills grid that are in the DOM right now (the virtualiser keeps few). */
  renderedFillRows(): Locator {
    return this.page.getByTestId('fills-row')
  }

  /** Scrolls the fills grid to its end. */
  async scrollFillsToEnd(): Promise<void> {
    await this.page.getByTestId('fills-scroller').evaluate((el) => {
      el.scrollTop = el.scrollHeight
    })
  }
}
