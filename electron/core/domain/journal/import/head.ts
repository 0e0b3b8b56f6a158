import type { FormatId } from './types'

/**
 * Formats whose files are one header line and then one execution per row, with nothing later in
 * the file that changes an earlier row: a preview may read their first rows alone. Statements
 * with sections (thinkorswim, IBKR activity), XML (IBKR Flex) and the Tradovate performance
 * report (which merges fills across rows) are read whole.
 */
const ROW_FORMATS: ReadonlySet<FormatId> = new Set<FormatId>([
  'ninjatrader8',
  'tradovate-orders',
  'tastytrade',
  'generic',
])

/** True when a preview of `format` may parse only the file's first rows (see `headRows`). */
export function isRowFormat(format: FormatId): boolean {
  return ROW_FORMATS.has(format)
}

/**
 * The header line and the first `rows` records of CSV `text`, cut after a line break that lies
 * outside quotes (a quoted cell may hold line breaks), and whether anything was cut off. Scans
 * only as far as the cut, so a preview of a large file costs what its first rows cost.
 */
export function headRows(text: string, rows: number): { text: string; isPartial: boolean } {
  let lines = 0
  let isQuoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x22) isQuoted = !isQuoted
    else if (!isQuoted && (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a))) {
      lines++
      if (lines === rows + 1) {
        // Only blank lines after the cut: nothing was left out.
        if (!/\S/.test(text.slice(i + 1))) return { text, isPartial: false }
        return { text: text.slice(0, i + 1), isPartial: true }
      }
    }
  }
  return { text, isPartial: false }
}
