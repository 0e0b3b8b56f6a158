import type { Sink } from '../build'
import { headerIndex, type CsvRow } from '../text'

/** Reads a header row, reporting each missing required column as an error on that line. */
export function requireHeader(
  sink: Sink,
  headerRow: CsvRow | undefined,
  required: readonly string[],
): ((row: CsvRow, name: string) => string) | null {
  if (!headerRow) {
    sink.error(1, 'header', 'the file is empty: no header row')
    return null
  }
  const h = headerIndex(headerRow.fields)
  let ok = true
  for (const name of required) {
    if (!h.has(name)) {
      sink.error(headerRow.line, name, `the header lacks the "${name}" column`)
      ok = false
    }
  }
  if (!ok) return null
  return (row, name) => row.fields[h.get(name) ?? -1]?.trim() ?? ''
}

/**
 * Checks that a data row has as many cells as the header; a short row usually means a truncated
 * file or a stray line break, and reading it would shift every later column.
 */
export function hasAllCells(sink: Sink, row: CsvRow, header: CsvRow, minCells?: number): boolean {
  const need = minCells ?? header.fields.filter((f) => f.trim() !== '').length
  if (row.fields.length < need) {
    sink.error(
      row.line,
      header.fields[row.fields.length]?.trim() || 'row',
      `the row has ${row.fields.length} cells but the header has ${need}: truncated or broken line`,
    )
    return false
  }
  return true
}
