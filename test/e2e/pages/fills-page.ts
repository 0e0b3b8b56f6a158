import type { Locator, Page } from 'playwright-core'

/** One row of the fills grid as shown: the cells' text by column. */
export type ShownFill = { account: string; symbol: string; side: string; price: number }

/** Journal → Fills: the stored fills table, its filter boxes and sortable headers. */
export class FillsPage {
  constructor(readonly page: Page) {}

  /** Opens `#/journal/fills` and waits for the table. */
  async open(): Promise<void> {
    await this.page.evaluate(() => {
      location.hash = '#/journal/fills'
    })
    await this.page.getByTestId('fills-table').waitFor()
  }

  total(): Locator {
    return this.page.getByTestId('fills-total')
  }

  filter(column: 'account' | 'symbol' | 'source'): Locator {
    return this.page.getByLabel(`Filter by ${column}`)
  }

  /** The header cell of a sortable column (it carries `aria-sort`). */
  header(column: string): Locator {
    return this.page.getByTestId(`fills-sort-${column}`)
  }

  /** The button inside a header that sorts by it. */
  headerButton(column: string): Locator {
    return this.header(column).getByRole('button')
  }

  /** The rows in the DOM, top to bottom, once every one of them has its fill loaded. */
  async shownRows(): Promise<ShownFill[]> {
    return this.page.getByTestId('fills-row').evaluateAll((rows) =>
      rows
        .map((row) => ({
          index: Number(row.getAttribute('aria-rowindex')),
          cells: Array.from(row.children, (c) => c.textContent ?? ''),
        }))
        .sort((a, b) => a.index - b.index)
        .map(({ cells }) => ({
          account: cells[1] ?? '',
          symbol: cells[2] ?? '',
          side: cells[3] ?? '',
          price: Number((cells[5] ?? '').replace(/,/g, '')),
        })),
    )
  }
}
