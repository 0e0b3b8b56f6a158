import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ParsedFill } from '../../../../../electron/core/domain/journal/fill'
import {
  dedupeKeys,
  detectFormat,
  parseCsv,
  parseFills,
  type ParseOptions,
  type ParseResult,
} from '../../../../../electron/core/domain/journal/import/index'

const dir = resolve(import.meta.dirname, '../../../../fixtures/broker-samples')

function bytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(resolve(dir, name)))
}

function parse(name: string, options: Partial<ParseOptions> = {}): ParseResult {
  const outcome = parseFills(bytes(name), { fileName: name, ...options })
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors))
  return outcome.value
}

function skipped(result: ParseResult): Record<string, number> {
  return Object.fromEntries(result.skipped.map((s) => [s.reason, s.count]))
}

/** Cash flow of a fill set: what a flat-to-flat sequence nets, costs included. */
function netCash(fills: readonly ParsedFill[]): number {
  return fills.reduce((sum, f) => sum - f.qty * f.price * f.multiplier - f.commission - f.fees, 0)
}

function position(fills: readonly ParsedFill[]): number {
  return fills.reduce((sum, f) => sum + f.qty, 0)
}

type SampleRow = { line: number; cell: (name: string) => string }

/** A sample's rows as plain CSV, each cell read by the name the last header row gives it. */
function csvRows(name: string): SampleRow[] {
  const csv = parseCsv(new TextDecoder().decode(bytes(name)), ',')
  if (!csv.ok) throw new Error(csv.error.message)
  let header: string[] = []
  return csv.rows.flatMap((row) => {
    if (row.fields[1] === 'Header') {
      header = row.fields.map((f) => f.trim().toLowerCase())
      return []
    }
    const names = header
    return [{ line: row.line, cell: (n: string) => row.fields[names.indexOf(n)]?.trim() ?? '' }]
  })
}

function rowAt(rows: readonly SampleRow[], line: number): SampleRow {
  const row = rows.find((r) => r.line === line)
  if (!row) throw new Error(`no row on line ${line}`)
  return row
}

/** What an IBKR row's Realized P/L holds beyond its proceeds, commission and basis. */
function unexplained(row: SampleRow): number {
  const n = (name: string): number => Number(row.cell(name))
  return n('realized p/l') - (n('proceeds') + n('comm/fee') + n('basis'))
}

const SAMPLES: [string, string][] = [
  ['thinkorswim-account-statement-2022-06-21.csv', 'thinkorswim'],
  ['ninjatrader8-executions-grid-2025-01-28.csv', 'ninjatrader8'],
  ['tradovate-orders-history.csv', 'tradovate-orders'],
  ['tradovate-performance.csv', 'tradovate-performance'],
  ['tastytrade-history-CL-future.csv', 'tastytrade'],
  ['tastytrade-history-MES-future-options.csv', 'tastytrade'],
  ['ibkr-activity-trades-multi-currency-options.csv', 'ibkr-activity'],
  ['ibkr-flex-activity-trades.xml', 'ibkr-flex'],
]

describe('detectFormat', () => {
  it.each(SAMPLES)('recognises %s as %s', (name, format) => {
    expect(detectFormat(name, new TextDecoder().decode(bytes(name)))).toBe(format)
  })

  it('recognises nothing in an unrelated CSV', () => {
    expect(
      detectFormat('bars.csv', 'Date,Open,High,Low,Close,Volume\n2020-01-02,1,2,0.5,1.5,100\n'),
    ).toBe(null)
  })

  it.each(SAMPLES)('keys every fill of %s uniquely and stably', (name) => {
    const first = dedupeKeys(parse(name, { tz: 'UTC' }).fills)
    const again = dedupeKeys(parse(name, { tz: 'UTC' }).fills)
    expect(new Set(first).size).toBe(first.length)
    expect(again).toEqual(first)
  })
})

describe('thinkorswim account statement', () => {
  const r = parse('thinkorswim-account-statement-2022-06-21.csv')

  it('reads the 83 executions of Account Trade History in US Eastern time', () => {
    expect(r.format).toBe('thinkorswim')
    expect(r.zone).toBe('America/New_York')
    expect(r.fills).toHaveLength(83)
    const first = r.fills[0]
    expect(first).toMatchObject({
      symbol: 'NVDA',
      assetClass: 'stock',
      side: 'sell',
      qty: -100,
      price: 166.8,
      multiplier: 1,
      line: 415,
      // 09:34:56 EDT (UTC−4 in June)
      executedAt: '2022-06-21T13:34:56.000Z',
    })
    expect(r.fills.at(-1)).toMatchObject({
      side: 'buy',
      qty: 500,
      price: 166.39,
      line: 333,
      executedAt: '2022-06-21T19:23:42.000Z',
    })
  })

  it('keeps two identical rows as two fills with distinct keys', () => {
    const twins = r.fills.filter((f) => f.executedAt === '2022-06-21T15:53:07.000Z')
    expect(twins.map((f) => [f.line, f.qty, f.price])).toEqual([
      [379, -500, 168.04],
      [380, -500, 168.04],
    ])
    const keys = dedupeKeys(r.fills)
    const twinKeys = twins.map((t) => keys[r.fills.indexOf(t)])
    expect(twinKeys[0]).not.toBe(twinKeys[1])
    expect(twinKeys[0]?.replace(/:0$/, ':1')).toBe(twinKeys[1])
  })

  it('counts cancelled, rejected, expired orders and continuation rows of the order history', () => {
    expect(skipped(r)).toEqual({
      cancelled: 105,
      rejected: 28,
      'not-filled': 1,
      'continuation-row': 94,
    })
  })

  it('states P/L Day $99.00, which the fills reproduce as a flat day', () => {
    expect(r.statedTotals).toContainEqual({
      label: 'P/L Day',
      symbol: null,
      currency: 'USD',
      amount: 99,
      line: 420,
    })
    expect(position(r.fills)).toBe(0)
    expect(netCash(r.fills)).toBeCloseTo(99, 6)
  })

  it('reads times in the zone the trader chooses instead', () => {
    const utc = parse('thinkorswim-account-statement-2022-06-21.csv', { tz: 'UTC' })
    expect(utc.fills[0]?.executedAt).toBe('2022-06-21T09:34:56.000Z')
  })
})

describe('NinjaTrader 8 executions grid', () => {
  const r = parse('ninjatrader8-executions-grid-2025-01-28.csv', { tz: 'America/New_York' })

  it('reads 55 executions over four accounts with their execution ids', () => {
    expect(r.fills).toHaveLength(55)
    const accounts = new Set(r.fills.map((f) => f.account))
    expect([...accounts].sort()).toEqual([
      'APEX1279810000026',
      'APEX1279810000027',
      'APEX1279810000028',
      'Sim101',
    ])
    const first = r.fills.find((f) => f.line === 2)
    expect(first).toMatchObject({
      account: 'Sim101',
      symbol: 'MNQ MAR25',
      underlying: 'MNQ',
      assetClass: 'future',
      side: 'buy',
      qty: 9,
      price: 21539.5,
      multiplier: 2,
      commission: 0,
      externalTradeId: 'e6c4685b7fa74bb6a8af5cacebc76cb7',
      orderId: '258aa78f1aaa420ea8de80a4c1292789',
      openClose: 'open',
      // 10:59:52 AM EST (UTC−5 in January)
      executedAt: '2025-01-28T15:59:52.000Z',
    })
  })

  it('applies NQ point value 20 and keeps the $1.55 commission per fill', () => {
    const last = r.fills.find((f) => f.line === 56)
    expect(last).toMatchObject({
      account: 'APEX1279810000028',
      symbol: 'NQ MAR25',
      side: 'sell',
      qty: -1,
      price: 21542.25,
      multiplier: 20,
      commission: 1.55,
      openClose: 'close',
      externalTradeId: '158031531332',
    })
  })

  it('leaves every account flat, Sim101 up $89.50 on MNQ', () => {
    const sim = r.fills.filter((f) => f.account === 'Sim101')
    expect(position(sim)).toBe(0)
    expect(netCash(sim)).toBeCloseTo(89.5, 6)
    const apex26 = r.fills.filter((f) => f.account === 'APEX1279810000026')
    // (21541.50 − …) × 20 over six round trips, less 12 × $1.55
    expect(netCash(apex26)).toBeCloseTo(51.4, 6)
  })
})

describe('Tradovate orders report', () => {
  const r = parse('tradovate-orders-history.csv', { tz: 'UTC' })

  it('turns the 12 filled orders into fills and counts 16 cancelled ones', () => {
    expect(r.fills).toHaveLength(12)
    expect(skipped(r)).toEqual({ cancelled: 16 })
    expect(r.fills[0]).toMatchObject({
      account: 'ACCT0000000000000',
      symbol: 'MNQM6',
      underlying: 'MNQ',
      side: 'buy',
      qty: 5,
      price: 28531.75,
      multiplier: 2,
      executedAt: '2026-06-10T16:00:05.000Z',
      externalTradeId: null,
      orderId: '537862110004',
    })
    expect(r.fills.at(-1)).toMatchObject({
      symbol: 'MNQU6',
      side: 'sell',
      qty: -3,
      price: 29240.5,
      line: 29,
    })
  })

  it('keys fills by content so the performance report lands on the same keys', () => {
    const perf = parse('tradovate-performance.csv', { tz: 'UTC', account: 'ACCT0000000000000' })
    const orderKeys = new Set(dedupeKeys(r.fills))
    const perfKeys = dedupeKeys(perf.fills)
    expect(perfKeys).toHaveLength(4)
    for (const key of perfKeys) expect(orderKeys.has(key)).toBe(true)
  })
})

describe('Tradovate performance report', () => {
  const r = parse('tradovate-performance.csv', { tz: 'UTC' })

  it('derives one buy and one sell fill per round trip', () => {
    expect(r.fills.map((f) => [f.side, f.qty, f.price, f.executedAt])).toEqual([
      ['buy', 5, 28531.75, '2026-06-10T16:00:05.000Z'],
      ['sell', -5, 28491.75, '2026-06-10T16:00:29.000Z'],
      ['buy', 5, 29262, '2026-06-12T09:45:49.000Z'],
      ['sell', -5, 29382, '2026-06-12T09:57:07.000Z'],
    ])
    expect(r.fills.every((f) => f.account === 'tradovate' && f.multiplier === 2)).toBe(true)
  })

  it("states the pairs' pnl, $(400.00) + $1,200.00 = $800, which the fills reproduce", () => {
    expect(r.statedTotals).toContainEqual({
      label: 'pnl',
      symbol: null,
      currency: 'USD',
      amount: 800,
      line: 1,
    })
    expect(netCash(r.fills)).toBeCloseTo(800, 6)
  })
})

describe('tastytrade history', () => {
  it('reads the CL future with its point value and per-fill costs, offsets from the file', () => {
    const r = parse('tastytrade-history-CL-future.csv')
    expect(r.zone).toBe(null)
    expect(r.fills).toEqual([
      expect.objectContaining({
        symbol: '/CLJ4',
        underlying: 'CL',
        assetClass: 'future',
        side: 'buy',
        qty: 1,
        price: 79.69,
        multiplier: 1000,
        commission: 1.25,
        fees: 1.82,
        orderId: '310909959',
        executedAt: '2023-03-04T13:12:32.000Z',
        line: 3,
      }),
      expect.objectContaining({
        side: 'sell',
        qty: -1,
        price: 79.53,
        executedAt: '2023-03-04T13:16:27.000Z',
        line: 2,
      }),
    ])
    // −$160 on the contract, less 2 × ($1.25 + $1.82)
    expect(netCash(r.fills)).toBeCloseTo(-166.14, 6)
  })

  it("reads MES futures options at the future's multiplier 5, expirations as closing fills", () => {
    const r = parse('tastytrade-history-MES-future-options.csv')
    expect(r.fills).toHaveLength(6)
    expect(skipped(r)).toEqual({ 'cash-line': 1 })
    expect(r.fills[0]).toMatchObject({
      symbol: 'MESU4 240920P5050',
      underlying: 'MES',
      assetClass: 'future_option',
      side: 'sell',
      qty: -1,
      price: 54,
      multiplier: 5,
      commission: 1.5,
      fees: 0.46,
      openClose: 'open',
      executedAt: '2024-05-23T15:01:37.000Z',
    })
    const expiry = r.fills.filter((f) => f.executedAt === '2024-09-20T21:00:00.000Z')
    expect(expiry.map((f) => [f.side, f.price, f.openClose])).toEqual([
      ['buy', 0, 'close'],
      ['sell', 0, 'close'],
    ])
    expect(r.warnings).toEqual([])
    expect(netCash(r.fills)).toBeCloseTo(162.5, 6)
  })
})

describe('IBKR activity statement', () => {
  const name = 'ibkr-activity-trades-multi-currency-options.csv'
  const r = parse(name)
  const rows = csvRows(name)
  const executions = r.fills.filter((f) => f.origin === undefined)
  const rebuilt = r.fills.filter((f) => f.origin === 'closed-lot')

  it('reads Trade rows in SEK and USD, counting orders, lots and subtotals', () => {
    expect(executions).toHaveLength(7)
    // Every ClosedLot row is either an opening rebuilt from it or counted as skipped.
    const lotRows = rows.filter((row) => row.cell('datadiscriminator') === 'ClosedLot')
    expect(skipped(r)).toEqual({
      'order-summary': 6,
      'closed-lot': lotRows.length - rebuilt.length,
      subtotal: 3,
    })
    expect(executions[0]).toMatchObject({
      account: 'U12345',
      symbol: 'HMBs',
      currency: 'SEK',
      side: 'sell',
      qty: -257,
      price: 176.85,
      multiplier: 1,
      commission: 49,
      openClose: 'close',
      // 06:57:37 EST (UTC−5 in January)
      executedAt: '2021-01-11T11:57:37.000Z',
    })
  })

  it('keeps the two identical-looking CLOV partial fills, with the ×100 option multiplier', () => {
    const split = r.fills.filter((f) => f.executedAt === '2021-06-21T14:38:40.000Z')
    expect(split.map((f) => [f.qty, f.price, f.multiplier, f.commission])).toEqual([
      [-1, 0.41, 100, 1.0600091],
      [-1, 0.41, 100, 0.3600091],
    ])
  })

  it('rebuilds the lots opened before the file from their ClosedLot rows, at 00:00 of the open date', () => {
    expect(rebuilt.map((f) => [f.line, f.symbol, f.side, f.qty, f.executedAt])).toEqual([
      // 00:00 EDT on 2017-09-25 and 2017-09-28, 00:00 EST on 2018-02-02
      [8, 'UNIT', 'buy', 100, '2017-09-25T04:00:00.000Z'],
      [9, 'UNIT', 'buy', 100, '2017-09-28T04:00:00.000Z'],
      [4, 'HMBs', 'buy', 257, '2018-02-02T05:00:00.000Z'],
    ])
    for (const f of rebuilt) {
      const row = rowAt(rows, f.line)
      expect(row.cell('symbol')).toBe(f.symbol)
      expect(f.qty).toBe(Number(row.cell('quantity')))
      // The basis already holds the opening commission: none is added.
      expect(f.qty * f.price * f.multiplier).toBeCloseTo(Number(row.cell('basis')), 8)
      expect([f.commission, f.fees, f.openClose, f.currency]).toEqual([
        0,
        0,
        'open',
        row.cell('currency'),
      ])
    }
    expect(r.warnings.filter((w) => w.code === 'opening-unknown')).toEqual([])
  })

  it('leaves a lot whose opening execution is in the file to that execution', () => {
    const clov = r.fills.filter((f) => f.underlying === 'CLOV')
    const lots = rows.filter(
      (row) =>
        row.cell('datadiscriminator') === 'ClosedLot' && row.cell('symbol').startsWith('CLOV'),
    )
    expect(lots).toHaveLength(3)
    expect(clov.every((f) => f.origin === undefined)).toBe(true)
    // The three lots are the file's three opening sales, opened on those days.
    const openingDays = clov
      .filter((f) => f.openClose === 'open')
      .map((f) => f.executedAt.slice(0, 10))
    expect(lots.map((row) => row.cell('date/time'))).toEqual([...new Set(openingDays)])
    expect(position(clov)).toBe(0)
  })

  it('states Realized P/L per symbol, which the fills reproduce to the cent but for the assignment premium', () => {
    expect(r.statedTotals.map((t) => [t.symbol, t.currency, t.amount])).toEqual([
      ['HMBs', 'SEK', 9254.23],
      ['UNIT', 'USD', -445.772436],
      ['CLOV 16JUL21 20.0 C', 'USD', 355.308974],
    ])
    // UNIT's shares were called away (code A): IBKR adds the assigned call's premium to their
    // Realized P/L, and the call's own fills are not in this file. The importer says so.
    const differs = r.warnings.filter((w) => w.code === 'stated-pnl-differs')
    expect(differs.map((w) => rowAt(rows, w.line).cell('symbol'))).toEqual(['UNIT'])
    for (const total of r.statedTotals) {
      const fills = r.fills.filter((f) => f.symbol === total.symbol)
      expect(position(fills)).toBe(0)
      const premium = differs
        .map((w) => rowAt(rows, w.line))
        .filter((row) => row.cell('symbol') === total.symbol)
        .reduce((sum, row) => sum + unexplained(row), 0)
      expect(netCash(fills)).toBeCloseTo(total.amount - premium, 2)
    }
  })

  it('keys a rebuilt opening by the execution that closed it', () => {
    const header =
      'Trades,Header,DataDiscriminator,Asset Category,Currency,Account,Symbol,Date/Time,Exchange,Quantity,T. Price,Proceeds,Comm/Fee,Basis,Realized P/L,Code'
    const day1 = [
      'Trades,Data,Trade,Stocks,USD,U1,ABC,"2021-03-01, 10:00:00",X,-100,30,3000,-1,-2000,999,C',
      'Trades,Data,ClosedLot,Stocks,USD,,ABC,2019-05-06,,100,20,,,2000,999,LT',
    ]
    const day2 = [
      'Trades,Data,Trade,Stocks,USD,U1,ABC,"2021-03-02, 10:00:00",X,-100,31,3100,-1,-2000,1099,C',
      'Trades,Data,ClosedLot,Stocks,USD,,ABC,2019-05-06,,100,20,,,2000,1099,LT',
    ]
    const lotKeys = (lines: string[]): string[] => {
      const outcome = parseFills([header, ...lines].join('\n'), { fileName: 'abc.csv' })
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors))
      const keys = dedupeKeys(outcome.value.fills)
      return keys.filter((_, i) => outcome.value.fills[i]?.origin === 'closed-lot')
    }
    // Two closes of one lot (same date, quantity, basis): two openings with two keys.
    const both = lotKeys([...day1, ...day2])
    expect(both).toHaveLength(2)
    expect(both[0]).toMatch(/^lot:[0-9a-f]{32}:0$/)
    expect(new Set(both).size).toBe(2)
    // A statement of either day alone rebuilds the same key for its close, so statements that
    // overlap add each opening once.
    expect([...lotKeys(day1), ...lotKeys(day2)].sort()).toEqual([...both].sort())
  })
})

describe('IBKR activity statement without ClosedLot rows', () => {
  const fixture = resolve(dir, '..', 'ibkr-activity-close-without-closed-lots.csv')
  const outcome = parseFills(new Uint8Array(readFileSync(fixture)), { fileName: 'no-lots.csv' })

  it('flags a close of a position opened before the file as opening-unknown, inventing nothing', () => {
    expect(outcome.ok).toBe(true)
    if (!outcome.ok) return
    const r = outcome.value
    expect(r.fills.map((f) => [f.symbol, f.qty, f.openClose, f.origin])).toEqual([
      ['XYZ', -50, 'close', undefined],
    ])
    expect(r.warnings.map((w) => [w.line, w.code])).toEqual([[3, 'opening-unknown']])
  })
})

describe('IBKR Flex XML', () => {
  const r = parse('ibkr-flex-activity-trades.xml')

  it('reads four executions keyed by ibExecID and counts the open position', () => {
    expect(r.fills).toHaveLength(4)
    expect(skipped(r)).toEqual({ 'position-line': 1 })
    expect(r.fills[0]).toMatchObject({
      account: 'U1234567',
      symbol: 'GOLD',
      side: 'buy',
      qty: 691,
      price: 43.1,
      multiplier: 1,
      commission: 3.455,
      externalTradeId: 'EXEC00001',
      orderId: 'ORD00001',
      // 11:57:15 EST
      executedAt: '2026-01-26T16:57:15.000Z',
      line: 8,
    })
    expect(r.fills.at(-1)).toMatchObject({
      symbol: 'GOLD',
      side: 'sell',
      qty: -100,
      price: 44.19,
      commission: 1.1108314,
      externalTradeId: 'EXEC00002',
      // 13:02:07 EDT
      executedAt: '2026-06-15T17:02:07.000Z',
    })
  })

  it('keeps two fills of one AAPL order as two executions', () => {
    const aapl = r.fills.filter((f) => f.symbol === 'AAPL')
    expect(aapl.map((f) => [f.qty, f.externalTradeId, f.orderId])).toEqual([
      [103, 'EXEC00003', 'ORD00003'],
      [137, 'EXEC00004', 'ORD00003'],
    ])
  })
})

describe('thinkorswim option and spread rows', () => {
  const statement = [
    'Account Statement for 123 (Margin) since 1/3/23 through 1/3/23',
    '',
    'Account Trade History',
    ',Exec Time,Spread,Side,Qty,Pos Effect,Symbol,Exp,Strike,Type,Price,Net Price,Order Type',
    ',1/3/23 10:15:00,VERTICAL,BUY,+2,TO OPEN,SPY,17 FEB 23,390,CALL,5.10,1.20,LMT',
    ',,,SELL,-2,TO OPEN,SPY,17 FEB 23,400,CALL,3.90,CREDIT,',
    ',1/3/23 11:00:00,SINGLE,SELL,-1,TO CLOSE,/ESH23,,,FUTURE,3850.25,3850.25,MKT',
    '',
    'Profits and Losses',
  ].join('\n')

  it('names option legs compactly, lets spread legs inherit the time, and reads futures', () => {
    const outcome = parseFills(statement, { fileName: 'tos.csv' })
    expect(outcome.ok).toBe(true)
    if (!outcome.ok) return
    const fills = outcome.value.fills
    expect(fills.map((f) => [f.symbol, f.assetClass, f.qty, f.price, f.multiplier])).toEqual([
      ['SPY 230217C390', 'option', 2, 5.1, 100],
      ['SPY 230217C400', 'option', -2, 3.9, 100],
      ['/ESH23', 'future', -1, 3850.25, 50],
    ])
    expect(fills[1]?.executedAt).toBe('2023-01-03T15:15:00.000Z')
    expect(fills.every((f) => f.account === '123')).toBe(true)
    expect(outcome.value.warnings.map((w) => [w.line, w.code])).toEqual([[7, 'opening-unknown']])
  })
})
