import { futuresPointValue } from '../../multipliers'
import { createSink, type FormatContext } from '../build'
import { firstToken } from '../instrument'
import { parseMoneyOrZero, parseNumber } from '../numbers'
import { isBlankRow, type CsvRow } from '../text'
import { toUtcIso } from '../time'
import type { ParseOutcome } from '../types'
import { hasAllCells, requireHeader } from './common'

const TIME_PATTERNS = ['M/d/yyyy h:mm:ss a', 'M/d/yyyy H:mm:ss']

/**
 * NinjaTrader 8 Executions grid (right-click → Export). One row per execution with its id, the
 * account and `Entry`/`Exit`. Instruments read `MNQ MAR25`: the root is the first word. Times
 * are the trading PC's local time; NinjaTrader writes no zone, so the trader's choice (default:
 * this machine's zone) applies.
 */
export function parseNinjaTrader(rows: readonly CsvRow[], ctx: FormatContext): ParseOutcome {
  const sink = createSink(ctx.fileName, ctx.nowMs)
  const header = rows[0]
  const col = requireHeader(sink, header, [
    'instrument',
    'action',
    'quantity',
    'price',
    'time',
    'id',
    'account',
  ])
  if (!col || !header) return sink.finish('ninjatrader8', ctx.zone)
  for (const row of rows.slice(1)) {
    if (isBlankRow(row.fields)) continue
    if (!hasAllCells(sink, row, header)) continue
    const action = col(row, 'action').toLowerCase()
    const side =
      action === 'buy' || action === 'buy to cover'
        ? 'buy'
        : action === 'sell' || action === 'sell short'
          ? 'sell'
          : null
    if (!side) {
      sink.error(row.line, 'Action', `action must be Buy or Sell, got "${col(row, 'action')}"`)
      continue
    }
    const rawTime = col(row, 'time')
    const executedAt =
      TIME_PATTERNS.map((p) => toUtcIso(rawTime, p, ctx.zone)).find((t) => t !== null) ?? null
    if (!executedAt) {
      sink.error(row.line, 'Time', `"${rawTime}" is not a time like 1/28/2025 10:59:52 AM`)
      continue
    }
    const qty = parseNumber(col(row, 'quantity'))
    if (qty === null) {
      sink.error(row.line, 'Quantity', `"${col(row, 'quantity')}" is not a quantity`)
      continue
    }
    const price = parseNumber(col(row, 'price'))
    if (price === null) {
      sink.error(row.line, 'Price', `"${col(row, 'price')}" is not a price`)
      continue
    }
    const commission = parseMoneyOrZero(col(row, 'commission'))
    if (commission === null) {
      sink.error(row.line, 'Commission', `"${col(row, 'commission')}" is not an amount`)
      continue
    }
    const instrument = col(row, 'instrument')
    const root = firstToken(instrument).toUpperCase()
    // Futures read `MNQ MAR25` or `ES 03-25`; a lone word is a stock, `$EURUSD` a currency pair.
    const isFuture = instrument.trim().includes(' ') || futuresPointValue(root) !== null
    const assetClass = root.startsWith('$') ? 'forex' : isFuture ? 'future' : 'stock'
    const ex = col(row, 'e/x').toLowerCase()
    const id = col(row, 'id')
    sink.add({
      line: row.line,
      account: ctx.account ?? col(row, 'account'),
      broker: 'ninjatrader8',
      symbol: instrument,
      underlying: root,
      assetClass,
      side,
      qty,
      price,
      multiplier: null,
      commission,
      fees: 0,
      currency: 'USD',
      executedAt,
      externalTradeId: id === '' ? null : id,
      orderId: col(row, 'order id') || null,
      openClose: ex === 'entry' ? 'open' : ex === 'exit' ? 'close' : null,
      fields: { qty: 'Quantity', price: 'Price', time: 'Time' },
    })
  }
  return sink.finish('ninjatrader8', ctx.zone)
}
