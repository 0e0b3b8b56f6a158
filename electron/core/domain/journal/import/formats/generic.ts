import type { AssetClass, Side } from '../../fill'
import { createSink, type FormatContext } from '../build'
import { assetClassFromWord, firstToken, futuresRoot } from '../instrument'
import { parseMoneyOrZero, parseNumber } from '../numbers'
import { headerIndex, isBlankRow, type CsvRow } from '../text'
import { columnReader } from './common'
import { toUtcIso } from '../time'
import type { GenericMapping, ParseOutcome } from '../types'

const BUY_WORDS = new Set([
  'B',
  'BUY',
  'BOT',
  'BOUGHT',
  'LONG',
  'BUY TO OPEN',
  'BUY TO CLOSE',
  'BTO',
  'BTC',
  'COVER',
])
const SELL_WORDS = new Set([
  'S',
  'SELL',
  'SLD',
  'SOLD',
  'SHORT',
  'SELL SHORT',
  'SELL TO OPEN',
  'SELL TO CLOSE',
  'STO',
  'STC',
  'SS',
])

/** The delimiter that splits the header line into the most cells. */
export function guessDelimiter(text: string): string {
  const firstLine = text.split(/\r\n|\n|\r/, 1)[0] ?? ''
  let best = ','
  let bestCount = 0
  for (const d of [',', ';', '\t', '|']) {
    const count = firstLine.split(d).length
    if (count > bestCount) {
      best = d
      bestCount = count
    }
  }
  return best
}

/**
 * Any CSV with one execution per row, read through a column mapping the trader saved for that
 * broker. Quantity is signed by the side column when there is one, else taken as signed.
 */
export function parseGeneric(
  rows: readonly CsvRow[],
  ctx: FormatContext,
  mapping: GenericMapping,
): ParseOutcome {
  const sink = createSink(ctx.fileName, ctx.nowMs)
  const header = rows[0]
  if (!header) {
    sink.error(1, 'header', 'the file is empty: no header row')
    return sink.finish('generic', ctx.zone)
  }
  const h = headerIndex(header.fields)
  const c = mapping.columns
  const required: [string, string | undefined][] = [
    ['symbol', c.symbol],
    ['qty', c.qty],
    ['price', c.price],
    ['time', c.time],
  ]
  for (const [key, name] of [...required, ['side', c.side], ['timeOfDay', c.timeOfDay]] as const) {
    if (name !== undefined && !h.has(name.trim().toLowerCase())) {
      sink.error(header.line, name, `the mapping's ${key} column "${name}" is not in the header`)
    }
  }
  if (sink.errorCount > 0) return sink.finish('generic', ctx.zone)
  const cell = columnReader(sink, header)
  const get = (row: CsvRow, name: string | undefined): string =>
    name === undefined ? '' : cell(row, name.trim().toLowerCase())
  // Mapped columns the header names twice are refused before any row is read.
  for (const name of Object.values(c)) get(header, name)
  if (sink.errorCount > 0) return sink.finish('generic', ctx.zone)
  for (const row of rows.slice(1)) {
    if (isBlankRow(row.fields)) continue
    if (row.fields.length < h.size) {
      sink.error(
        row.line,
        header.fields[row.fields.length]?.trim() || 'row',
        `the row has ${row.fields.length} cells but the header has ${h.size}: truncated or broken line`,
      )
      continue
    }
    const rawQty = get(row, c.qty)
    const qtyValue = parseNumber(rawQty)
    if (qtyValue === null || qtyValue === 0) {
      sink.error(row.line, c.qty, `"${rawQty}" is not a non-zero quantity`)
      continue
    }
    let side: Side
    if (c.side !== undefined) {
      const word = get(row, c.side).toUpperCase().replace(/_/g, ' ')
      if (BUY_WORDS.has(word)) side = 'buy'
      else if (SELL_WORDS.has(word)) side = 'sell'
      else {
        sink.error(row.line, c.side, `"${get(row, c.side)}" is not a buy or sell`)
        continue
      }
    } else {
      side = qtyValue > 0 ? 'buy' : 'sell'
    }
    const rawPrice = get(row, c.price)
    const price = parseNumber(rawPrice)
    if (price === null) {
      sink.error(row.line, c.price, `"${rawPrice}" is not a price`)
      continue
    }
    const rawTime = c.timeOfDay ? `${get(row, c.time)} ${get(row, c.timeOfDay)}` : get(row, c.time)
    const executedAt = toUtcIso(rawTime, mapping.dateFormat, ctx.zone)
    if (!executedAt) {
      sink.error(
        row.line,
        c.time,
        `"${rawTime}" does not match the date format ${mapping.dateFormat}`,
      )
      continue
    }
    const commission = parseMoneyOrZero(get(row, c.commission))
    const fees = parseMoneyOrZero(get(row, c.fees))
    if (commission === null || fees === null) {
      const field = commission === null ? (c.commission ?? 'commission') : (c.fees ?? 'fees')
      sink.error(row.line, field, 'not an amount')
      continue
    }
    const rawMultiplier = get(row, c.multiplier)
    const multiplier = rawMultiplier === '' ? null : parseNumber(rawMultiplier)
    if (rawMultiplier !== '' && multiplier === null) {
      sink.error(row.line, c.multiplier ?? 'multiplier', `"${rawMultiplier}" is not a number`)
      continue
    }
    const assetClass: AssetClass =
      assetClassFromWord(get(row, c.assetClass)) ?? mapping.assetClass ?? 'stock'
    const symbol = get(row, c.symbol)
    const underlyingRaw = get(row, c.underlying) || symbol
    const underlying =
      assetClass === 'future' || assetClass === 'future_option'
        ? futuresRoot(firstToken(underlyingRaw))
        : firstToken(underlyingRaw).toUpperCase()
    const execId = get(row, c.executionId)
    sink.add({
      line: row.line,
      account: ctx.account ?? (get(row, c.account) || 'default'),
      broker: 'generic',
      symbol,
      underlying,
      assetClass,
      side,
      qty: Math.abs(qtyValue),
      price,
      multiplier,
      commission,
      fees,
      currency: get(row, c.currency) || mapping.currency || 'USD',
      executedAt,
      externalTradeId: execId === '' ? null : execId,
      orderId: get(row, c.orderId) || null,
      openClose: null,
      fields: { qty: c.qty, price: c.price, time: c.time },
    })
  }
  return sink.finish('generic', ctx.zone)
}
