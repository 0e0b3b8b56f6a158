// The import wizard in Debian's Chromium over the real web host: detect, preview with the zone,
// import, summary, errors with line numbers, undo, and the virtualised fills table.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ImportPage } from './pages/import-page'
import { openApp, type App } from './support/app'
import { artifact, isBrowserSkipped } from './support/browser'

// The table refreshes on a pushed event; a busy machine may take a while to deliver it.
const POLL = { timeout: 30_000 }

const samples = resolve(import.meta.dirname, '../fixtures/broker-samples')

describe.skipIf(isBrowserSkipped)('journal import wizard (Chromium, browser mode)', () => {
  let app: App
  let wizard: ImportPage
  let scratch: string
  // Channels the page called, in order, and whether any call carried a file's bytes inline.
  const calls: { channel: string; isInline: boolean }[] = []

  beforeAll(async () => {
    app = await openApp()
    app.page.on('request', (request) => {
      if (!request.url().endsWith('/rpc')) return
      const body = request.postData() ?? ''
      const channel = /"channel":"([^"]+)"/.exec(body)?.[1] ?? ''
      calls.push({ channel, isInline: body.includes('"contentBase64"') })
    })
    wizard = new ImportPage(app.page)
    scratch = mkdtempSync(join(tmpdir(), 'edgebook-import-e2e-'))
    await wizard.open()
  }, 180_000)
  afterAll(async () => {
    await app?.close()
  })

  it('detects a thinkorswim statement and previews it in US Eastern time', async () => {
    await wizard.pickFile(join(samples, 'thinkorswim-account-statement-2022-06-21.csv'))
    expect(await wizard.detectedFormat().textContent()).toBe('thinkorswim')
    expect(await wizard.previewTotal().textContent()).toBe('83 fills')
    const facts = await wizard.facts().textContent()
    expect(facts).toContain('times read in America/New_York')
    expect(facts).toContain('105 cancelled skipped')
    expect(facts).toContain('file states P/L Day $99.00')
    const firstRow = app.page.getByTestId('import-preview-table').locator('tbody tr').first()
    expect(await firstRow.textContent()).toContain('2022-06-21 13:34:56Z')
    await app.page.screenshot({ path: artifact('import-preview.png') })
  })

  it('imports it and shows the summary and the stored fills', async () => {
    await wizard.runImport()
    expect(await wizard.added().textContent()).toBe('83')
    expect(await wizard.duplicates().textContent()).toBe('0')
    // The file crossed once: one upload, then the preview and the import named its token.
    const fileCalls = calls.filter((c) =>
      /^(file-upload|fills-preview|fills-import)$/.test(c.channel),
    )
    expect(fileCalls.map((c) => c.channel)).toEqual([
      'file-upload',
      'fills-preview',
      'fills-import',
    ])
    expect(calls.some((c) => c.isInline)).toBe(false)
    await expect.poll(() => wizard.fillsTotal().textContent(), POLL).toBe('83 fills')
    await app.page.screenshot({ path: artifact('import-summary.png') })
  })

  it('warns before import that the same file is already imported, then adds nothing', async () => {
    await wizard.importAnother()
    await wizard.pickFile(join(samples, 'thinkorswim-account-statement-2022-06-21.csv'))
    expect(await wizard.alreadyImported().textContent()).toBe(
      'All 83 fills of this file are already in the journal (imported before, or from an overlapping report); importing adds nothing.',
    )
    await wizard.runImport()
    expect(await wizard.added().textContent()).toBe('0')
    expect(await wizard.duplicates().textContent()).toBe('83')
  })

  it("shows a bad file's errors with line and field, and offers no import", async () => {
    await wizard.importAnother()
    const bad = join(scratch, 'bad-ninjatrader.csv')
    writeFileSync(
      bad,
      'Instrument,Action,Quantity,Price,Time,ID,E/X,Account\n' +
        'ES MAR25,Buy,1,5000,1/2/2025 9:30:00 AM,x1,Entry,A\n' +
        'ES MAR25,Sell,1,abc,1/2/2025 9:31:00 AM,x2,Exit,A\n',
    )
    await wizard.pickFile(bad)
    expect(await wizard.errors().allTextContents()).toEqual([
      'bad-ninjatrader.csv:3 Price — "abc" is not a price',
    ])
    expect(await wizard.importButton().isDisabled()).toBe(true)
    await app.page.screenshot({ path: artifact('import-errors.png') })
  })

  it('undoes an import as a whole', async () => {
    await wizard.chooseAnotherFile()
    await wizard.pickFile(join(samples, 'ninjatrader8-executions-grid-2025-01-28.csv'))
    await wizard.runImport()
    expect(await wizard.added().textContent()).toBe('55')
    await expect.poll(() => wizard.fillsTotal().textContent(), POLL).toBe('138 fills')
    await wizard.undoLastImport()
    await expect.poll(() => wizard.fillsTotal().textContent(), POLL).toBe('83 fills')
  })

  it('warns that an overlapping report holds fills already imported', async () => {
    await wizard.importAnother()
    await wizard.pickFile(join(samples, 'tradovate-orders-history.csv'))
    expect(await wizard.alreadyImported().count()).toBe(0)
    await wizard.runImport()
    expect(await wizard.added().textContent()).toBe('12')
    await wizard.importAnother()
    // The performance report restates four of the orders report's executions.
    await wizard.pickFile(join(samples, 'tradovate-performance.csv'))
    expect(await wizard.alreadyImported().textContent()).toContain('All 4 fills of this file')
    await app.page.screenshot({ path: artifact('import-already.png') })
    // Take the orders report back so the journal holds what the next test counts on.
    const batches = (await app.rpc('import-list', {})) as { id: string; fileName: string }[]
    const orders = batches.find((b) => b.fileName === 'tradovate-orders-history.csv')
    await app.rpc('import-undo', { batchId: orders?.id })
    await expect.poll(() => wizard.fillsTotal().textContent(), POLL).toBe('83 fills')
  })

  it('keeps only the visible rows of many fills in the DOM and loads pages as it scrolls', async () => {
    const lines = ['Account,Symbol,Side,Qty,Price,Time']
    for (let i = 0; i < 5000; i++) {
      const time = new Date(Date.UTC(2024, 0, 2, 14, 30) + i * 60_000).toISOString()
      lines.push(`B${i % 3},ES,${i % 2 === 0 ? 'BUY' : 'SELL'},1,${5000 + (i % 40) / 4},${time}`)
    }
    await app.rpc('fills-import', {
      content: lines.join('\n'),
      fileName: 'many.csv',
      broker: 'generic',
      mapping: {
        columns: {
          account: 'Account',
          symbol: 'Symbol',
          side: 'Side',
          qty: 'Qty',
          price: 'Price',
          time: 'Time',
        },
        dateFormat: 'iso',
        assetClass: 'future',
      },
    })
    await expect.poll(() => wizard.fillsTotal().textContent(), POLL).toBe('5,083 fills')
    expect(await wizard.renderedFillRows().count()).toBeLessThan(100)
    await wizard.scrollFillsToEnd()
    const last = app.page.locator('[data-testid="fills-row"][aria-rowindex="5083"]')
    await last.waitFor()
    await expect.poll(() => last.textContent()).toContain('thinkorswim')
    expect(await wizard.renderedFillRows().count()).toBeLessThan(100)
    expect(app.errors).toEqual([])
  })
})
