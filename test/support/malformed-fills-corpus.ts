import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { FormatId, GenericMapping } from '../../electron/core/domain/journal/import/index'

/** One broken file, made from a real sample, and where its first error must point. */
export type MalformedCase = {
  name: string
  bytes: Uint8Array
  format?: FormatId
  mapping?: GenericMapping
  line: number
  field: string
}

type Draft = Omit<MalformedCase, 'bytes'> & { text?: string; bytes?: Uint8Array }

const dir = resolve(import.meta.dirname, '../fixtures/broker-samples')

function sample(name: string): string {
  return readFileSync(resolve(dir, name), 'utf8')
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text)

/** Latin-1 bytes: every char below 256 becomes one byte, so `é` is the lone byte 0xE9. */
function latin1(text: string): Uint8Array {
  return Uint8Array.from(text.replace(/^\uFEFF/, ''), (ch) => ch.charCodeAt(0) & 0xff)
}

function utf16leNoBom(withBom: string): Uint8Array {
  const text = withBom.replace(/^\uFEFF/, '')
  const out = new Uint8Array(text.length * 2)
  for (let i = 0; i < text.length; i++) {
    out[i * 2] = text.charCodeAt(i) & 0xff
    out[i * 2 + 1] = text.charCodeAt(i) >> 8
  }
  return out
}

/** Replaces `from` with `to` on 1-based line `line` only; throws when the text is not there. */
function onLine(text: string, line: number, from: string, to: string): string {
  const lines = text.split('\n')
  const target = lines[line - 1]
  if (target === undefined || !target.includes(from)) {
    throw new Error(`corpus: line ${line} lacks ${JSON.stringify(from)}`)
  }
  lines[line - 1] = target.replace(from, to)
  return lines.join('\n')
}

/** Cuts the text in the middle of 1-based line `line`. */
function truncateIn(text: string, line: number, keepChars: number): string {
  const lines = text.split('\n')
  return [...lines.slice(0, line - 1), (lines[line - 1] ?? '').slice(0, keepChars)].join('\n')
}

/** Swaps two cells of one data row, leaving the header as it is. */
function swapCells(text: string, line: number, a: number, b: number): string {
  const lines = text.split('\n')
  const cells = (lines[line - 1] ?? '').split(',')
  const x = cells[a] ?? ''
  cells[a] = cells[b] ?? ''
  cells[b] = x
  lines[line - 1] = cells.join(',')
  return lines.join('\n')
}

/** UTF-16 bytes with a byte-order mark, little- or big-endian. */
export function utf16WithBom(text: string, endian: 'le' | 'be'): Uint8Array {
  const body = text.replace(/^\uFEFF/, '')
  const out = new Uint8Array(2 + body.length * 2)
  out[0] = endian === 'le' ? 0xff : 0xfe
  out[1] = endian === 'le' ? 0xfe : 0xff
  for (let i = 0; i < body.length; i++) {
    const lo = body.charCodeAt(i) & 0xff
    const hi = body.charCodeAt(i) >> 8
    out[2 + i * 2] = endian === 'le' ? lo : hi
    out[3 + i * 2] = endian === 'le' ? hi : lo
  }
  return out
}

/** Inserts `text` as a new 1-based line `line` (the old line `line` moves down). */
function insertLine(text: string, line: number, inserted: string): string {
  const lines = text.split('\n')
  lines.splice(line - 1, 0, inserted)
  return lines.join('\n')
}

/** The first `count` lines, each ending with a line break: a file cut at a line boundary. */
function firstLines(text: string, count: number): string {
  return `${text.split('\n').slice(0, count).join('\n')}\n`
}

/** Removes 1-based line `line`. */
function dropLine(text: string, line: number): string {
  const lines = text.split('\n')
  lines.splice(line - 1, 1)
  return lines.join('\n')
}

/** Deterministic pseudo-random bytes (xorshift), optionally without NULs. */
function junk(length: number, seed: number, allowNul: boolean): Uint8Array {
  const out = new Uint8Array(length)
  let x = seed
  for (let i = 0; i < length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    const b = (x >>> 0) & 0xff
    out[i] = allowNul ? b : b | 0x80
  }
  return out
}

/** The malformed corpus: each case is a real sample broken in one known way. */
export function malformedCorpus(): MalformedCase[] {
  const tos = sample('thinkorswim-account-statement-2022-06-21.csv')
  const nt = sample('ninjatrader8-executions-grid-2025-01-28.csv')
  const tvo = sample('tradovate-orders-history.csv')
  const tvp = sample('tradovate-performance.csv')
  const cl = sample('tastytrade-history-CL-future.csv')
  const mes = sample('tastytrade-history-MES-future-options.csv')
  const ib = sample('ibkr-activity-trades-multi-currency-options.csv')
  const flex = sample('ibkr-flex-activity-trades.xml')
  const rejected = tos.split('\n').findIndex((l) => l.includes('"REJECTED')) + 1
  const mapping: GenericMapping = {
    columns: { symbol: 'Ticker', side: 'Side', qty: 'Shares', price: 'Px', time: 'When' },
    dateFormat: 'yyyy-MM-dd HH:mm:ss',
  }
  const generic = 'Ticker,Side,Shares,Px,When\nAAPL,BUY,10,190.5,2024-03-01 10:00:00\n'

  const cases: Draft[] = []
  const add = (c: Draft): void => {
    cases.push(c)
  }

  // thinkorswim statement
  add({
    name: 'tos-truncated-in-quote.csv',
    text: truncateIn(tos, rejected, 75),
    line: rejected,
    field: 'quote',
  })
  add({
    name: 'tos-no-trade-history.csv',
    text: tos.replace('Account Trade History', 'Account Trades'),
    line: 1,
    field: 'Account Trade History',
  })
  add({
    name: 'tos-bad-date.csv',
    text: onLine(tos, 333, '6/21/22 15:23:42', '6/31/22 15:23:42'),
    line: 333,
    field: 'Exec Time',
  })
  add({
    name: 'tos-bad-side.csv',
    text: onLine(tos, 334, 'SELL', 'SELLL'),
    line: 334,
    field: 'Side',
  })
  add({ name: 'tos-nan-qty.csv', text: onLine(tos, 335, '+500', 'NaN'), line: 335, field: 'Qty' })
  add({
    name: 'tos-negative-price.csv',
    text: onLine(tos, 336, '167.05,167.05', '-167.05,-167.05'),
    line: 336,
    field: 'Price',
  })
  add({
    name: 'tos-huge-qty.csv',
    text: onLine(tos, 337, '+500', '+5000000000000'),
    line: 337,
    field: 'Qty',
  })
  add({ name: 'tos-zero-qty.csv', text: onLine(tos, 338, '-500', '0'), line: 338, field: 'Qty' })
  add({
    name: 'tos-renamed-price-column.csv',
    text: onLine(tos, 332, ',Price,', ',Prize,'),
    line: 332,
    field: 'price',
  })
  add({
    name: 'tos-latin1.csv',
    bytes: latin1(onLine(tos, 419, 'NVIDIA CORP COM', 'NVIDIA CORP ÇOM')),
    line: 419,
    field: 'encoding',
  })
  add({ name: 'tos-utf16-without-bom.csv', bytes: utf16leNoBom(tos), line: 1, field: 'encoding' })
  add({
    name: 'tos-text-price.csv',
    text: onLine(tos, 341, '167.01,167.01', 'abc,abc'),
    line: 341,
    field: 'Price',
  })
  // NinjaTrader 8 grid
  add({ name: 'nt-empty.csv', bytes: new Uint8Array(0), line: 1, field: 'file' })
  add({ name: 'nt-header-only.csv', text: nt.split('\n')[0] ?? '', line: 1, field: 'file' })
  add({ name: 'nt-truncated-row.csv', text: truncateIn(nt, 56, 40), line: 56, field: 'ID' })
  add({
    name: 'nt-swapped-time-and-price.csv',
    text: swapCells(nt, 2, 3, 4),
    line: 2,
    field: 'Time',
  })
  add({
    name: 'nt-bad-hour.csv',
    text: onLine(nt, 3, '10:59:52 AM', '25:59:52 AM'),
    line: 3,
    field: 'Time',
  })
  add({
    name: 'nt-bad-commission.csv',
    text: onLine(nt, 21, '$1.55', '$1.5x5'),
    line: 21,
    field: 'Commission',
  })
  add({
    name: 'nt-negative-qty.csv',
    text: onLine(nt, 2, 'Buy,9,', 'Buy,-9,'),
    line: 2,
    field: 'Quantity',
  })
  add({
    name: 'nt-no-account-column.csv',
    text: onLine(nt, 1, 'Account,', 'Acct,'),
    line: 1,
    field: 'account',
  })
  add({ name: 'nt-binary-junk.csv', bytes: junk(512, 7, true), line: 2, field: 'encoding' })
  add({
    name: 'nt-blank-account.csv',
    text: onLine(nt, 22, 'APEX1279810000026', ''),
    line: 22,
    field: 'account',
  })
  add({ name: 'nt-bad-action.csv', text: onLine(nt, 4, 'Sell', 'Hold'), line: 4, field: 'Action' })
  add({
    name: 'nt-swapped-action-and-instrument.csv',
    text: swapCells(nt, 5, 0, 1),
    line: 5,
    field: 'Action',
  })
  // Tradovate orders
  add({
    name: 'tvo-bad-fill-time.csv',
    text: onLine(tvo, 2, '06/10/2026 16:00:05', '2026-06-10 16:00:05'),
    line: 2,
    field: 'Fill Time',
  })
  add({ name: 'tvo-bad-side.csv', text: onLine(tvo, 3, ' Sell', ' Hold'), line: 3, field: 'B/S' })
  add({
    name: 'tvo-nan-price.csv',
    text: onLine(tvo, 9, '29262.0,5', 'NaN,5'),
    line: 9,
    field: 'avgPrice',
  })
  add({
    name: 'tvo-text-filled-qty.csv',
    text: onLine(tvo, 10, '29382.0,5,', '29382.0,five,'),
    line: 10,
    field: 'filledQty',
  })
  add({
    name: 'tvo-huge-price.csv',
    text: onLine(tvo, 12, '30790.0,5', '9999999999999,5'),
    line: 12,
    field: 'avgPrice',
  })
  add({ name: 'tvo-truncated.csv', text: truncateIn(tvo, 10, 60), line: 10, field: 'avgPrice' })
  add({
    name: 'tvo-unclosed-quote.csv',
    text: onLine(tvo, 29, '"175,443.00"', '"175,443.00'),
    line: 29,
    field: 'quote',
  })
  // Tradovate performance
  add({
    name: 'tvp-bad-pnl.csv',
    text: onLine(tvp, 2, '$(400.00)', '$(4OO.00)'),
    line: 2,
    field: 'pnl',
  })
  add({
    name: 'tvp-zero-qty.csv',
    text: onLine(tvp, 3, '537862110184,5,', '537862110184,0,'),
    line: 3,
    field: 'qty',
  })
  add({
    name: 'tvp-bad-timestamp.csv',
    text: onLine(tvp, 2, '06/10/2026 16:00:05', '06/10/2026 16:00'),
    line: 2,
    field: 'boughtTimestamp',
  })
  add({
    name: 'tvp-renamed-column.csv',
    format: 'tradovate-performance',
    text: onLine(tvp, 1, 'sellPrice', 'sell_price'),
    line: 1,
    field: 'sellprice',
  })
  add({
    name: 'tvp-nan-sell-price.csv',
    text: onLine(tvp, 3, '29382.00', 'NaN'),
    line: 3,
    field: 'sellPrice',
  })
  // tastytrade
  add({ name: 'tt-bad-offset.csv', text: onLine(cl, 2, '+0100', '+2500'), line: 2, field: 'Date' })
  add({
    name: 'tt-bad-action.csv',
    text: onLine(cl, 3, ',BUY,', ',HOLD,'),
    line: 3,
    field: 'Action',
  })
  add({ name: 'tt-bad-fees.csv', text: onLine(cl, 2, '-1.82', '-1.8.2'), line: 2, field: 'Fees' })
  add({ name: 'tt-truncated.csv', text: truncateIn(cl, 3, 50), line: 3, field: 'Description' })
  add({
    name: 'tt-negative-qty.csv',
    text: onLine(cl, 3, '0.00,1,0.00', '0.00,-1,0.00'),
    line: 3,
    field: 'Quantity',
  })
  add({
    name: 'mes-bad-value.csv',
    text: onLine(mes, 7, '-307.50,1', '-307..50,1'),
    line: 7,
    field: 'Value',
  })
  add({
    name: 'mes-latin1.csv',
    bytes: latin1(onLine(mes, 2, 'Removal', 'Remöval')),
    line: 2,
    field: 'encoding',
  })
  add({
    name: 'mes-bad-date.csv',
    text: onLine(mes, 4, '2024-09-10T15:32:26', '2024-09-31T15:32:26'),
    line: 4,
    field: 'Date',
  })
  // IBKR activity statement
  add({
    name: 'ib-bad-datetime.csv',
    text: onLine(ib, 7, '"2021-01-15, 16:20:00"', '"2021-01-15, 16:20"'),
    line: 7,
    field: 'Date/Time',
  })
  add({
    name: 'ib-unknown-category.csv',
    text: onLine(ib, 3, 'Stocks', 'Bonds'),
    line: 3,
    field: 'Asset Category',
  })
  add({
    name: 'ib-nan-price.csv',
    text: onLine(ib, 3, '176.85', 'NaN'),
    line: 3,
    field: 'T. Price',
  })
  add({ name: 'ib-zero-qty.csv', text: onLine(ib, 3, '-257', '0'), line: 3, field: 'Quantity' })
  add({
    name: 'ib-renamed-price-column.csv',
    text: onLine(ib, 1, 'T. Price', 'Price'),
    line: 1,
    field: 't. price',
  })
  add({
    name: 'ib-no-trades-section.csv',
    format: 'ibkr-activity',
    text: ib.replaceAll('Trades,', 'Deals,'),
    line: 1,
    field: 'Trades',
  })
  add({
    name: 'ib-bad-commission.csv',
    text: onLine(ib, 3, ',-49,', ',-4 9,'),
    line: 3,
    field: 'Comm/Fee',
  })
  add({
    name: 'ib-impossible-lot-date.csv',
    text: onLine(ib, 4, ',2018-02-02,', ',2018-02-30,'),
    line: 4,
    field: 'Date/Time',
  })
  add({
    name: 'ib-lot-basis-of-a-short-lot.csv',
    text: onLine(ib, 4, ',36147.22,', ',-36147.22,'),
    line: 4,
    field: 'Basis',
  })
  add({
    name: 'ib-lot-larger-than-its-close.csv',
    text: onLine(ib, 9, ',100,13.439348,', ',101,13.439348,'),
    line: 9,
    field: 'Quantity',
  })
  add({
    name: 'ib-negative-option-price.csv',
    text: onLine(ib, 18, ',1.46,', ',-1.46,'),
    line: 18,
    field: 'T. Price',
  })
  // IBKR Flex XML
  add({
    name: 'flex-truncated.xml',
    text: flex.slice(0, Math.floor(flex.length * 0.6)),
    line: 9,
    field: 'FlexQueryResponse',
  })
  add({
    name: 'flex-bad-datetime.xml',
    text: onLine(flex, 8, 'dateTime="20260126;115715"', 'dateTime="20261326;115715"'),
    line: 8,
    field: 'dateTime',
  })
  add({
    name: 'flex-no-price.xml',
    text: onLine(flex, 8, 'tradePrice="43.1" ', ''),
    line: 8,
    field: 'tradePrice',
  })
  add({
    name: 'flex-bad-quantity.xml',
    text: onLine(flex, 9, 'quantity="-100"', 'quantity="-1 00"'),
    line: 9,
    field: 'quantity',
  })
  add({
    name: 'flex-side-disagrees.xml',
    text: onLine(flex, 10, 'buySell="BUY"', 'buySell="SELL"'),
    line: 10,
    field: 'buySell',
  })
  add({
    name: 'flex-not-xml.xml',
    format: 'ibkr-flex',
    text: nt,
    line: 1,
    field: 'FlexQueryResponse',
  })
  add({
    name: 'flex-broken-attribute.xml',
    text: onLine(flex, 11, 'symbol="AAPL"', 'symbol=AAPL'),
    line: 11,
    field: 'element',
  })
  add({
    name: 'flex-negative-price.xml',
    text: onLine(flex, 8, 'tradePrice="43.1"', 'tradePrice="-43.1"'),
    line: 8,
    field: 'tradePrice',
  })
  // Anything else
  add({
    name: 'unknown-format.csv',
    text: 'Date,Open,High,Low,Close\n2020-01-02,1,2,0.5,1.5\n',
    line: 1,
    field: 'header',
  })
  add({ name: 'whitespace-only.csv', text: '  \r\n\r\n  ', line: 1, field: 'file' })
  add({ name: 'high-byte-junk.csv', bytes: junk(256, 99, false), line: 1, field: 'encoding' })
  add({
    name: 'generic-bad-date.csv',
    mapping,
    text: generic.replace('2024-03-01 10:00:00', '03/01/2024 10:00'),
    line: 2,
    field: 'When',
  })
  add({
    name: 'generic-missing-column.csv',
    mapping,
    text: generic.replace('Px', 'Price'),
    line: 1,
    field: 'Px',
  })
  add({
    name: 'generic-bad-side.csv',
    mapping,
    text: generic.replace('BUY', 'MAYBE'),
    line: 2,
    field: 'Side',
  })

  // Implausible values: zero or negative prices, dates far in the future or before 1970.
  add({
    name: 'nt-zero-price.csv',
    text: onLine(nt, 2, ',21539.50,', ',0,'),
    line: 2,
    field: 'Price',
  })
  add({
    name: 'nt-negative-price.csv',
    text: onLine(nt, 2, ',21539.50,', ',-21539.50,'),
    line: 2,
    field: 'Price',
  })
  add({
    name: 'nt-year-2199.csv',
    text: onLine(nt, 3, '1/28/2025 10:59:52 AM', '1/28/2199 10:59:52 AM'),
    line: 3,
    field: 'Time',
  })
  add({
    name: 'nt-year-1969.csv',
    text: onLine(nt, 3, '1/28/2025 10:59:52 AM', '1/28/1969 10:59:52 AM'),
    line: 3,
    field: 'Time',
  })
  add({
    name: 'tvo-zero-price.csv',
    text: onLine(tvo, 2, ',28531.75,5,', ',0,5,'),
    line: 2,
    field: 'avgPrice',
  })
  add({
    name: 'tvo-negative-price.csv',
    text: onLine(tvo, 3, ',28491.75,5,', ',-28491.75,5,'),
    line: 3,
    field: 'avgPrice',
  })
  add({
    name: 'tvo-year-2199.csv',
    text: onLine(tvo, 2, '06/10/2026 16:00:05', '06/10/2199 16:00:05'),
    line: 2,
    field: 'Fill Time',
  })
  add({
    name: 'tvp-zero-buy-price.csv',
    text: onLine(tvp, 2, ',28531.75,28491.75,', ',0,28491.75,'),
    line: 2,
    field: 'buyPrice',
  })
  add({
    name: 'tvp-negative-sell-price.csv',
    text: onLine(tvp, 2, ',28531.75,28491.75,', ',28531.75,-28491.75,'),
    line: 2,
    field: 'sellPrice',
  })
  add({
    name: 'tvp-year-2199.csv',
    text: onLine(tvp, 2, '06/10/2026 16:00:29', '06/10/2199 16:00:29'),
    line: 2,
    field: 'soldTimestamp',
  })
  add({
    name: 'tos-zero-price.csv',
    text: onLine(tos, 333, '166.39,166.39', '0,0'),
    line: 333,
    field: 'Price',
  })
  add({
    // Two-digit years reach 2099 at most; a year ahead of the statement is as implausible.
    name: 'tos-next-year.csv',
    text: onLine(tos, 334, '6/21/22 15:05:23', '6/21/99 15:05:23'),
    line: 334,
    field: 'Exec Time',
  })
  add({
    name: 'tt-zero-price.csv',
    text: onLine(cl, 2, '@ 79.53', '@ 0'),
    line: 2,
    field: 'Description',
  })
  add({
    name: 'tt-year-2199.csv',
    text: onLine(cl, 2, '2023-03-04T14:16:27+0100', '2199-03-04T14:16:27+0100'),
    line: 2,
    field: 'Date',
  })
  add({
    name: 'mes-year-1969.csv',
    text: onLine(mes, 4, '2024-09-10T15:32:26', '1969-09-10T15:32:26'),
    line: 4,
    field: 'Date',
  })
  add({
    name: 'ib-zero-price.csv',
    text: onLine(ib, 3, ',176.85,', ',0,'),
    line: 3,
    field: 'T. Price',
  })
  add({
    name: 'ib-year-2199.csv',
    text: onLine(ib, 3, '"2021-01-11, 06:57:37"', '"2199-01-11, 06:57:37"'),
    line: 3,
    field: 'Date/Time',
  })
  add({
    name: 'flex-zero-price.xml',
    text: onLine(flex, 8, 'tradePrice="43.1"', 'tradePrice="0"'),
    line: 8,
    field: 'tradePrice',
  })
  add({
    name: 'flex-year-2199.xml',
    text: onLine(flex, 8, 'dateTime="20260126;115715"', 'dateTime="21990126;115715"'),
    line: 8,
    field: 'dateTime',
  })
  add({
    name: 'generic-zero-price.csv',
    mapping,
    text: generic.replace('190.5', '0'),
    line: 2,
    field: 'Px',
  })
  add({
    name: 'generic-year-2199.csv',
    mapping,
    text: generic.replace('2024-03-01', '2199-03-01'),
    line: 2,
    field: 'When',
  })
  add({
    name: 'generic-year-1969.csv',
    mapping,
    text: generic.replace('2024-03-01', '1969-03-01'),
    line: 2,
    field: 'When',
  })
  // A column the importer reads, named twice: which copy holds the value would be a guess.
  add({
    name: 'nt-duplicate-price-column.csv',
    text: onLine(nt, 1, ',Rate,', ',Price,'),
    line: 1,
    field: 'Price',
  })
  add({
    name: 'tvo-duplicate-avgprice-column.csv',
    text: onLine(tvo, 1, ',Avg Fill Price,', ',avgPrice,'),
    line: 1,
    field: 'avgPrice',
  })
  add({
    name: 'tvp-duplicate-qty-column.csv',
    text: onLine(tvp, 1, ',_tickSize,', ',qty,'),
    line: 1,
    field: 'qty',
  })
  add({
    name: 'tos-duplicate-price-column.csv',
    text: onLine(tos, 332, ',Net Price,', ',Price,'),
    line: 332,
    field: 'Price',
  })
  add({
    name: 'tt-duplicate-symbol-column.csv',
    text: onLine(cl, 1, ',Root Symbol,', ',Symbol,'),
    line: 1,
    field: 'Symbol',
  })
  add({
    name: 'ib-duplicate-quantity-column.csv',
    text: onLine(ib, 1, ',Exchange,', ',Quantity,'),
    line: 1,
    field: 'Quantity',
  })
  add({
    name: 'generic-duplicate-px-column.csv',
    mapping,
    text: 'Ticker,Side,Shares,Px,When,Px\nAAPL,BUY,10,190.5,2024-03-01 10:00:00,191\n',
    line: 1,
    field: 'Px',
  })
  // Files whose structure breaks mid-way: cut, spliced or padded with a monster line.
  add({
    name: 'tos-cut-in-trade-history.csv',
    text: firstLines(tos, 350),
    line: 350,
    field: 'Account Trade History',
  })
  add({
    name: 'tos-title-inside-trade-history.csv',
    text: insertLine(tos, 340, 'Profits and Losses'),
    line: 340,
    field: 'Account Trade History',
  })
  add({
    name: 'tos-2mb-line.csv',
    text: insertLine(tos, 336, `,${'9'.repeat(2 * 1024 * 1024)}`),
    line: 336,
    field: 'line',
  })
  add({
    name: 'tos-2mb-line-at-top.csv',
    text: insertLine(tos, 2, 'x'.repeat(2 * 1024 * 1024)),
    line: 2,
    field: 'line',
  })
  add({
    name: 'nt-2mb-quoted-cell.csv',
    text: insertLine(nt, 5, `"${'a'.repeat(2 * 1024 * 1024)}"`),
    line: 5,
    field: 'line',
  })
  add({
    name: 'ib-cut-before-subtotal.csv',
    text: firstLines(ib, 15),
    line: 15,
    field: 'SubTotal',
  })
  add({
    name: 'ib-subtotal-row-missing.csv',
    text: dropLine(ib, 10),
    line: 10,
    field: 'SubTotal',
  })
  add({
    name: 'ib-execution-row-missing.csv',
    text: dropLine(ib, 14),
    line: 23,
    field: 'Quantity',
  })
  add({
    name: 'ib-cut-in-subtotal-row.csv',
    text: ib.slice(0, ib.indexOf('Trades,SubTotal,,Stocks,USD') + 40),
    line: 10,
    field: 'row',
  })
  add({
    name: 'tvo-cut-in-last-currency.csv',
    text: tvo.replace(/USD\r?\n$/, 'US'),
    line: 29,
    field: 'currency',
  })
  // Characters no text field may hold, and XML references to no character at all.
  add({
    name: 'nt-nul-in-name.csv',
    bytes: utf8(onLine(nt, 7, ',Sim101,', ',Sim\u0000101,')),
    line: 7,
    field: 'encoding',
  })
  add({
    name: 'tos-utf16le-bom-nul-in-symbol.csv',
    bytes: utf16WithBom(onLine(tos, 333, ',NVDA,', ',NV\u0000DA,'), 'le'),
    line: 333,
    field: 'encoding',
  })
  add({
    name: 'flex-nul-char-ref.xml',
    text: onLine(flex, 8, 'symbol="GOLD"', 'symbol="GO&#0;LD"'),
    line: 8,
    field: 'symbol',
  })
  add({
    name: 'flex-char-ref-past-unicode.xml',
    text: onLine(flex, 9, 'symbol="GOLD"', 'symbol="GOLD&#x110000;"'),
    line: 9,
    field: 'symbol',
  })
  add({
    name: 'flex-surrogate-char-ref.xml',
    text: onLine(flex, 10, 'description="APPLE INC"', 'description="APPLE &#xD800;INC"'),
    line: 10,
    field: 'description',
  })
  add({
    name: 'flex-huge-decimal-char-ref.xml',
    text: onLine(flex, 11, 'description="APPLE INC"', 'description="&#99999999999999999999;"'),
    line: 11,
    field: 'description',
  })
  add({
    name: 'utf16be-bom-odd-length.csv',
    bytes: utf16WithBom(nt, 'be').subarray(0, 2 + 2 * 300 + 1),
    line: 3,
    field: 'encoding',
  })
  add({
    name: 'utf16le-bom-lone-surrogate.csv',
    bytes: utf16WithBom(onLine(nt, 4, 'MNQ MAR25', 'MNQ\uD800MAR25'), 'le'),
    line: 4,
    field: 'encoding',
  })

  return cases.map(({ text, bytes, ...rest }) => ({ ...rest, bytes: bytes ?? utf8(text ?? '') }))
}

/** A broker file as a test feeds it to the importer, with what a correct import yields. */
export type SampleFile = { name: string; bytes: Uint8Array; fills: number }

/** The fill count of each real sample when read in UTC. */
export const SAMPLE_FILLS: Readonly<Record<string, number>> = {
  'thinkorswim-account-statement-2022-06-21.csv': 83,
  'ninjatrader8-executions-grid-2025-01-28.csv': 55,
  'tradovate-orders-history.csv': 12,
  'tradovate-performance.csv': 4,
  'tastytrade-history-CL-future.csv': 2,
  'tastytrade-history-MES-future-options.csv': 6,
  'ibkr-activity-trades-multi-currency-options.csv': 10,
  'ibkr-flex-activity-trades.xml': 4,
}

/** Every real sample re-encoded as UTF-16 with a byte-order mark, both endians: each imports whole. */
export function utf16Samples(): SampleFile[] {
  return Object.entries(SAMPLE_FILLS).flatMap(([file, fills]) =>
    (['le', 'be'] as const).map((endian) => ({
      name: `utf16${endian}-bom-${file}`,
      bytes: utf16WithBom(sample(file), endian),
      fills,
    })),
  )
}

/** A sample cut short; the importer must refuse it or warn that it may be cut, never stay silent. */
export type TruncatedCase = { name: string; bytes: Uint8Array; fills: number }

/**
 * Every sample cut inside a line at six points, and (for formats whose structure shows where they
 * end: thinkorswim, IBKR activity and Flex) at three line boundaries too. A cut that lands right
 * after a line break moves three characters on, so every byte cut ends mid-line.
 */
export function truncatedCorpus(): TruncatedCase[] {
  const out: TruncatedCase[] = []
  for (const [file, fills] of Object.entries(SAMPLE_FILLS)) {
    const text = sample(file)
    for (const fraction of [0.2, 0.35, 0.5, 0.65, 0.8, 0.95]) {
      let cut = Math.floor(text.length * fraction)
      if (text[cut - 1] === '\n') cut += 3
      out.push({
        name: `cut-${Math.round(fraction * 100)}pct-${file}`,
        bytes: utf8(text.slice(0, cut)),
        fills,
      })
    }
    if (/^(thinkorswim|ibkr)/.test(file)) {
      const lines = text.split('\n')
      for (const fraction of [0.3, 0.6, 0.9]) {
        const count = Math.floor(lines.length * fraction)
        out.push({
          name: `cut-line-${count}-${file}`,
          bytes: utf8(firstLines(text, count)),
          fills,
        })
      }
    }
  }
  return out
}
