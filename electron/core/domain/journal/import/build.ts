import type { AssetClass, ParsedFill, Side } from '../fill'
import { defaultMultiplier } from '../multipliers'
import type {
  FormatId,
  ImportError,
  ImportWarning,
  ParseOutcome,
  ImportedFill,
  SkipReason,
  StatedTotal,
} from './types'

/** Largest quantity or price a row may carry; beyond it the row is a typo or a unit mix-up. */
export const MAX_ABS_QTY = 1e9
export const MAX_ABS_PRICE = 1e9
/** Earliest execution time a fill may carry: nothing an importer reads predates 1970. */
export const MIN_EXECUTED_MS = Date.UTC(1970, 0, 1)
/**
 * How far past the current time a fill may be stamped: a few days covers a clock set wrong and
 * every zone's offset; a fill beyond it is a typo (2199) or a date read in the wrong order.
 */
export const FUTURE_HORIZON_DAYS = 3
/** Errors past this many are dropped: the first ones already say what is wrong. */
const MAX_ERRORS = 50

/** What a format parser knows about the file it reads. */
export type FormatContext = {
  fileName: string
  /** IANA zone for timestamps without an offset. */
  zone: string
  /** Account override from the trader. */
  account: string | undefined
  /** The current time (epoch ms) that execution times are checked against; defaults to now. */
  nowMs?: number | undefined
}

/** Everything needed to make one fill; the sink signs the quantity and checks the numbers. */
export type FillDraft = {
  line: number
  account: string
  broker: string
  symbol: string
  underlying: string
  assetClass: AssetClass
  side: Side
  /** Unsigned quantity as the row states it. */
  qty: number
  price: number
  /** From the file; null asks the multiplier table. */
  multiplier: number | null
  commission: number
  fees: number
  currency: string
  executedAt: string
  externalTradeId: string | null
  orderId: string | null
  openClose: 'open' | 'close' | null
  /** Absent for execution rows; see `ParsedFill.origin`. */
  origin?: 'closed-lot'
  /** For a fill rebuilt from a closed lot: the closing execution's content hash. */
  closedBy?: string
  /** The file's names for the quantity and price columns, so errors name what the trader sees. */
  fields?: { qty: string; price: string; time?: string }
}

/** Collects fills, skips, warnings and errors while a format parser walks a file. */
export type Sink = {
  readonly fileName: string
  error(line: number, field: string, message: string): void
  warn(line: number, code: string, message: string): void
  skip(reason: SkipReason, count?: number): void
  total(total: StatedTotal): void
  add(draft: FillDraft): void
  readonly errorCount: number
  finish(format: FormatId, zone: string | null): ParseOutcome
}

/** A fresh sink for one file; execution times past `nowMs` plus the horizon are refused. */
export function createSink(fileName: string, nowMs: number = Date.now()): Sink {
  const latestMs = nowMs + FUTURE_HORIZON_DAYS * 86_400_000
  const errors: ImportError[] = []
  const warnings: ImportWarning[] = []
  const skipped = new Map<SkipReason, number>()
  const totals: StatedTotal[] = []
  const fills: ImportedFill[] = []

  function error(line: number, field: string, message: string): void {
    if (errors.length < MAX_ERRORS) errors.push({ file: fileName, line, field, message })
  }

  function add(d: FillDraft): void {
    const before = errors.length
    const qtyField = d.fields?.qty ?? 'quantity'
    const priceField = d.fields?.price ?? 'price'
    if (!Number.isFinite(d.qty) || d.qty <= 0) {
      error(d.line, qtyField, `quantity must be a positive number, got ${d.qty}`)
    } else if (d.qty > MAX_ABS_QTY) {
      error(d.line, qtyField, `quantity ${d.qty} is implausibly large (over ${MAX_ABS_QTY})`)
    }
    // An option that expires worthless or is assigned is booked at 0; anything else trades at a
    // positive price (a zero or negative one is a shifted column or a sign typo).
    const mayBeZero = d.assetClass === 'option' || d.assetClass === 'future_option'
    if (!Number.isFinite(d.price) || d.price < 0 || (d.price === 0 && !mayBeZero)) {
      error(
        d.line,
        priceField,
        `price must be ${mayBeZero ? 'zero or more' : 'greater than zero'}, got ${d.price}`,
      )
    } else if (Math.abs(d.price) > MAX_ABS_PRICE) {
      error(d.line, priceField, `price ${d.price} is implausibly large (over ${MAX_ABS_PRICE})`)
    }
    if (!Number.isFinite(d.commission) || !Number.isFinite(d.fees)) {
      error(d.line, 'commission', 'commission and fees must be numbers')
    }
    const atMs = Date.parse(d.executedAt)
    const timeField = d.fields?.time ?? 'time'
    if (!Number.isFinite(atMs)) {
      error(d.line, timeField, `"${d.executedAt}" is not a time`)
    } else if (atMs < MIN_EXECUTED_MS) {
      error(d.line, timeField, `execution time ${d.executedAt} is before 1970`)
    } else if (atMs > latestMs) {
      error(
        d.line,
        timeField,
        `execution time ${d.executedAt} is more than ${FUTURE_HORIZON_DAYS} days in the future`,
      )
    }
    if (!/^[A-Z]{3}$/.test(d.currency)) {
      error(
        d.line,
        'currency',
        `currency must be a three-letter code like USD, got "${d.currency}"`,
      )
    }
    for (const [field, value] of [
      ['account', d.account],
      ['symbol', d.symbol],
      ['orderId', d.orderId],
      ['externalTradeId', d.externalTradeId],
    ] as const) {
      if (value?.includes('\u0000')) error(d.line, field, `${field} contains a NUL character`)
    }
    if (d.symbol.trim() === '') error(d.line, 'symbol', 'symbol is empty')
    if (d.account.trim() === '') error(d.line, 'account', 'account is empty')
    let multiplier = d.multiplier
    if (multiplier !== null && (!Number.isFinite(multiplier) || multiplier <= 0)) {
      error(d.line, 'multiplier', `multiplier must be a positive number, got ${multiplier}`)
    }
    if (multiplier === null) {
      multiplier = defaultMultiplier(d.assetClass, d.underlying)
      if (multiplier === null) {
        warnings.push({
          line: d.line,
          code: 'unknown-multiplier',
          message: `no point value is known for ${d.underlying}; using 1 — add it to the multiplier table or the mapping`,
        })
        multiplier = 1
      }
    }
    if (errors.length > before) return
    fills.push({
      account: d.account,
      broker: d.broker,
      symbol: d.symbol.trim(),
      underlying: d.underlying.trim(),
      assetClass: d.assetClass,
      side: d.side,
      qty: d.side === 'buy' ? d.qty : -d.qty,
      price: d.price,
      multiplier,
      // Brokers print costs as debits (negative); the journal keeps them as amounts paid.
      commission: Math.abs(d.commission),
      fees: Math.abs(d.fees),
      currency: d.currency,
      executedAt: d.executedAt,
      externalTradeId: d.externalTradeId,
      orderId: d.orderId,
      openClose: d.openClose,
      ...(d.origin ? { origin: d.origin } : {}),
      ...(d.closedBy !== undefined ? { closedBy: d.closedBy } : {}),
      line: d.line,
    })
  }

  return {
    fileName,
    error,
    warn(line, code, message) {
      warnings.push({ line, code, message })
    },
    skip(reason, count = 1) {
      skipped.set(reason, (skipped.get(reason) ?? 0) + count)
    },
    total(t) {
      totals.push(t)
    },
    add,
    get errorCount() {
      return errors.length
    },
    finish(format, zone) {
      if (errors.length > 0) return { ok: false, errors }
      if (fills.length === 0 && skipped.size === 0) {
        return {
          ok: false,
          errors: [
            { file: fileName, line: 1, field: 'file', message: 'the file holds no trade rows' },
          ],
        }
      }
      const ordered = orderFills(fills)
      return {
        ok: true,
        value: {
          format,
          zone,
          fills: ordered,
          skipped: [...skipped].map(([reason, count]) => ({ reason, count })),
          warnings: [...warnings, ...openingUnknown(ordered)].sort((a, b) => a.line - b.line),
          statedTotals: totals,
        },
      }
    },
  }
}

/** Execution time ascending, file line on ties: the order campaigns replay fills in. */
export function orderFills<F extends ParsedFill>(fills: readonly F[]): F[] {
  return [...fills].sort((a, b) =>
    a.executedAt < b.executedAt ? -1 : a.executedAt > b.executedAt ? 1 : a.line - b.line,
  )
}

/**
 * Flags closing fills the file never opened: the opening predates the file. No entry price is
 * invented; campaigns decide what to do with the unmatched quantity.
 */
function openingUnknown(ordered: readonly ParsedFill[]): ImportWarning[] {
  const position = new Map<string, number>()
  const out: ImportWarning[] = []
  for (const f of ordered) {
    const key = `${f.account}\u0000${f.symbol}`
    const pos = position.get(key) ?? 0
    const closesSomething = pos !== 0 && Math.sign(pos) !== Math.sign(f.qty)
    if (f.openClose === 'close' && (!closesSomething || Math.abs(f.qty) > Math.abs(pos))) {
      out.push({
        line: f.line,
        code: 'opening-unknown',
        message: `${f.account} ${f.symbol}: closes ${Math.abs(f.qty)} but the file opened only ${closesSomething ? Math.abs(pos) : 0}; the opening fill predates this file`,
      })
    }
    position.set(key, pos + f.qty)
  }
  return out
}
