import type { Sink } from '../build'
import { duplicateColumns, headerIndex, type CsvRow } from '../text'

/**
 * A cell reader over one header row. A column the parser reads that the header names twice is an
 * error on the header line (reported once): which of the two holds the value is a guess, and a
 * wrong guess imports wrong prices or times without a word.
 */
export function columnReader(sink: Sink, headerRow: CsvRow): (row: CsvRow, name: string) => string {
  const h = headerIndex(headerRow.fields)
  const duplicates = duplicateColumns(headerRow.fields)
  const reported = new Set<string>()
  return (row, name) => {
    const twice = duplicates.get(name)
    if (twice && !reported.has(name)) {
      reported.add(name)
      sink.error(
        headerRow.line,
        headerRow.fields[twice[0] ?? 0]?.trim() ?? name,
        `the header has the "${name}" column ${twice.length} times (columns ${twice.map((i) => i + 1).join(', ')}); keep one`,
      )
    }
    return row.fields[h.get(name) ?? -1]?.trim() ?? ''
  }
}

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
  const col = columnReader(sink, headerRow)
  // Required columns are read on every row: report their duplicates even for a file of no rows.
  for (const name of required) col(headerRow, name)
  return col
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
