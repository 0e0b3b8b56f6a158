import type { AssetClass } from '../../fill'
import { createSink, type FormatContext } from '../build'
import { compactOptionSymbol, futuresRoot } from '../instrument'
import { parseMoneyOrZero, parseNumber } from '../numbers'
import { headerIndex, isBlankRow, type CsvRow } from '../text'
import { parseLocalDateTime, toUtcIso } from '../time'
import type { ParseOutcome } from '../types'
import { columnReader, hasAllCells } from './common'

const TIME_PATTERN = 'M/d/yy HH:mm:ss'

/** A section title row: one non-empty cell, e.g. `Account Trade History`. */
function sectionTitle(row: CsvRow): string | null {
  const nonEmpty = row.fields.filter((f) => f.trim() !== '')
  return nonEmpty.length === 1 && row.fields.length <= 2 ? (nonEmpty[0]?.trim() ?? null) : null
}

function findSection(rows: readonly CsvRow[], title: string): number {
  return rows.findIndex((r) => sectionTitle(r) === title)
}

/**
 * thinkorswim Account Statement: a CSV of many sections. Executions come from "Account Trade
 * History" (the order history repeats them as orders, with working and cancelled ones mixed in;
 * those are only counted). Spread legs after the first carry no time and inherit it. The
 * statement's own "P/L Day" per symbol and overall is returned as stated totals. Times are US
 * Eastern unless the trader says otherwise.
 */
export function parseThinkorswim(rows: readonly CsvRow[], ctx: FormatContext): ParseOutcome {
  const sink = createSink(ctx.fileName, ctx.nowMs)
  const firstCell = rows[0]?.fields[0] ?? ''
  const fileAccount = /Account Statement for (\S+)/.exec(firstCell)?.[1]
  const account = ctx.account ?? (fileAccount && fileAccount !== '*' ? fileAccount : 'thinkorswim')

  countOrderHistory(rows, sink)

  const start = findSection(rows, 'Account Trade History')
  const headerRow = start >= 0 ? rows[start + 1] : undefined
  if (start < 0 || !headerRow) {
    sink.error(1, 'Account Trade History', 'the statement has no "Account Trade History" section')
    return sink.finish('thinkorswim', ctx.zone)
  }
  const h = headerIndex(headerRow.fields)
  const required = ['exec time', 'side', 'qty', 'symbol', 'price', 'type']
  for (const name of required) {
    if (!h.has(name)) {
      sink.error(headerRow.line, name, `the trade history header lacks the "${name}" column`)
    }
  }
  if (sink.errorCount > 0) return sink.finish('thinkorswim', ctx.zone)
  const col = columnReader(sink, headerRow)
  for (const name of [...required, 'exp', 'strike', 'pos effect']) col(headerRow, name)
  if (sink.errorCount > 0) return sink.finish('thinkorswim', ctx.zone)

  let lastTime: string | null = null
  // A statement separates its sections by a blank line and always follows the trade history
  // with more (Profits and Losses, Account Summary): a trade history that runs into a title or
  // to the end of the file is a cut or spliced file, not a statement with fewer trades.
  let isClosed = false
  let lastLine = headerRow.line
  for (let i = start + 2; i < rows.length; i++) {
    const row = rows[i]
    if (!row) break
    if (isBlankRow(row.fields)) {
      isClosed = true
      break
    }
    lastLine = row.line
    const title = sectionTitle(row)
    if (title !== null) {
      sink.error(
        row.line,
        'Account Trade History',
        `"${title.slice(0, 40)}" interrupts the trade history without the blank line that ends a section: the file is broken`,
      )
      isClosed = true
      break
    }
    if (!hasAllCells(sink, row, headerRow)) continue
    const rawTime = col(row, 'exec time')
    const side = col(row, 'side').toUpperCase()
    const rawQty = col(row, 'qty')
    if (rawQty === '' && side === '') {
      sink.skip('continuation-row')
      continue
    }
    let executedAt: string | null
    if (rawTime === '') {
      executedAt = lastTime
      if (executedAt === null) {
        sink.error(row.line, 'Exec Time', 'the first trade row has no execution time')
        continue
      }
    } else {
      executedAt = toUtcIso(rawTime, TIME_PATTERN, ctx.zone)
      if (executedAt === null) {
        sink.error(row.line, 'Exec Time', `"${rawTime}" is not a date like 6/21/22 15:23:42`)
        continue
      }
      lastTime = executedAt
    }
    if (side !== 'BUY' && side !== 'SELL') {
      sink.error(row.line, 'Side', `side must be BUY or SELL, got "${col(row, 'side')}"`)
      continue
    }
    const qty = parseNumber(rawQty)
    if (qty === null) {
      sink.error(row.line, 'Qty', `"${rawQty}" is not a quantity`)
      continue
    }
    const price = parseNumber(col(row, 'price'))
    if (price === null) {
      sink.error(row.line, 'Price', `"${col(row, 'price')}" is not a price`)
      continue
    }
    const rawSymbol = col(row, 'symbol')
    const type = col(row, 'type').toUpperCase()
    const isFuture = rawSymbol.startsWith('/')
    let assetClass: AssetClass
    let symbol = rawSymbol
    let underlying = rawSymbol
    if (type === 'CALL' || type === 'PUT') {
      assetClass = isFuture ? 'future_option' : 'option'
      const expiry = parseLocalDateTime(col(row, 'exp'), 'd MMM yy')
      const strike = parseNumber(col(row, 'strike'))
      if (!expiry || strike === null) {
        sink.error(
          row.line,
          expiry ? 'Strike' : 'Exp',
          'an option row needs an expiry like 17 JUN 22 and a strike',
        )
        continue
      }
      symbol = compactOptionSymbol(rawSymbol, expiry, type === 'CALL' ? 'C' : 'P', strike)
      underlying = isFuture ? futuresRoot(rawSymbol) : rawSymbol
    } else if (isFuture || type === 'FUTURE') {
      assetClass = 'future'
      underlying = futuresRoot(rawSymbol)
    } else {
      assetClass = 'stock'
    }
    const effect = col(row, 'pos effect').toUpperCase()
    sink.add({
      line: row.line,
      account,
      broker: 'thinkorswim',
      symbol,
      underlying,
      assetClass,
      side: side === 'BUY' ? 'buy' : 'sell',
      qty: Math.abs(qty),
      price,
      multiplier: null,
      commission: 0,
      fees: 0,
      currency: 'USD',
      executedAt,
      externalTradeId: null,
      orderId: null,
      openClose: effect === 'TO OPEN' ? 'open' : effect === 'TO CLOSE' ? 'close' : null,
      fields: { qty: 'Qty', price: 'Price', time: 'Exec Time' },
    })
  }

  if (!isClosed) {
    sink.error(
      lastLine,
      'Account Trade History',
      'the file ends inside the trade history, before the sections a statement closes with: it looks truncated',
    )
  }
  readProfitsAndLosses(rows, sink)
  return sink.finish('thinkorswim', ctx.zone)
}

function countOrderHistory(rows: readonly CsvRow[], sink: ReturnType<typeof createSink>): void {
  const start = findSection(rows, 'Account Order History')
  const headerRow = start >= 0 ? rows[start + 1] : undefined
  if (!headerRow) return
  const h = headerIndex(headerRow.fields)
  const statusAt = h.get('status') ?? -1
  const timeAt = h.get('time placed') ?? -1
  for (let i = start + 2; i < rows.length; i++) {
    const row = rows[i]
    if (!row || isBlankRow(row.fields) || sectionTitle(row) !== null) break
    const status = (row.fields[statusAt] ?? '').trim().toUpperCase()
    if ((row.fields[timeAt] ?? '').trim() === '') sink.skip('continuation-row')
    else if (status.startsWith('CANCEL')) sink.skip('cancelled')
    else if (status.startsWith('REJECT')) sink.skip('rejected')
    else if (status !== 'FILLED') sink.skip('not-filled')
    // Filled orders are not counted: their executions are read from the trade history.
  }
}

function readProfitsAndLosses(rows: readonly CsvRow[], sink: ReturnType<typeof createSink>): void {
  const start = findSection(rows, 'Profits and Losses')
  const headerRow = start >= 0 ? rows[start + 1] : undefined
  if (!headerRow) return
  const h = headerIndex(headerRow.fields)
  const dayAt = h.get('p/l day')
  if (dayAt === undefined) return
  for (let i = start + 2; i < rows.length; i++) {
    const row = rows[i]
    if (!row || isBlankRow(row.fields) || sectionTitle(row) !== null) break
    const amount = parseMoneyOrZero(row.fields[dayAt])
    if (amount === null) continue
    const symbol = row.fields[0]?.trim() ?? ''
    const isOverall =
      symbol === '' && (row.fields[1] ?? '').trim().toUpperCase() === 'OVERALL TOTALS'
    sink.total({
      label: 'P/L Day',
      symbol: isOverall ? null : symbol,
      currency: 'USD',
      amount,
      line: row.line,
    })
  }
}
