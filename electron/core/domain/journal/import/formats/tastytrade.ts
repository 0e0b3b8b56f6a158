import type { AssetClass } from '../../fill'
import { defaultMultiplier } from '../../multipliers'
import { createSink, type FormatContext } from '../build'
import { assetClassFromWord, compactOptionSymbol, firstToken, futuresRoot } from '../instrument'
import { parseMoneyOrZero, parseNumber } from '../numbers'
import { isBlankRow, type CsvRow } from '../text'
import { parseIsoInstant, parseLocalDateTime } from '../time'
import type { ParseOutcome } from '../types'
import { hasAllCells, requireHeader } from './common'

/**
 * tastytrade transaction history (current CSV layout). Trades and position removals
 * (expirations, assignments, exercises) are fills; money movements are counted as cash lines.
 * Dates carry their own offset. The price is read from the description (`… @ 79.53`), because
 * `Average Price` is money per contract and `Value` of a futures trade is its mark-to-market
 * cash, not its notional. The file's `Multiplier` is 1 for futures options, which is wrong for
 * money; futures and futures options take the root's point value from the table instead.
 */
export function parseTastytrade(rows: readonly CsvRow[], ctx: FormatContext): ParseOutcome {
  const sink = createSink(ctx.fileName, ctx.nowMs)
  const header = rows[0]
  const col = requireHeader(sink, header, [
    'date',
    'type',
    'action',
    'symbol',
    'instrument type',
    'description',
    'value',
    'quantity',
  ])
  if (!col || !header) return sink.finish('tastytrade', null)
  let sawZoneless = false
  for (const row of rows.slice(1)) {
    if (isBlankRow(row.fields)) continue
    if (!hasAllCells(sink, row, header)) continue
    const type = col(row, 'type').toLowerCase()
    if (type === 'money movement') {
      sink.skip('cash-line')
      continue
    }
    if (type !== 'trade' && type !== 'receive deliver') {
      sink.skip('cash-line')
      continue
    }
    const action = col(row, 'action').toUpperCase()
    const side = action.startsWith('BUY') ? 'buy' : action.startsWith('SELL') ? 'sell' : null
    if (!side) {
      sink.error(
        row.line,
        'Action',
        `action must start with BUY or SELL, got "${col(row, 'action')}"`,
      )
      continue
    }
    const rawDate = col(row, 'date')
    if (!/[+-]\d{2}:?\d{2}$|Z$/.test(rawDate)) sawZoneless = true
    const at = parseIsoInstant(rawDate, ctx.zone)
    if (!at) {
      sink.error(row.line, 'Date', `"${rawDate}" is not a time like 2023-03-04T14:16:27+0100`)
      continue
    }
    const qty = parseNumber(col(row, 'quantity'))
    if (qty === null) {
      sink.error(row.line, 'Quantity', `"${col(row, 'quantity')}" is not a quantity`)
      continue
    }
    const instrumentType = col(row, 'instrument type')
    const assetClass: AssetClass = assetClassFromWord(instrumentType) ?? 'stock'
    const symbol = optionSymbol(row, col, assetClass) ?? col(row, 'symbol')
    const isFutures = assetClass === 'future' || assetClass === 'future_option'
    const underlyingCol = col(row, 'underlying symbol') || col(row, 'root symbol')
    const underlying =
      assetClass === 'future'
        ? futuresRoot(symbol)
        : assetClass === 'future_option'
          ? futuresRoot(underlyingCol || symbol)
          : firstToken(underlyingCol || symbol).toUpperCase()
    const fileMultiplier = parseNumber(col(row, 'multiplier'))
    const multiplier = isFutures
      ? null
      : fileMultiplier !== null && fileMultiplier > 0
        ? fileMultiplier
        : null
    const value = parseMoneyOrZero(col(row, 'value'))
    if (value === null) {
      sink.error(row.line, 'Value', `"${col(row, 'value')}" is not an amount`)
      continue
    }
    const description = col(row, 'description')
    const described = /@\s*([-+]?[\d,]*\.?\d+)\s*$/.exec(description)?.[1]
    let price: number | null
    if (described !== undefined) {
      price = parseNumber(described)
    } else if (type === 'receive deliver' && value === 0) {
      // Expirations remove the position at no price.
      price = 0
    } else {
      const avg = parseNumber(col(row, 'average price'))
      const m = multiplier ?? defaultMultiplier(assetClass, underlying) ?? 1
      price = avg === null ? null : Math.abs(avg) / m
    }
    if (price === null) {
      sink.error(row.line, 'Description', `no price found in "${description}"`)
      continue
    }
    const commission = parseMoneyOrZero(col(row, 'commissions'))
    const fees = parseMoneyOrZero(col(row, 'fees'))
    if (commission === null || fees === null) {
      sink.error(row.line, commission === null ? 'Commissions' : 'Fees', 'not an amount')
      continue
    }
    if (assetClass === 'future_option' || assetClass === 'option') {
      const m = multiplier ?? defaultMultiplier(assetClass, underlying)
      if (m !== null && price > 0 && Math.abs(Math.abs(value) - qty * price * m) > 0.011) {
        sink.warn(
          row.line,
          'multiplier-mismatch',
          `value ${value} is not quantity × price × ${m}; check the multiplier of ${underlying}`,
        )
      }
    }
    const orderId = col(row, 'order #')
    sink.add({
      line: row.line,
      account: ctx.account ?? (col(row, 'account') || 'tastytrade'),
      broker: 'tastytrade',
      symbol,
      underlying,
      assetClass,
      side,
      qty,
      price,
      multiplier,
      commission,
      fees,
      currency: col(row, 'currency') || 'USD',
      executedAt: at.toISOString(),
      externalTradeId: null,
      orderId: orderId === '' ? null : orderId,
      fields: { qty: 'Quantity', price: 'Description', time: 'Date' },
      openClose: action.endsWith('_TO_OPEN')
        ? 'open'
        : action.endsWith('_TO_CLOSE')
          ? 'close'
          : null,
    })
  }
  return sink.finish('tastytrade', sawZoneless ? ctx.zone : null)
}

/**
 * The compact contract name of an option row from its expiry, right and strike columns, or null
 * when the row is not an option or lacks them (the file's symbol is then kept).
 */
function optionSymbol(
  row: CsvRow,
  col: (row: CsvRow, name: string) => string,
  assetClass: AssetClass,
): string | null {
  if (assetClass !== 'option' && assetClass !== 'future_option') return null
  const expiry = parseLocalDateTime(col(row, 'expiration date'), 'M/d/yy')
  const right = col(row, 'call or put').toUpperCase()
  const strike = parseNumber(col(row, 'strike price'))
  const root = col(row, 'underlying symbol') || col(row, 'root symbol')
  if (!expiry || strike === null || root === '' || (right !== 'CALL' && right !== 'PUT')) {
    return null
  }
  return compactOptionSymbol(root, expiry, right === 'CALL' ? 'C' : 'P', strike)
}
