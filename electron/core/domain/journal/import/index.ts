import type { FormatContext } from './build'
import { parseGeneric, guessDelimiter } from './formats/generic'
import { parseIbkrActivity } from './formats/ibkr-activity'
import { parseIbkrFlex } from './formats/ibkr-flex'
import { parseNinjaTrader } from './formats/ninjatrader'
import { parseTastytrade } from './formats/tastytrade'
import { parseThinkorswim } from './formats/thinkorswim'
import { parseTradovateOrders, parseTradovatePerformance } from './formats/tradovate'
import { findOverlongLine } from '../../files/decode'
import { decodeText, parseCsv, type CsvRow } from './text'
import { isValidZone, machineZone } from '../../time/zone'
import { FORMAT_IDS, type FormatId, type ParseOptions, type ParseOutcome } from './types'

export * from './types'
export { dedupeKeys, contentHash } from './dedupe'
export { parseLocalDateTime } from './time'
export { parseNumber } from './numbers'
export { decodeText, parseCsv } from './text'
export { guessDelimiter } from './formats/generic'

/**
 * The zone each format's zone-less timestamps are in unless the trader says otherwise; null
 * means the machine's own zone. thinkorswim statements and IBKR reports (by default) are in US
 * Eastern; NinjaTrader and Tradovate write the trading PC's or the user's display zone, which
 * only the trader knows; tastytrade and the generic importer read offsets from the file or
 * fall back to the chosen zone.
 */
export const DEFAULT_ZONES: Readonly<Record<FormatId, string | null>> = {
  thinkorswim: 'America/New_York',
  ninjatrader8: null,
  'tradovate-orders': null,
  'tradovate-performance': null,
  tastytrade: null,
  'ibkr-activity': 'America/New_York',
  'ibkr-flex': 'America/New_York',
  generic: null,
}

/** Human names of the formats, for pickers and messages. */
export const FORMAT_LABELS: Readonly<Record<FormatId, string>> = {
  thinkorswim: 'thinkorswim account statement',
  ninjatrader8: 'NinjaTrader 8 executions grid',
  'tradovate-orders': 'Tradovate orders report',
  'tradovate-performance': 'Tradovate performance report',
  tastytrade: 'tastytrade transaction history',
  'ibkr-activity': 'Interactive Brokers activity statement (CSV)',
  'ibkr-flex': 'Interactive Brokers Flex query (XML)',
  generic: 'Generic CSV with a column mapping',
}

/** True when `value` names an importer. */
export function isFormatId(value: string): value is FormatId {
  return (FORMAT_IDS as readonly string[]).includes(value)
}

/**
 * Which importer reads a file, from its first lines (and, for XML, its name). Returns null when
 * no dedicated importer recognises it: the generic importer with a mapping is then the way in.
 */
export function detectFormat(fileName: string, text: string): FormatId | null {
  const head = text.replace(/^\uFEFF/, '').slice(0, 4096)
  const firstLine = (head.split(/\r\n|\n|\r/, 1)[0] ?? '').trim()
  const lower = firstLine.toLowerCase()
  if (
    /<FlexQueryResponse[\s>]/.test(head) ||
    (/\.xml$/i.test(fileName) && head.includes('<FlexStatement'))
  ) {
    return 'ibkr-flex'
  }
  if (lower.startsWith('account statement for') || /^Account Trade History\s*$/m.test(text)) {
    return 'thinkorswim'
  }
  if (/^(Trades|Statement),Header,/.test(firstLine) || /^Trades,Header,/m.test(head)) {
    return 'ibkr-activity'
  }
  const cells = lower.split(',').map((c) => c.trim())
  const has = (...names: string[]): boolean => names.every((n) => cells.includes(n))
  if (has('instrument', 'action', 'quantity', 'price', 'time', 'id', 'e/x')) return 'ninjatrader8'
  if (has('buyfillid', 'sellfillid', 'buyprice', 'sellprice', 'boughttimestamp')) {
    return 'tradovate-performance'
  }
  if (has('orderid', 'account', 'b/s', 'contract', 'avgprice', 'filledqty')) {
    return 'tradovate-orders'
  }
  if (has('date', 'type', 'sub type', 'action', 'symbol', 'instrument type', 'description')) {
    return 'tastytrade'
  }
  return null
}

/**
 * Parses one broker file into fills without storing anything. Never throws for bad input:
 * undecodable bytes, an unknown format, a bad zone and bad rows all come back as errors naming
 * the file, line and field.
 */
export function parseFills(input: string | Uint8Array, options: ParseOptions): ParseOutcome {
  const file = options.fileName
  const decoded = decodeText(input)
  if (!decoded.ok) {
    return {
      ok: false,
      errors: [
        { file, line: decoded.error.line, field: 'encoding', message: decoded.error.message },
      ],
    }
  }
  const text = decoded.text
  if (text.trim() === '') {
    return { ok: false, errors: [{ file, line: 1, field: 'file', message: 'the file is empty' }] }
  }
  const requested = options.format ?? 'auto'
  const format: FormatId | null =
    requested === 'auto' ? (options.mapping ? 'generic' : detectFormat(file, text)) : requested
  if (format === null) {
    return {
      ok: false,
      errors: [
        {
          file,
          line: 1,
          field: 'header',
          message:
            'the format is not recognised; choose a broker or map the columns with the generic importer',
        },
      ],
    }
  }
  const zone = options.tz ?? DEFAULT_ZONES[format] ?? machineZone()
  if (zone === null) {
    return {
      ok: false,
      errors: [
        {
          file,
          line: 0,
          field: 'tz',
          message: `this machine's time zone is not one the runtime knows, and ${FORMAT_LABELS[format]} times carry none: choose the zone they are in`,
        },
      ],
    }
  }
  if (!isValidZone(zone)) {
    return {
      ok: false,
      errors: [{ file, line: 0, field: 'tz', message: `"${zone}" is not an IANA time zone` }],
    }
  }
  const ctx: FormatContext = { fileName: file, zone, account: options.account }
  if (options.nowMs !== undefined) ctx.nowMs = options.nowMs
  if (format === 'ibkr-flex') return parseIbkrFlex(text, ctx)
  if (format === 'generic' && !options.mapping) {
    return {
      ok: false,
      errors: [
        { file, line: 0, field: 'mapping', message: 'the generic importer needs a column mapping' },
      ],
    }
  }
  const delimiter =
    format === 'generic' ? (options.mapping?.delimiter ?? guessDelimiter(text)) : ','
  const long = findOverlongLine(text, MAX_LINE_CHARS)
  if (long) {
    return {
      ok: false,
      errors: [
        {
          file,
          line: long.line,
          field: 'line',
          message: `the line is ${long.length.toLocaleString('en-US')} characters long (the limit is ${MAX_LINE_CHARS.toLocaleString('en-US')}): the file is broken or not a ${FORMAT_LABELS[format]}`,
        },
      ],
    }
  }
  const csv = parseCsv(text, delimiter)
  if (!csv.ok) {
    return {
      ok: false,
      errors: [{ file, line: csv.error.line, field: 'quote', message: csv.error.message }],
    }
  }
  const outcome = parseCsvFormat(format, csv.rows, ctx, options)
  const last = csv.rows[csv.rows.length - 1]
  if (
    outcome.ok &&
    !csv.isTerminated &&
    last &&
    ENDS_WITH_NEWLINE.has(format) &&
    // A thinkorswim statement's structure shows a cut in its trade history; elsewhere in it a
    // missing final line break matters only when the last line is a fill.
    (format !== 'thinkorswim' || outcome.value.fills.some((f) => f.line === last.line))
  ) {
    outcome.value.warnings.push({
      line: last.line,
      code: 'unterminated-last-line',
      message: `the file ends without a line break, which ${FORMAT_LABELS[format]} exports always write: it may be cut short; check that line ${last.line} is complete and that nothing after it is missing`,
    })
  }
  return outcome
}

/** Physical lines longer than this are refused before any CSV is read. */
export const MAX_LINE_CHARS = 65_536

// Exports of these formats end with a line break; one that does not may have been cut off in
// its last line, where a shortened last cell can still read as a valid value.
const ENDS_WITH_NEWLINE = new Set<FormatId>([
  'thinkorswim',
  'ninjatrader8',
  'tradovate-orders',
  'tradovate-performance',
  'ibkr-activity',
])

function parseCsvFormat(
  format: Exclude<FormatId, 'ibkr-flex'>,
  rows: CsvRow[],
  ctx: FormatContext,
  options: ParseOptions,
): ParseOutcome {
  switch (format) {
    case 'thinkorswim':
      return parseThinkorswim(rows, ctx)
    case 'ninjatrader8':
      return parseNinjaTrader(rows, ctx)
    case 'tradovate-orders':
      return parseTradovateOrders(rows, ctx)
    case 'tradovate-performance':
      return parseTradovatePerformance(rows, ctx)
    case 'tastytrade':
      return parseTastytrade(rows, ctx)
    case 'ibkr-activity':
      return parseIbkrActivity(rows, ctx)
    case 'generic':
      return parseGeneric(rows, ctx, options.mapping as NonNullable<ParseOptions['mapping']>)
  }
}
export { positionChecks, reconcilePositions, type PositionCheck } from './positions'
