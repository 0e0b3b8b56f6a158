import { createSink, type FormatContext } from '../build'
import { futuresRoot } from '../instrument'
import { parseNumber } from '../numbers'
import { isBlankRow, type CsvRow } from '../text'
import { toUtcIso } from '../time'
import type { ParseOutcome } from '../types'
import { hasAllCells, requireHeader } from './common'

const TIME_PATTERN = 'MM/dd/yyyy HH:mm:ss'

/**
 * Tradovate "Orders" report: one row per order, working and cancelled ones included. An order
 * with a filled quantity becomes one fill at its average price and fill time (partly filled
 * then cancelled orders keep their filled part); the rest are counted by status. Order ids are
 * not execution ids, so fills are keyed by content — the same key the performance report's
 * fills get, which is what stops the two reports from double counting.
 */
export function parseTradovateOrders(rows: readonly CsvRow[], ctx: FormatContext): ParseOutcome {
  const sink = createSink(ctx.fileName, ctx.nowMs)
  const header = rows[0]
  const col = requireHeader(sink, header, [
    'account',
    'b/s',
    'contract',
    'product',
    'avgprice',
    'filledqty',
    'fill time',
    'status',
  ])
  if (!col || !header) return sink.finish('tradovate-orders', ctx.zone)
  for (const row of rows.slice(1)) {
    if (isBlankRow(row.fields)) continue
    if (!hasAllCells(sink, row, header)) continue
    const status = col(row, 'status').toLowerCase()
    const rawFilled = col(row, 'filledqty')
    const filled = rawFilled === '' ? 0 : parseNumber(rawFilled)
    if (filled === null) {
      sink.error(row.line, 'filledQty', `"${rawFilled}" is not a quantity`)
      continue
    }
    if (filled === 0) {
      sink.skip(
        status.startsWith('cancel')
          ? 'cancelled'
          : status.startsWith('reject')
            ? 'rejected'
            : 'not-filled',
      )
      continue
    }
    const bs = col(row, 'b/s').toLowerCase()
    if (bs !== 'buy' && bs !== 'sell') {
      sink.error(row.line, 'B/S', `side must be Buy or Sell, got "${col(row, 'b/s')}"`)
      continue
    }
    const rawTime = col(row, 'fill time')
    const executedAt = toUtcIso(rawTime, TIME_PATTERN, ctx.zone)
    if (!executedAt) {
      sink.error(row.line, 'Fill Time', `"${rawTime}" is not a time like 06/10/2026 16:00:05`)
      continue
    }
    const price = parseNumber(col(row, 'avgprice'))
    if (price === null) {
      sink.error(row.line, 'avgPrice', `"${col(row, 'avgprice')}" is not a price`)
      continue
    }
    const contract = col(row, 'contract')
    sink.add({
      line: row.line,
      account: ctx.account ?? col(row, 'account'),
      broker: 'tradovate',
      symbol: contract,
      underlying: col(row, 'product') || futuresRoot(contract),
      assetClass: 'future',
      side: bs,
      qty: filled,
      price,
      multiplier: null,
      commission: 0,
      fees: 0,
      currency: col(row, 'currency') || 'USD',
      executedAt,
      externalTradeId: null,
      orderId: col(row, 'orderid') || null,
      openClose: null,
      fields: { qty: 'filledQty', price: 'avgPrice', time: 'Fill Time' },
    })
  }
  return sink.finish('tradovate-orders', ctx.zone)
}

type Leg = { line: number; qty: number; notional: number; time: string }

/**
 * Tradovate "Performance" report: round trips pairing a buy fill with a sell fill. A fill that
 * several pairs share is counted once (by its fill id), and fills of one side at the same second
 * are merged at their average price — the shape the orders report gives an order — so importing
 * both reports for one account yields the same content keys and adds each execution once. The
 * file names no account: the trader's account choice applies, else `tradovate`. Each pair's
 * `pnl` is returned as a stated total.
 */
export function parseTradovatePerformance(
  rows: readonly CsvRow[],
  ctx: FormatContext,
): ParseOutcome {
  const sink = createSink(ctx.fileName, ctx.nowMs)
  const header = rows[0]
  const col = requireHeader(sink, header, [
    'symbol',
    'buyfillid',
    'sellfillid',
    'qty',
    'buyprice',
    'sellprice',
    'boughttimestamp',
    'soldtimestamp',
  ])
  if (!col || !header) return sink.finish('tradovate-performance', ctx.zone)
  const account = ctx.account ?? 'tradovate'
  // symbol → side → fill id → leg
  const legs = new Map<string, Map<'buy' | 'sell', Map<string, Leg>>>()
  const pnlBySymbol = new Map<string, { amount: number; line: number }>()
  for (const row of rows.slice(1)) {
    if (isBlankRow(row.fields)) continue
    if (!hasAllCells(sink, row, header)) continue
    const symbol = col(row, 'symbol')
    const qty = parseNumber(col(row, 'qty'))
    if (qty === null || qty <= 0) {
      sink.error(row.line, 'qty', `"${col(row, 'qty')}" is not a positive quantity`)
      continue
    }
    const rawPnl = col(row, 'pnl')
    if (rawPnl !== '') {
      const pnl = parseNumber(rawPnl)
      if (pnl === null) {
        sink.error(row.line, 'pnl', `"${rawPnl}" is not an amount`)
        continue
      }
      const prev = pnlBySymbol.get(symbol)
      pnlBySymbol.set(symbol, { amount: (prev?.amount ?? 0) + pnl, line: prev?.line ?? row.line })
    }
    for (const side of ['buy', 'sell'] as const) {
      const prefix = side === 'buy' ? 'buy' : 'sell'
      const timeCol = side === 'buy' ? 'boughttimestamp' : 'soldtimestamp'
      const price = parseNumber(col(row, `${prefix}price`))
      if (price === null) {
        sink.error(row.line, `${prefix}Price`, `"${col(row, `${prefix}price`)}" is not a price`)
        continue
      }
      const rawTime = col(row, timeCol)
      const time = toUtcIso(rawTime, TIME_PATTERN, ctx.zone)
      if (!time) {
        sink.error(
          row.line,
          side === 'buy' ? 'boughtTimestamp' : 'soldTimestamp',
          `"${rawTime}" is not a time like 06/10/2026 16:00:05`,
        )
        continue
      }
      const fillId = col(row, `${prefix}fillid`) || `line-${row.line}`
      const bySide = legs.get(symbol) ?? new Map<'buy' | 'sell', Map<string, Leg>>()
      legs.set(symbol, bySide)
      const byId = bySide.get(side) ?? new Map<string, Leg>()
      bySide.set(side, byId)
      const leg = byId.get(fillId)
      if (leg) {
        leg.qty += qty
        leg.notional += qty * price
        sink.skip('paired-duplicate')
      } else {
        byId.set(fillId, { line: row.line, qty, notional: qty * price, time })
      }
    }
  }
  for (const [symbol, bySide] of legs) {
    for (const [side, byId] of bySide) {
      const byTime = new Map<string, Leg>()
      for (const leg of byId.values()) {
        const same = byTime.get(leg.time)
        if (same) {
          same.qty += leg.qty
          same.notional += leg.notional
          same.line = Math.min(same.line, leg.line)
        } else {
          byTime.set(leg.time, { ...leg })
        }
      }
      for (const leg of byTime.values()) {
        sink.add({
          line: leg.line,
          account,
          broker: 'tradovate',
          symbol,
          underlying: futuresRoot(symbol),
          assetClass: 'future',
          side,
          qty: leg.qty,
          price: Math.round((leg.notional / leg.qty) * 1e8) / 1e8,
          multiplier: null,
          commission: 0,
          fees: 0,
          currency: 'USD',
          executedAt: leg.time,
          externalTradeId: null,
          orderId: null,
          openClose: null,
          fields: {
            qty: 'qty',
            price: side === 'buy' ? 'buyPrice' : 'sellPrice',
            time: side === 'buy' ? 'boughtTimestamp' : 'soldTimestamp',
          },
        })
      }
    }
  }
  let overall = 0
  for (const [symbol, { amount, line }] of pnlBySymbol) {
    overall += amount
    sink.total({ label: 'pnl', symbol, currency: 'USD', amount: round2(amount), line })
  }
  if (pnlBySymbol.size > 0) {
    sink.total({ label: 'pnl', symbol: null, currency: 'USD', amount: round2(overall), line: 1 })
  }
  return sink.finish('tradovate-performance', ctx.zone)
}

function round2(x: number): number {
  return Math.round(x * 100) / 100
}
