import type { AssetClass } from '../../fill'
import { defaultMultiplier } from '../../multipliers'
import { createSink, type FormatContext } from '../build'
import { assetClassFromWord, firstToken, futuresRoot } from '../instrument'
import { parseMoneyOrZero, parseNumber } from '../numbers'
import { headerIndex, isBlankRow, type CsvRow } from '../text'
import { toUtcIso } from '../time'
import type { ParseOutcome } from '../types'

const TIME_PATTERNS = ['yyyy-MM-dd, HH:mm:ss', 'yyyy-MM-dd HH:mm:ss', 'yyyy-MM-dd;HH:mm:ss']

/**
 * Interactive Brokers Activity Statement (CSV). Only the `Trades` section is read; its rows are
 * tagged `Order` (one per order), `Trade` (its executions) and `ClosedLot` (tax lots closed).
 * Executions come from `Trade` rows, or from `Order` rows when the statement was run without
 * execution detail. The multiplier is read from the file (`Proceeds` ÷ quantity × price) when
 * it can be, else from the table. Per-symbol `Realized P/L` subtotals are stated totals. Times
 * are in the zone the statement was run in: IBKR's default is US Eastern.
 */
export function parseIbkrActivity(rows: readonly CsvRow[], ctx: FormatContext): ParseOutcome {
  const sink = createSink(ctx.fileName)
  const trades = rows.filter((r) => (r.fields[0] ?? '').trim() === 'Trades')
  if (trades.length === 0) {
    sink.error(1, 'Trades', 'the statement has no "Trades" section')
    return sink.finish('ibkr-activity', ctx.zone)
  }
  const hasExecutionRows = trades.some(
    (r) => (r.fields[1] ?? '').trim() === 'Data' && (r.fields[2] ?? '').trim() === 'Trade',
  )
  let h: Map<string, number> | null = null
  const required = ['asset category', 'currency', 'symbol', 'date/time', 'quantity', 't. price']
  for (const row of trades) {
    const kind = (row.fields[1] ?? '').trim()
    if (kind === 'Header') {
      h = headerIndex(row.fields)
      const missing = required.filter((name) => !h?.has(name))
      for (const name of missing) {
        sink.error(row.line, name, `the Trades header lacks the "${name}" column`)
      }
      if (missing.length > 0) h = null
      continue
    }
    if (!h) {
      if (sink.errorCount === 0)
        sink.error(row.line, 'header', 'a Trades row comes before any Trades header')
      continue
    }
    const hh = h
    const col = (name: string): string => row.fields[hh.get(name) ?? -1]?.trim() ?? ''
    if (kind === 'SubTotal' || kind === 'Total') {
      sink.skip('subtotal')
      const pnl = parseNumber(col('realized p/l'))
      if (pnl !== null) {
        const symbol = col('symbol') || col('account')
        sink.total({
          label: kind === 'Total' ? `Realized P/L (${col('asset category')})` : 'Realized P/L',
          symbol: kind === 'Total' ? null : symbol,
          currency: col('currency'),
          amount: pnl,
          line: row.line,
        })
      }
      continue
    }
    if (kind !== 'Data') continue
    const disc = col('datadiscriminator')
    if (disc === 'ClosedLot') {
      sink.skip('closed-lot')
      continue
    }
    if (disc === 'Order' && hasExecutionRows) {
      sink.skip('order-summary')
      continue
    }
    if (disc !== 'Trade' && disc !== 'Order' && disc !== 'Execution' && disc !== '') {
      sink.skip('order-summary')
      continue
    }
    if (isBlankRow(row.fields.slice(2))) {
      sink.skip('blank-row')
      continue
    }
    const category = col('asset category')
    const assetClass: AssetClass | null = assetClassFromWord(category)
    if (!assetClass) {
      sink.error(row.line, 'Asset Category', `unknown asset category "${category}"`)
      continue
    }
    const rawTime = col('date/time')
    const executedAt =
      TIME_PATTERNS.map((p) => toUtcIso(rawTime, p, ctx.zone)).find((t) => t !== null) ?? null
    if (!executedAt) {
      sink.error(row.line, 'Date/Time', `"${rawTime}" is not a time like 2021-01-11, 06:57:37`)
      continue
    }
    const qty = parseNumber(col('quantity'))
    if (qty === null || qty === 0) {
      sink.error(row.line, 'Quantity', `"${col('quantity')}" is not a non-zero quantity`)
      continue
    }
    const price = parseNumber(col('t. price'))
    if (price === null) {
      sink.error(row.line, 'T. Price', `"${col('t. price')}" is not a price`)
      continue
    }
    const commission = parseMoneyOrZero(col('comm/fee'))
    if (commission === null) {
      sink.error(row.line, 'Comm/Fee', `"${col('comm/fee')}" is not an amount`)
      continue
    }
    const symbol = col('symbol')
    const underlying =
      assetClass === 'future' || assetClass === 'future_option'
        ? futuresRoot(firstToken(symbol))
        : firstToken(symbol).toUpperCase()
    const multiplier = fileMultiplier(
      sink,
      row.line,
      col('proceeds'),
      qty,
      price,
      assetClass,
      underlying,
    )
    const code = col('code')
      .split(';')
      .map((c) => c.trim())
    sink.add({
      line: row.line,
      account: ctx.account ?? (col('account') || 'ibkr'),
      broker: 'ibkr',
      symbol,
      underlying,
      assetClass,
      side: qty > 0 ? 'buy' : 'sell',
      qty: Math.abs(qty),
      price,
      multiplier,
      commission,
      fees: 0,
      currency: col('currency') || 'USD',
      executedAt,
      externalTradeId: null,
      orderId: null,
      openClose: code.includes('O') ? 'open' : code.includes('C') ? 'close' : null,
      fields: { qty: 'Quantity', price: 'T. Price' },
    })
  }
  return sink.finish('ibkr-activity', ctx.zone)
}

/**
 * The multiplier the file implies (proceeds per unit of quantity × price), rounded to a sane
 * precision; null when the row cannot tell (zero price or no proceeds). A disagreement with the
 * table is reported, and the file wins: it is the broker's own arithmetic.
 */
function fileMultiplier(
  sink: ReturnType<typeof createSink>,
  line: number,
  rawProceeds: string,
  qty: number,
  price: number,
  assetClass: AssetClass,
  underlying: string,
): number | null {
  const proceeds = parseNumber(rawProceeds)
  if (proceeds === null || proceeds === 0 || price === 0) return null
  const implied = Math.abs(proceeds) / (Math.abs(qty) * Math.abs(price))
  const rounded = Number(implied.toPrecision(6))
  const table = defaultMultiplier(assetClass, underlying)
  if (table !== null && Math.abs(rounded - table) / table > 1e-4) {
    sink.warn(
      line,
      'multiplier-mismatch',
      `proceeds imply a multiplier of ${rounded} for ${underlying}, the table says ${table}; using the file's`,
    )
    return rounded
  }
  return table ?? rounded
}
