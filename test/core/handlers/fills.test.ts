import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { openTestCore, type TestCore } from '../../support/core'
import { parsedFill, storeFills } from '../../support/store-fills'
import { malformedCorpus } from '../../support/malformed-fills-corpus'
import { resetJournal } from '../../support/journal'

const dir = resolve(import.meta.dirname, '../../fixtures/broker-samples')
const path = (name: string): string => resolve(dir, name)

const SAMPLES: [string, number][] = [
  ['thinkorswim-account-statement-2022-06-21.csv', 83],
  ['ninjatrader8-executions-grid-2025-01-28.csv', 55],
  ['tradovate-orders-history.csv', 12],
  ['tradovate-performance.csv', 4],
  ['tastytrade-history-CL-future.csv', 2],
  ['tastytrade-history-MES-future-options.csv', 6],
  ['ibkr-activity-trades-multi-currency-options.csv', 10],
  ['ibkr-flex-activity-trades.xml', 4],
]

let core: TestCore

beforeAll(async () => {
  core = await openTestCore()
})

afterAll(async () => {
  await core.close()
})

beforeEach(async () => {
  await resetJournal(core.pg)
  await core.pg.exec(`DELETE FROM core.app_settings WHERE key LIKE 'import-mapping:%'`)
  core.events.length = 0
})

async function countFills(): Promise<number> {
  const r = await core.pg.query<{ n: number }>('SELECT count(*)::int AS n FROM journal.trade_fills')
  return r.rows[0]?.n ?? 0
}

describe('fills-import', () => {
  it.each(SAMPLES)('imports %s with 0 errors, and a second import adds 0', async (name, n) => {
    const first = await core.value('fills-import', { path: path(name), tz: 'UTC' })
    expect(first.fills).toBe(n)
    expect(first.duplicates).toBe(0)
    const again = await core.value('fills-import', { path: path(name), tz: 'UTC' })
    expect(again.fills).toBe(0)
    expect(again.duplicates).toBe(n)
    expect(await countFills()).toBe(n)
  })

  it('keeps commission, fees and open/close with the fill and signs quantity by side', async () => {
    await core.value('fills-import', { path: path('tastytrade-history-CL-future.csv') })
    const page = await core.value('fills-list', {})
    expect(page.total).toBe(2)
    expect(page.rows.map((r) => [r.side, r.qty, r.price, r.fees, r.multiplier])).toEqual([
      ['sell', -1, 79.53, 3.07, 1000],
      ['buy', 1, 79.69, 3.07, 1000],
    ])
    const raw = await core.pg.query<{ raw_data: { commission: number; fees: number } }>(
      `SELECT raw_data FROM journal.trade_fills ORDER BY executed_at`,
    )
    expect(raw.rows[0]?.raw_data).toMatchObject({ commission: 1.25, fees: 1.82 })
  })

  it('reports progress and regroups campaigns of the touched series', async () => {
    const summary = await core.value('fills-import', {
      path: path('ninjatrader8-executions-grid-2025-01-28.csv'),
      tz: 'America/New_York',
    })
    expect(summary.campaignsRebuilt).toBe(true)
    const progress = core.events.filter((e) => e.event === 'import-progress')
    expect(progress.at(-1)?.payload).toMatchObject({ jobId: summary.batchId, done: 55, total: 55 })
    const campaigns = await core.campaigns({ account: 'Sim101' })
    expect(campaigns.length).toBe(6)
  })

  it('does not double count the Tradovate performance report next to the orders report', async () => {
    const orders = await core.value('fills-import', {
      path: path('tradovate-orders-history.csv'),
      tz: 'UTC',
    })
    expect(orders.fills).toBe(12)
    // The performance report names no account: the only Tradovate account on file is used.
    const perf = await core.value('fills-import', {
      path: path('tradovate-performance.csv'),
      tz: 'UTC',
    })
    expect(perf.accounts).toEqual(['ACCT0000000000000'])
    expect(perf.fills).toBe(0)
    expect(perf.duplicates).toBe(4)
    expect(await countFills()).toBe(12)
  })

  it('previews how many fills of a file, or of an overlapping report, are already imported', async () => {
    const fresh = await core.value('fills-preview', {
      path: path('tradovate-orders-history.csv'),
      tz: 'UTC',
    })
    expect([fresh.total, fresh.alreadyInJournal]).toEqual([12, 0])
    await core.value('fills-import', { path: path('tradovate-orders-history.csv'), tz: 'UTC' })
    const same = await core.value('fills-preview', {
      path: path('tradovate-orders-history.csv'),
      tz: 'UTC',
    })
    expect([same.total, same.alreadyInJournal]).toEqual([12, 12])
    const perf = await core.value('fills-preview', {
      path: path('tradovate-performance.csv'),
      tz: 'UTC',
    })
    expect([perf.total, perf.alreadyInJournal]).toEqual([4, 4])
    // An undone import no longer counts.
    const batches = await core.value('import-list', {})
    await core.value('import-undo', { batchId: batches[0]?.id ?? '' })
    const undone = await core.value('fills-preview', {
      path: path('tradovate-orders-history.csv'),
      tz: 'UTC',
    })
    expect(undone.alreadyInJournal).toBe(0)
  })

  it('imports the performance report first and lets the orders report add only the rest', async () => {
    const perf = await core.value('fills-import', {
      path: path('tradovate-performance.csv'),
      account: 'ACCT0000000000000',
      tz: 'UTC',
    })
    expect(perf.fills).toBe(4)
    const orders = await core.value('fills-import', {
      path: path('tradovate-orders-history.csv'),
      tz: 'UTC',
    })
    expect([orders.fills, orders.duplicates]).toEqual([8, 4])
  })

  it('accepts content from a browser, text or base64 bytes', async () => {
    const bytes = readFileSync(path('ibkr-flex-activity-trades.xml'))
    const viaBase64 = await core.value('fills-import', {
      contentBase64: bytes.toString('base64'),
      fileName: 'flex.xml',
    })
    expect(viaBase64.format).toBe('ibkr-flex')
    expect(viaBase64.fills).toBe(4)
    const viaText = await core.value('fills-import', {
      content: bytes.toString('utf8'),
      fileName: 'flex.xml',
    })
    expect(viaText.fills).toBe(0)
  })

  it('leaves the database unchanged for every malformed file, naming file, line and field', async () => {
    await core.value('fills-import', { path: path('tastytrade-history-CL-future.csv') })
    const before = await countFills()
    const batchesBefore = (await core.value('import-list', {})).length
    for (const c of malformedCorpus()) {
      const result = await core.call('fills-import', {
        contentBase64: Buffer.from(c.bytes).toString('base64'),
        fileName: c.name,
        ...(c.format ? { broker: c.format } : {}),
        ...(c.mapping ? { mapping: c.mapping } : {}),
      })
      expect(result.ok, c.name).toBe(false)
      if (result.ok) continue
      expect(result.error.code).toBe('parse-error')
      const errors = result.error.details?.errors as { file: string; line: number; field: string }[]
      expect(errors[0]).toMatchObject({ file: c.name, line: c.line, field: c.field })
      expect(result.error.message).toContain(`${c.name}:${c.line}`)
    }
    expect(await countFills()).toBe(before)
    expect((await core.value('import-list', {})).length).toBe(batchesBefore)
  })

  it('refuses a missing file with not-found', async () => {
    const result = await core.call('fills-import', { path: path('no-such-file.csv') })
    expect(result.ok || result.error.code).toBe('not-found')
  })
})

describe('import-cancel', () => {
  it('rolls a running import back and writes nothing', async () => {
    const lines = ['Account,Symbol,Side,Qty,Price,Time']
    for (let i = 0; i < 20_000; i++) {
      const time = new Date(Date.UTC(2024, 0, 2) + i * 60_000).toISOString()
      lines.push(`C${i % 2},ES,${i % 2 === 0 ? 'BUY' : 'SELL'},1,${5000 + (i % 8) / 4},${time}`)
    }
    const running = core.call('fills-import', {
      content: lines.join('\n'),
      fileName: 'big.csv',
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
    const jobId = await vi.waitFor(
      () => {
        const event = core.events.find((e) => e.event === 'import-progress')
        if (!event) throw new Error('no progress yet')
        return (event.payload as { jobId: string }).jobId
      },
      { timeout: 60_000, interval: 5 },
    )
    expect(await core.value('import-cancel', { batchId: jobId })).toEqual({ cancelled: true })
    const result = await running
    expect(result.ok || result.error.code).toBe('cancelled')
    expect(await countFills()).toBe(0)
    expect(await core.value('import-list', {})).toEqual([])
    expect(await core.value('import-cancel', { batchId: jobId })).toEqual({ cancelled: false })
  })
})

describe('import-undo', () => {
  it('drops a whole batch from live reads without touching the ledger, then allows re-import', async () => {
    // 7 executions and 3 openings rebuilt from ClosedLot rows.
    const n = 10
    const first = await core.value('fills-import', {
      path: path('ibkr-activity-trades-multi-currency-options.csv'),
    })
    expect((await core.value('fills-list', {})).total).toBe(n)
    const undo = await core.value('import-undo', { batchId: first.batchId })
    expect(undo.fills).toBe(n)
    expect((await core.value('fills-list', {})).total).toBe(0)
    expect((await core.value('fills-list', { includeUndone: true })).total).toBe(n)
    expect(await core.campaigns({})).toEqual([])
    const batches = await core.value('import-list', {})
    expect(batches[0]?.undoneAt).not.toBe(null)

    const again = await core.value('fills-import', {
      path: path('ibkr-activity-trades-multi-currency-options.csv'),
    })
    expect([again.fills, again.duplicates]).toEqual([n, 0])
    expect((await core.value('fills-list', {})).total).toBe(n)
    const third = await core.value('fills-import', {
      path: path('ibkr-activity-trades-multi-currency-options.csv'),
    })
    expect([third.fills, third.duplicates]).toEqual([0, n])
    expect(await countFills()).toBe(2 * n)
  })

  it('does not add a lot opening when the journal already holds earlier fills of the contract', async () => {
    const first = await core.value('fills-import', {
      path: path('ibkr-activity-trades-multi-currency-options.csv'),
    })
    const unit = (await core.value('fills-list', {})).rows.filter((r) => r.symbol === 'UNIT')
    const account = unit[0]?.account
    if (!account) throw new Error('no UNIT fills')
    // Two rebuilt openings (2017-09-25 and -28) and the sale that closes them.
    expect(unit).toHaveLength(3)
    await core.value('import-undo', { batchId: first.batchId })
    // An earlier import holds the real history of UNIT: its own buy of the first lot.
    await storeFills(core.pg, [
      parsedFill({
        account,
        symbol: 'UNIT',
        qty: 100,
        price: 16.222865,
        executedAt: '2017-09-25T15:00:00.000Z',
      }),
    ])
    const again = await core.value('fills-import', {
      path: path('ibkr-activity-trades-multi-currency-options.csv'),
    })
    expect(again.fills).toBe(10 - 2)
    const skipped = again.warnings.filter((w) => w.code === 'lot-opening-in-journal')
    expect(skipped).toHaveLength(2)
    expect(skipped[0]?.message).toContain('UNIT')
    const live = (await core.value('fills-list', {})).rows
    expect(live.filter((r) => r.symbol === 'UNIT')).toHaveLength(2)
    // HMBs has no history in the journal: its lot opening is still rebuilt.
    expect(live.filter((r) => r.symbol === 'HMBs')).toHaveLength(2)
  })

  it('re-imports fills keyed by execution id after an undo', async () => {
    const first = await core.value('fills-import', { path: path('ibkr-flex-activity-trades.xml') })
    await core.value('import-undo', { batchId: first.batchId })
    const again = await core.value('fills-import', { path: path('ibkr-flex-activity-trades.xml') })
    expect(again.fills).toBe(4)
    const page = await core.value('fills-list', {})
    expect(page.rows.every((r) => r.importBatchId === again.batchId)).toBe(true)
  })

  it('answers not-found for an unknown batch and conflict for a second undo', async () => {
    const first = await core.value('fills-import', { path: path('tradovate-performance.csv') })
    await core.value('import-undo', { batchId: first.batchId })
    const twice = await core.call('import-undo', { batchId: first.batchId })
    expect(twice.ok || twice.error.code).toBe('conflict')
    const unknown = await core.call('import-undo', {
      batchId: '0190a000-0000-7000-8000-000000000000',
    })
    expect(unknown.ok || unknown.error.code).toBe('not-found')
  })

  it('never updates or deletes ledger rows', async () => {
    await core.value('fills-import', { path: path('tradovate-performance.csv') })
    await expect(core.pg.exec('DELETE FROM journal.trade_fills')).rejects.toThrow(/ledger/)
  })
})

// An IBKR Flex activity report in the shape of the sample (OpenPositions before Trades, every
// datum an attribute; the position once at SUMMARY level and once per LOT), small enough to read.
function flexReport(positions: string[], trades: string[]): string {
  const position = (p: string): string => {
    const [symbol, qty, level] = p.split(' ')
    return `<OpenPosition accountId="U7654321" currency="USD" assetCategory="STK" symbol="${symbol}" multiplier="1" reportDate="20250228" position="${qty}" side="${Number(qty) < 0 ? 'Short' : 'Long'}" levelOfDetail="${level ?? 'SUMMARY'}" />`
  }
  const trade = (t: string, i: number): string => {
    const [symbol, qty, date] = t.split(' ')
    return `<Trade accountId="U7654321" currency="USD" assetCategory="STK" symbol="${symbol}" multiplier="1" dateTime="${date};100000" quantity="${qty}" tradePrice="50" ibCommission="-1" buySell="${Number(qty) < 0 ? 'SELL' : 'BUY'}" ibExecID="X${i}" levelOfDetail="EXECUTION" />`
  }
  return [
    '<FlexQueryResponse queryName="t" type="AF">',
    '<FlexStatements count="1">',
    '<FlexStatement accountId="U7654321" fromDate="20250101" toDate="20250228">',
    '<OpenPositions>',
    ...positions.map(position),
    '</OpenPositions>',
    '<Trades>',
    ...trades.map(trade),
    '</Trades>',
    '</FlexStatement>',
    '</FlexStatements>',
    '</FlexQueryResponse>',
  ].join('\n')
}

describe('stated open positions', () => {
  it('warns where the IBKR Flex OpenPositions section disagrees with the journal', async () => {
    const preview = await core.value('fills-preview', {
      path: path('ibkr-flex-activity-trades.xml'),
    })
    const expected = [
      // 340 AAPL stated; the file's two buys make 240: 100 were bought before the file.
      "The statement states a position of 340 AAPL in U1234567 on 2026-07-14; the journal's fills up to that day hold 240 (a difference of 100: fills missing from the journal, or from before its first import)",
      // GOLD is traded in the file but not listed: the statement says it is flat.
      "The statement lists no open position of GOLD in U1234567 on 2026-07-14; the journal's fills up to that day hold 591 (a difference of -591: fills missing from the journal, or from before its first import)",
    ]
    const messages = (w: { code: string; message: string }[]): string[] =>
      w.filter((x) => x.code === 'stated-position-differs').map((x) => x.message)
    expect(messages(preview.warnings)).toEqual(expected)
    const imported = await core.value('fills-import', {
      path: path('ibkr-flex-activity-trades.xml'),
    })
    expect(messages(imported.warnings)).toEqual(expected)
    // Once the missing opening is in the journal, AAPL agrees.
    await core.value('fills-import', {
      content: flexReport([], ['AAPL 100 20260105']).replaceAll('U7654321', 'U1234567'),
      fileName: 'earlier.xml',
    })
    const again = await core.value('fills-preview', { path: path('ibkr-flex-activity-trades.xml') })
    expect(messages(again.warnings)).toEqual([expected[1]])
  })

  it('stays quiet when every stated position matches, short ones and lot rows included', async () => {
    const text = flexReport(
      ['MSFT 30', 'MSFT 10 LOT', 'MSFT 20 LOT', 'TSLA -5'],
      [
        'MSFT 10 20250110',
        'MSFT 20 20250111',
        'TSLA -5 20250112',
        'NVDA 4 20250113',
        'NVDA -4 20250114',
      ],
    )
    const summary = await core.value('fills-import', { content: text, fileName: 'flex.xml' })
    expect(summary.fills).toBe(5)
    expect(summary.warnings.filter((w) => w.code === 'stated-position-differs')).toEqual([])
    // A fill after the report date does not count against it.
    const later = flexReport(
      ['MSFT 30'],
      ['MSFT 10 20250110', 'MSFT 20 20250111', 'MSFT 1 20250301'],
    )
    const preview = await core.value('fills-preview', { content: later, fileName: 'later.xml' })
    expect(preview.warnings.filter((w) => w.code === 'stated-position-differs')).toEqual([])
  })
})

describe('fills-preview and fills-list', () => {
  it('previews the detected format, zone and first fills without writing', async () => {
    const preview = await core.value('fills-preview', {
      path: path('thinkorswim-account-statement-2022-06-21.csv'),
      limit: 3,
    })
    expect(preview).toMatchObject({
      detected: 'thinkorswim',
      format: 'thinkorswim',
      zone: 'America/New_York',
      defaultZone: 'America/New_York',
      total: 83,
      errors: [],
    })
    expect(preview.fills.map((f) => f.executedAt)).toEqual([
      '2022-06-21T13:34:56.000Z',
      '2022-06-21T13:35:18.000Z',
      '2022-06-21T13:40:38.000Z',
    ])
    expect(preview.statedTotals).toContainEqual(
      expect.objectContaining({ amount: 99, symbol: null }),
    )
    expect(await countFills()).toBe(0)
  })

  it('returns errors with line numbers instead of failing', async () => {
    const preview = await core.value('fills-preview', {
      content:
        'Instrument,Action,Quantity,Price,Time,ID,E/X,Account\nES MAR25,Buy,1,abc,1/2/2025 9:30:00 AM,x1,Entry,A\n',
      fileName: 'nt.csv',
    })
    expect(preview.detected).toBe('ninjatrader8')
    expect(preview.errors).toEqual([
      { file: 'nt.csv', line: 2, field: 'Price', message: '"abc" is not a price' },
    ])
    expect(preview.head[0]?.[0]).toBe('Instrument')
  })

  it('pages and filters by account and symbol', async () => {
    await core.value('fills-import', {
      path: path('ninjatrader8-executions-grid-2025-01-28.csv'),
      tz: 'America/New_York',
    })
    const page = await core.value('fills-list', { account: 'Sim101', offset: 5, limit: 10 })
    expect(page.total).toBe(19)
    expect(page.rows).toHaveLength(10)
    expect(page.rows.every((r) => r.account === 'Sim101' && r.symbol === 'MNQ MAR25')).toBe(true)
    // Text anywhere in the symbol: "NQ MAR25" is also inside "MNQ MAR25".
    const nq = await core.value('fills-list', { symbol: 'NQ MAR25' })
    expect(nq.total).toBe(36 + 19)
    const mnq = await core.value('fills-list', { symbol: 'mnq' })
    expect(mnq.total).toBe(19)
  })
})

describe('generic mappings', () => {
  it('saves a mapping per broker name and imports with it', async () => {
    const mapping = {
      columns: { symbol: 'Ticker', side: 'Side', qty: 'Shares', price: 'Px', time: 'When' },
      dateFormat: 'yyyy-MM-dd HH:mm:ss',
    }
    await core.value('import-save-mapping', { name: 'My Broker', mapping })
    expect(await core.value('import-list-mappings', {})).toEqual(['My Broker'])
    expect(await core.value('import-get-mapping', { name: 'My Broker' })).toEqual(mapping)
    const summary = await core.value('fills-import', {
      content:
        'Ticker,Side,Shares,Px,When\nAAPL,BUY,10,190.5,2024-03-01 10:00:00\nAAPL,SELL,10,191,2024-03-01 11:00:00\n',
      fileName: 'mine.csv',
      broker: 'generic',
      mappingName: 'My Broker',
      account: 'cash',
      tz: 'America/New_York',
    })
    expect([summary.format, summary.fills, summary.accounts]).toEqual(['generic', 2, ['cash']])
  })

  it('previews an unknown semicolon file with its header cells for the mapping editor', async () => {
    const preview = await core.value('fills-preview', {
      content: 'Ticker;Side;Shares;Px;When\nAAPL;BUY;10;190.5;2024-03-01 10:00:00\n',
      fileName: 'other.csv',
    })
    expect(preview.detected).toBe(null)
    expect(preview.head[0]).toEqual(['Ticker', 'Side', 'Shares', 'Px', 'When'])
    expect(preview.errors[0]).toMatchObject({ file: 'other.csv', line: 1, field: 'header' })
  })

  it('lists the formats with their default zones', async () => {
    const formats = await core.value('import-formats', {})
    expect(formats).toContainEqual({
      id: 'thinkorswim',
      label: 'thinkorswim account statement',
      defaultZone: 'America/New_York',
    })
    expect(formats).toHaveLength(8)
  })
})
