// A first launch in Debian's Chromium over the real web host: an empty journal says what to do
// in campaigns, statistics and fills, each with a button that opens the import; the stored fills
// have their own Journal section instead of hiding under Import.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApp, type App } from './support/app'
import { artifact, isBrowserSkipped } from './support/browser'

describe.skipIf(isBrowserSkipped)('first launch: an empty journal (Chromium)', () => {
  let app: App

  beforeAll(async () => {
    app = await openApp({ viewport: { width: 1440, height: 900 } })
  }, 240_000)
  afterAll(async () => {
    await app?.close()
  })

  const go = async (hash: string) => {
    await app.page.evaluate((h) => {
      location.hash = h
    }, hash)
  }

  for (const [section, testId] of [
    ['campaigns', 'campaigns-empty'],
    ['stats', 'stats-empty'],
    ['fills', 'fills-empty'],
  ] as const) {
    it(`shows what to do and an Import button in ${section}`, async () => {
      await go(`#/journal/${section}`)
      const empty = app.page.getByTestId(testId)
      await empty.waitFor()
      expect(await empty.textContent()).toContain('Import a statement')
      await app.page.screenshot({ path: artifact(`first-launch-${section}.png`) })
      await empty.getByRole('button', { name: 'Import fills' }).click()
      await expect.poll(() => app.page.evaluate(() => location.hash)).toBe('#/journal/import')
      await app.page.getByTestId('journal-import').waitFor()
    })
  }

  it('lists the stored fills in their own section', async () => {
    await go('#/journal')
    await app.page.getByRole('tab', { name: 'Fills' }).click()
    await expect.poll(() => app.page.evaluate(() => location.hash)).toBe('#/journal/fills')
    await app.page.getByTestId('fills-table').waitFor()
    expect(app.errors).toEqual([])
  })
})
