import type { AssetClass } from '../../fill'
import { defaultMultiplier } from '../../multipliers'
import { createSink, type FillDraft, type FormatContext } from '../build'
import { contentHash } from '../dedupe'
import { assetClassFromWord, firstToken, futuresRoot } from '../instrument'
import { parseMoneyOrZero, parseNumber } from '../numbers'
import { duplicateColumns, headerIndex, isBlankRow, type CsvRow } from '../text'
import { toUtcIso } from '../time'
import type { ParseOutcome } from '../types'

const TIME_PATTERNS = ['yyyy-MM-dd, HH:mm:ss', 'yyyy-MM-dd HH:mm:ss', 'yyyy-MM-dd;HH:mm:ss']

/** Every Trades column the importer reads: one of them twice in a header is refused. */
const READ_COLUMNS = [
  'account',
  'asset category',
  'basis',
  'code',
  'comm/fee',
  'currency',
  'datadiscriminator',
  'date/time',
  'proceeds',
  'quantity',
  'realized p/l',
  'symbol',
  't. price',
]

/**
 * Interactive Brokers Activity Statement (CSV). Only the `Trades` section is read; its rows are
 * tagged `Order` (one per order), `Trade` (its executions) and `ClosedLot` (tax lots closed).
 * Executions come from `Trade` rows, or from `Order` rows when the statement was run without
 * execution detail. The multiplier is read from the file (`Proceeds` ÷ quantity × price) when
 * it can be, else from the table. Per-symbol `Realized P/L` subtotals are stated totals. Times
 * are in the zone the statement was run in: IBKR's default is US Eastern.
 *
 * `ClosedLot` rows follow the execution that closed them and give each lot's open date, signed
 * quantity and cost basis. A lot opened before the file becomes an opening fill (see
 * `lotOpenings`), so the close has its entry and the P&L matches the broker's.
 */
export function parseIbkrActivity(rows: readonly CsvRow[], ctx: FormatContext): ParseOutcome {
  const sink = createSink(ctx.fileName, ctx.nowMs)
  const trades = rows.filter((r) => (r.fields[0] ?? '').trim() === 'Trades')
  if (trades.length === 0) {
    sink.error(1, 'Trades', 'the statement has no "Trades" section')
    return sink.finish('ibkr-activity', ctx.zone)
  }
  const hasExecutionRows = trades.some(
    (r) => (r.fields[1] ?? '').trim() === 'Data' && (r.fields[2] ?? '').trim() === 'Trade',
  )
  // A statement that closes each symbol's rows with a SubTotal row states how many it holds: a
  // group that ends without one, or whose SubTotal quantity is not the sum of its executions,
  // means rows were cut off or lost (a truncated file), which must not import as a smaller one.
  const hasSubtotals = trades.some((r) => (r.fields[1] ?? '').trim() === 'SubTotal')
  let group: { key: string; symbol: string; line: number; qty: number } | null = null
  const closeGroup = (line: number): void => {
    if (group && hasSubtotals) {
      sink.error(
        line,
        'SubTotal',
        `the rows of ${group.symbol} (from line ${group.line}) end without their SubTotal row: rows are missing or the file is cut`,
      )
    }
    group = null
  }
  const trackGroup = (line: number, col: (name: string) => string, disc: string): void => {
    if (!hasSubtotals) return
    const key = `${col('currency')}\u0000${col('symbol')}`
    if (group && group.key !== key) closeGroup(line)
    group ??= { key, symbol: col('symbol'), line, qty: 0 }
    const counts = hasExecutionRows ? disc === 'Trade' : disc !== 'Trade'
    const qty = parseNumber(col('quantity'))
    if (counts && qty !== null) group.qty += qty
  }
  const checkSubtotal = (line: number, stated: number | null): void => {
    if (!hasSubtotals) return
    if (group && stated !== null && Math.abs(stated - group.qty) > 1e-6) {
      sink.error(
        line,
        'Quantity',
        `the SubTotal of ${group.symbol} states a quantity of ${stated} but its rows (from line ${group.line}) add up to ${Number(group.qty.toFixed(8))}: rows are missing or changed`,
      )
    }
    group = null
  }
  // The execution row the next ClosedLot rows belong to; 'broken' when that row was refused.
  let last: ClosingExecution | 'broken' | null = null
  const closings: ClosingExecution[] = []
  let h: Map<string, number> | null = null
  let headerCells = 0
  const required = ['asset category', 'currency', 'symbol', 'date/time', 'quantity', 't. price']
  for (const row of trades) {
    const kind = (row.fields[1] ?? '').trim()
    if (kind === 'Header') {
      closeGroup(row.line)
      headerCells = row.fields.length
      last = null
      h = headerIndex(row.fields)
      const missing = required.filter((name) => !h?.has(name))
      for (const name of missing) {
        sink.error(row.line, name, `the Trades header lacks the "${name}" column`)
      }
      if (missing.length > 0) h = null
      const twice = duplicateColumns(row.fields)
      for (const name of READ_COLUMNS) {
        const at = twice.get(name)
        if (!at) continue
        sink.error(
          row.line,
          row.fields[at[0] ?? 0]?.trim() ?? name,
          `the Trades header has the "${name}" column ${at.length} times (columns ${at.map((i) => i + 1).join(', ')}); keep one`,
        )
        h = null
      }
      continue
    }
    if (!h) {
      if (sink.errorCount === 0)
        sink.error(row.line, 'header', 'a Trades row comes before any Trades header')
      continue
    }
    const hh = h
    if (row.fields.length < headerCells) {
      sink.error(
        row.line,
        'row',
        `the row has ${row.fields.length} cells but the Trades header has ${headerCells}: truncated or broken line`,
      )
      last = 'broken'
      continue
    }
    const col = (name: string): string => row.fields[hh.get(name) ?? -1]?.trim() ?? ''
    if (kind === 'SubTotal') checkSubtotal(row.line, parseNumber(col('quantity')))
    else if (kind === 'Total') closeGroup(row.line)
    if (kind === 'SubTotal' || kind === 'Total') {
      last = null
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
    if (disc !== 'ClosedLot') trackGroup(row.line, col, disc)
    if (disc === 'ClosedLot') {
      if (last === 'broken') continue
      const lot = readClosedLot(sink, row.line, col, last, ctx.zone)
      if (lot) last?.lots.push(lot)
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
      last = 'broken'
      continue
    }
    const rawTime = col('date/time')
    const executedAt =
      TIME_PATTERNS.map((p) => toUtcIso(rawTime, p, ctx.zone)).find((t) => t !== null) ?? null
    if (!executedAt) {
      sink.error(row.line, 'Date/Time', `"${rawTime}" is not a time like 2021-01-11, 06:57:37`)
      last = 'broken'
      continue
    }
    const qty = parseNumber(col('quantity'))
    if (qty === null || qty === 0) {
      sink.error(row.line, 'Quantity', `"${col('quantity')}" is not a non-zero quantity`)
      last = 'broken'
      continue
    }
    const price = parseNumber(col('t. price'))
    if (price === null) {
      sink.error(row.line, 'T. Price', `"${col('t. price')}" is not a price`)
      last = 'broken'
      continue
    }
    const commission = parseMoneyOrZero(col('comm/fee'))
    if (commission === null) {
      sink.error(row.line, 'Comm/Fee', `"${col('comm/fee')}" is not an amount`)
      last = 'broken'
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
    const draft: FillDraft = {
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
      fields: { qty: 'Quantity', price: 'T. Price', time: 'Date/Time' },
    }
    sink.add(draft)
    warnUnexplainedPnl(sink, row.line, col, symbol, draft.currency, code)
    last = {
      draft,
      signedQty: qty,
      day: rawTime.slice(0, 10),
      multiplier: multiplier ?? defaultMultiplier(assetClass, underlying) ?? 1,
      lots: [],
    }
    closings.push(last)
  }
  if (group !== null) {
    const g: { symbol: string; line: number } = group
    sink.error(
      trades[trades.length - 1]?.line ?? g.line,
      'SubTotal',
      `the file ends inside the rows of ${g.symbol} (from line ${g.line}), before their SubTotal row: it looks truncated`,
    )
  }
  for (const lot of lotOpenings(closings, sink)) sink.add(lot)
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

/** An execution row as read, with the `ClosedLot` rows that follow it. */
type ClosingExecution = {
  draft: FillDraft
  /** Signed quantity of the execution. */
  signedQty: number
  /** Trade date (`yyyy-MM-dd`) in the statement's zone. */
  day: string
  multiplier: number
  lots: ClosedLot[]
}

/** One `ClosedLot` row: a tax lot the preceding execution closed. */
type ClosedLot = {
  line: number
  /** Open date (`yyyy-MM-dd`) in the statement's zone. */
  day: string
  /** When the lot was opened, ISO UTC; see `readClosedLot`. */
  openedAt: string
  /** Signed quantity of the lot: positive for a long lot, negative for a short one. */
  qty: number
  /** Cost basis, signed like the quantity (money paid for a long lot, received for a short). */
  basis: number
}

/**
 * Reads a `ClosedLot` row and checks it against the execution it follows. Its Date/Time holds
 * the lot's open date; a date without a time of day is placed at 00:00 of that date in the
 * statement's zone (the start of the trading day there, before any execution of that day). A
 * full date and time, when a statement gives one, is used as is.
 */
function readClosedLot(
  sink: ReturnType<typeof createSink>,
  line: number,
  col: (name: string) => string,
  closing: ClosingExecution | null,
  zone: string,
): ClosedLot | null {
  if (!closing) {
    sink.error(line, 'DataDiscriminator', 'a ClosedLot row follows no execution it could close')
    return null
  }
  const symbol = col('symbol')
  if (symbol !== closing.draft.symbol) {
    sink.error(
      line,
      'Symbol',
      `the ClosedLot row names "${symbol}" but follows an execution of "${closing.draft.symbol}"`,
    )
    return null
  }
  const rawDate = col('date/time')
  const openedAt =
    [...TIME_PATTERNS, 'yyyy-MM-dd']
      .map((p) => toUtcIso(rawDate, p, zone))
      .find((t) => t !== null) ?? null
  if (!openedAt) {
    sink.error(line, 'Date/Time', `"${rawDate}" is not a lot open date like 2018-02-02`)
    return null
  }
  const qty = parseNumber(col('quantity'))
  if (qty === null || qty === 0 || Math.sign(qty) === Math.sign(closing.signedQty)) {
    sink.error(
      line,
      'Quantity',
      `"${col('quantity')}" is not a lot the ${closing.signedQty > 0 ? 'buy' : 'sell'} above can close`,
    )
    return null
  }
  const closed = closing.lots.reduce((s, l) => s + Math.abs(l.qty), 0) + Math.abs(qty)
  if (closed > Math.abs(closing.signedQty) + 1e-9) {
    sink.error(
      line,
      'Quantity',
      `the lots add up to ${closed}, more than the ${Math.abs(closing.signedQty)} the execution closes`,
    )
    return null
  }
  const basis = parseNumber(col('basis'))
  if (basis === null || (basis !== 0 && Math.sign(basis) !== Math.sign(qty))) {
    sink.error(line, 'Basis', `"${col('basis')}" is not a cost basis for a lot of ${qty}`)
    return null
  }
  return { line, day: rawDate.slice(0, 10), openedAt, qty, basis }
}

/**
 * Opening fills for the lots the file never opened, rebuilt from the broker's `ClosedLot` rows.
 *
 * Which lots: a lot opened on a date before the first execution of its account and contract in
 * the file. A statement covers whole days and lists every execution of its period, so a lot
 * opened inside the period has its opening execution in the file, on or after that first date:
 * such a lot (every CLOV lot of the sample, opened on the dates of the file's three sales) is
 * left to the execution that opened it, and rebuilding it would count it twice. A lot opened
 * before the series' first execution (HMBs 2018, UNIT 2017) predates the file.
 *
 * The fill: the lot's signed quantity, at its open time (see `readClosedLot`), at basis ÷
 * quantity ÷ multiplier, with no commission. IBKR's basis includes the opening commission: a
 * close's Realized P/L is its proceeds plus its (negative) commission minus the lots' basis
 * (HMBs: 45 450.45 − 49 − 36 147.22 = 9 254.23), so the rebuilt opening carries its costs in the
 * price and the journal's P&L lands on the broker's to the cent.
 */
function lotOpenings(
  closings: readonly ClosingExecution[],
  sink: ReturnType<typeof createSink>,
): FillDraft[] {
  const seriesOf = (c: ClosingExecution): string => `${c.draft.account}\u0000${c.draft.symbol}`
  const firstDay = new Map<string, string>()
  for (const c of closings) {
    const known = firstDay.get(seriesOf(c))
    if (known === undefined || c.day < known) firstDay.set(seriesOf(c), c.day)
  }
  const out: FillDraft[] = []
  for (const c of closings) {
    const first = firstDay.get(seriesOf(c)) ?? c.day
    const d = c.draft
    const closedBy = contentHash({
      account: d.account,
      symbol: d.symbol,
      side: d.side,
      qty: c.signedQty,
      price: d.price,
      executedAt: d.executedAt,
    })
    for (const lot of c.lots) {
      if (lot.day >= first) {
        sink.skip('closed-lot')
        continue
      }
      out.push({
        line: lot.line,
        account: d.account,
        broker: d.broker,
        symbol: d.symbol,
        underlying: d.underlying,
        assetClass: d.assetClass,
        side: lot.qty > 0 ? 'buy' : 'sell',
        qty: Math.abs(lot.qty),
        price: lot.basis / lot.qty / c.multiplier,
        multiplier: c.multiplier,
        commission: 0,
        fees: 0,
        currency: d.currency,
        executedAt: lot.openedAt,
        externalTradeId: null,
        orderId: null,
        openClose: 'open',
        origin: 'closed-lot',
        closedBy,
        fields: { qty: 'Quantity', price: 'Basis', time: 'Date/Time' },
      })
    }
  }
  return out
}

/**
 * Warns when a row's Realized P/L is not its proceeds plus commission plus basis. IBKR books the
 * premium of an assigned or exercised option (code A or Ex) on the stock's row; the journal keeps
 * that premium with the option's own fills, so the two figures differ by it.
 */
function warnUnexplainedPnl(
  sink: ReturnType<typeof createSink>,
  line: number,
  col: (name: string) => string,
  symbol: string,
  currency: string,
  code: readonly string[],
): void {
  const parts = ['realized p/l', 'proceeds', 'comm/fee', 'basis'].map((n) => parseNumber(col(n)))
  const [stated, proceeds, commission, basis] = parts
  if (stated == null || proceeds == null || commission == null || basis == null) return
  const gap = stated - (proceeds + commission + basis)
  if (Math.abs(gap) < 0.005) return
  const why =
    code.includes('A') || code.includes('Ex')
      ? ' (an option assignment or exercise: IBKR counts the option premium here, the journal counts it on the option)'
      : ''
  sink.warn(
    line,
    'stated-pnl-differs',
    `${symbol}: the statement's Realized P/L ${stated} ${currency} is ${gap.toFixed(2)} away from proceeds, commission and basis${why}`,
  )
}
