import { parseClockCell, parseTimeCell } from './bar-time'
import { findOverlongLine, lineOfIndex } from '../files/decode'
import {
  buildBars,
  duplicateRoleColumn,
  fileError,
  mapColumns,
  type BarLayout,
  type BarParseError,
  type BarReadOptions,
  type ParsedBars,
  type RawBarRow,
} from './bar-parse'
import { err, ok, type Result } from './result'

const DELIMITERS = [',', ';', '\t', '|'] as const
/** Physical lines longer than this are refused before any cell is read. */
export const MAX_BAR_LINE_CHARS = 65_536

/** Splits one CSV record, honouring double quotes (`""` inside quotes is a quote). */
export function splitCsvLine(line: string, delimiter: string): string[] {
  if (!line.includes('"')) return line.split(delimiter)
  const cells: string[] = []
  let cell = ''
  let isQuoted = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string
    if (isQuoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"'
        i++
      } else if (ch === '"') isQuoted = false
      else cell += ch
    } else if (ch === '"') isQuoted = true
    else if (ch === delimiter) {
      cells.push(cell)
      cell = ''
    } else cell += ch
  }
  cells.push(cell)
  return cells
}

/**
 * The delimiter that splits the first lines into the same number (≥ 4) of fields; ties go to
 * the earlier of `, ; TAB |`.
 */
export function detectDelimiter(lines: readonly string[]): string | null {
  const sample = lines.slice(0, 20)
  let best: { delimiter: string; fields: number } | null = null
  for (const delimiter of DELIMITERS) {
    const counts = sample.map((l) => splitCsvLine(l, delimiter).length)
    const first = counts[0] ?? 0
    if (first < 4) continue
    const consistent = counts.filter((c) => c === first).length
    if (consistent < Math.ceil(sample.length * 0.8)) continue
    if (!best || first > best.fields) best = { delimiter, fields: first }
  }
  return best?.delimiter ?? null
}

function looksNumeric(cell: string): boolean {
  const text = cell.trim()
  return text !== '' && Number.isFinite(Number(text.replace(',', '.')))
}

/** A first record is a header unless it reads as a time followed by numbers. */
function isHeaderRow(cells: readonly string[]): boolean {
  const [first, second, ...rest] = cells
  if (first === undefined) return false
  const firstIsTime = parseTimeCell(first, 'UTC') !== null
  const secondIsClock = second !== undefined && parseClockCell(second) !== null
  const numbers = (secondIsClock ? rest : [second ?? '', ...rest]).slice(0, 4)
  return !(firstIsTime && numbers.length === 4 && numbers.every(looksNumeric))
}

/**
 * Reads OHLCV bars from CSV text in the common layouts: any of `, ; TAB |`, a header with
 * `Date`/`Datetime`/`Timestamp` (or an unnamed first column, as pandas writes an index) and
 * `Open High Low Close [Volume]` in any case and order, extra columns ignored (`Adj Close`,
 * `OpenInterest`), or no header at all (`time[,clock],open,high,low,close[,volume]`).
 * Bad input returns an error naming file, line and field; nothing is thrown.
 */
export function parseBarCsv(
  text: string,
  options: BarReadOptions,
): Result<ParsedBars, BarParseError> {
  const file = options.fileName
  const long = findOverlongLine(text, MAX_BAR_LINE_CHARS)
  if (long) {
    return err(
      fileError(
        file,
        long.line,
        '(line)',
        `the line is ${long.length.toLocaleString('en-US')} characters long (the limit is ${MAX_BAR_LINE_CHARS.toLocaleString('en-US')}): not a bar file`,
      ),
    )
  }
  if (text.includes('\u0000')) {
    return err(
      fileError(
        file,
        lineOfIndex(text, text.indexOf('\u0000')),
        'encoding',
        'the text contains a NUL character (U+0000): the file is binary or damaged',
      ),
    )
  }
  const physical = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)
  const records: { line: number; text: string }[] = []
  for (let i = 0; i < physical.length; i++) {
    const lineText = physical[i] as string
    if (lineText.trim() === '') continue
    records.push({ line: i + 1, text: lineText })
  }
  if (records.length === 0) return err(fileError(file, 1, '(file)', 'the file is empty'))
  const delimiter = detectDelimiter(records.map((r) => r.text))
  if (!delimiter) {
    return err(
      fileError(
        file,
        records[0]?.line ?? 1,
        '(file)',
        'no delimiter found: expected at least 4 columns separated by , ; TAB or |',
      ),
    )
  }
  const firstCells = splitCsvLine((records[0] as { text: string }).text, delimiter)
  const hasHeader = isHeaderRow(firstCells)
  let headers: string[]
  if (hasHeader) headers = firstCells.map((c) => c.trim())
  else {
    const secondIsClock = firstCells[1] !== undefined && parseClockCell(firstCells[1]) !== null
    const base = secondIsClock ? ['date', 'time'] : ['time']
    headers = [...base, 'open', 'high', 'low', 'close', 'volume'].slice(0, firstCells.length)
    while (headers.length < firstCells.length) headers.push(`column${headers.length + 1}`)
  }
  const mapped = mapColumns(headers)
  if (!mapped.ok) {
    return err(
      fileError(
        file,
        records[0]?.line ?? 1,
        mapped.error[0] ?? '(header)',
        `missing column(s): ${mapped.error.join(', ')} (header: ${headers.join(delimiter)})`,
      ),
    )
  }
  const { index, ignored } = mapped.value
  const twice = hasHeader ? duplicateRoleColumn(headers, index) : null
  if (twice) {
    return err(
      fileError(
        file,
        records[0]?.line ?? 1,
        twice.name,
        `the header has the "${twice.name}" column ${twice.at.length} times (columns ${twice.at.map((i) => i + 1).join(', ')}); keep one`,
      ),
    )
  }
  const nameOf = (i: number | undefined): string | null =>
    i === undefined ? null : headers[i] || (i === 0 ? '(first column)' : `column ${i + 1}`)
  const names = {
    time: nameOf(index.time) as string,
    clock: nameOf(index.clock),
    open: nameOf(index.open) as string,
    high: nameOf(index.high) as string,
    low: nameOf(index.low) as string,
    close: nameOf(index.close) as string,
    volume: nameOf(index.volume),
  }
  const rows: RawBarRow[] = []
  const structural: BarParseError['issues'] = []
  const width = headers.length
  for (const record of hasHeader ? records.slice(1) : records) {
    const cells = splitCsvLine(record.text, delimiter)
    if (cells.length !== width) {
      structural.push({
        file,
        line: record.line,
        field: '(row)',
        message: `has ${cells.length} fields, expected ${width}`,
      })
      if (structural.length >= 50) break
      continue
    }
    const at = (i: number | undefined): string | undefined =>
      i === undefined ? undefined : cells[i]
    const row: RawBarRow = {
      line: record.line,
      time: at(index.time),
      open: at(index.open),
      high: at(index.high),
      low: at(index.low),
      close: at(index.close),
    }
    if (index.clock !== undefined) row.clock = at(index.clock)
    if (index.volume !== undefined) row.volume = at(index.volume)
    rows.push(row)
  }
  if (structural.length > 0) {
    const first = structural[0] as BarParseError['issues'][number]
    return err({
      message: `${file}:${first.line}: ${first.field}: ${first.message}${structural.length > 1 ? ` (and ${structural.length - 1} more)` : ''}`,
      issues: structural,
      truncated: structural.length >= 50,
    })
  }
  const decimalComma =
    delimiter !== ',' &&
    rows.slice(0, 20).some((r) => typeof r.close === 'string' && /^\s*-?\d+,\d+\s*$/.test(r.close))
  const built = buildBars(rows, names, { ...options, decimalComma })
  if (!built.ok) return built
  const layout: BarLayout = {
    format: 'csv',
    delimiter,
    hasHeader,
    timeColumn: names.time,
    clockColumn: names.clock,
    open: names.open,
    high: names.high,
    low: names.low,
    close: names.close,
    volume: names.volume,
    ignored,
    timeKind: built.value.timeKind,
  }
  return ok({
    bars: built.value.bars,
    layout,
    hasVolume: names.volume !== null,
    warnings: built.value.warnings,
    lines: built.value.lines,
  })
}
