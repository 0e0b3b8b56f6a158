export { decodeText, type DecodeError } from '../../files/decode'
import type { DecodeError } from '../../files/decode'

/** One CSV record: its fields and the 1-based line it starts on. */
export type CsvRow = { fields: string[]; line: number }

/**
 * Splits CSV text into records (RFC 4180: quoted fields may hold delimiters, doubled quotes and
 * newlines; CRLF, LF and lone CR all end a record). Fails only on a quote left open at the end
 * of the file, naming the line where that field began. `isTerminated` tells whether the last
 * record ends with a line break (a file cut mid-line does not).
 */
export function parseCsv(
  text: string,
  delimiter = ',',
): { ok: true; rows: CsvRow[]; isTerminated: boolean } | { ok: false; error: DecodeError } {
  const rows: CsvRow[] = []
  let fields: string[] = []
  let field = ''
  let line = 1
  let rowLine = 1
  let quoteLine = 0
  let inQuotes = false
  let i = 0
  const n = text.length
  while (i < n) {
    const ch = text[i]
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i += 2
          continue
        }
        inQuotes = false
        i++
        continue
      }
      if (ch === '\n') line++
      else if (ch === '\r' && text[i + 1] !== '\n') line++
      field += ch
      i++
      continue
    }
    if (ch === '"' && field.trim() === '') {
      field = ''
      inQuotes = true
      quoteLine = line
      i++
      continue
    }
    if (ch === delimiter) {
      fields.push(field)
      field = ''
      i++
      continue
    }
    if (ch === '\r' || ch === '\n') {
      fields.push(field)
      rows.push({ fields, line: rowLine })
      fields = []
      field = ''
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1
      line++
      rowLine = line
      continue
    }
    // Plain run of cells: copy up to the next delimiter, quote or line break in one slice.
    let j = i + 1
    while (j < n) {
      const c = text[j]
      if (c === delimiter || c === '\n' || c === '\r' || c === '"') break
      j++
    }
    field += text.slice(i, j)
    i = j
  }
  if (inQuotes) {
    return { ok: false, error: { line: quoteLine, message: 'a quoted field is never closed' } }
  }
  const isTerminated = field === '' && fields.length === 0
  if (!isTerminated) {
    fields.push(field)
    rows.push({ fields, line: rowLine })
  }
  return { ok: true, rows, isTerminated }
}

/** True when every field of a row is empty or whitespace. */
export function isBlankRow(fields: readonly string[]): boolean {
  return fields.every((f) => f.trim() === '')
}

/** Maps lower-cased, trimmed header names to their column index. */
export function headerIndex(header: readonly string[]): Map<string, number> {
  const map = new Map<string, number>()
  header.forEach((name, i) => {
    const key = name.trim().toLowerCase()
    if (key !== '' && !map.has(key)) map.set(key, i)
  })
  return map
}

/** Header names (lower-cased, trimmed) that appear more than once, with every 0-based index. */
export function duplicateColumns(header: readonly string[]): Map<string, number[]> {
  const seen = new Map<string, number[]>()
  header.forEach((name, i) => {
    const key = name.trim().toLowerCase()
    if (key === '') return
    const list = seen.get(key)
    if (list) list.push(i)
    else seen.set(key, [i])
  })
  return new Map([...seen].filter(([, list]) => list.length > 1))
}
