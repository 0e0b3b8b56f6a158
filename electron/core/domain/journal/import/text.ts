/** A decoding failure: the line where the first bad byte sits, and why. */
export type DecodeError = { line: number; message: string }

/**
 * Turns file bytes into text. UTF-8 (with or without a byte-order mark) and UTF-16 with a BOM are
 * read; anything else is refused with the line of the first offending byte, because guessing a
 * legacy code page would silently corrupt symbols and numbers.
 */
export function decodeText(
  input: string | Uint8Array,
): { ok: true; text: string } | { ok: false; error: DecodeError } {
  if (typeof input === 'string') return { ok: true, text: stripBom(input) }
  const bytes = input
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { ok: true, text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) }
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { ok: true, text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) }
  }
  const nul = bytes.indexOf(0)
  if (nul >= 0) {
    return {
      ok: false,
      error: {
        line: lineOfByte(bytes, nul),
        message:
          'the file contains NUL bytes: it is binary or UTF-16 without a byte-order mark; export it as UTF-8 CSV',
      },
    }
  }
  try {
    return { ok: true, text: stripBom(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) }
  } catch {
    const bad = firstInvalidUtf8(bytes)
    return {
      ok: false,
      error: {
        line: lineOfByte(bytes, bad),
        message: `byte 0x${(bytes[bad] ?? 0).toString(16).padStart(2, '0')} is not valid UTF-8 (the file may be Latin-1 or Windows-1252); re-export it as UTF-8`,
      },
    }
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

function lineOfByte(bytes: Uint8Array, index: number): number {
  let line = 1
  for (let i = 0; i < index && i < bytes.length; i++) if (bytes[i] === 0x0a) line++
  return line
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i] ?? 0
    const need =
      b < 0x80
        ? 0
        : b >= 0xc2 && b <= 0xdf
          ? 1
          : b >= 0xe0 && b <= 0xef
            ? 2
            : b >= 0xf0 && b <= 0xf4
              ? 3
              : -1
    if (need < 0) return i
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]
      if (c === undefined || (c & 0xc0) !== 0x80) return i
    }
    i += need + 1
  }
  return Math.max(0, bytes.length - 1)
}

/** One CSV record: its fields and the 1-based line it starts on. */
export type CsvRow = { fields: string[]; line: number }

/**
 * Splits CSV text into records (RFC 4180: quoted fields may hold delimiters, doubled quotes and
 * newlines; CRLF, LF and lone CR all end a record). Fails only on a quote left open at the end
 * of the file, naming the line where that field began.
 */
export function parseCsv(
  text: string,
  delimiter = ',',
): { ok: true; rows: CsvRow[] } | { ok: false; error: DecodeError } {
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
  if (field !== '' || fields.length > 0) {
    fields.push(field)
    rows.push({ fields, line: rowLine })
  }
  return { ok: true, rows }
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
