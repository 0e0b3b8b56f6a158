import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet'
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
  type RawCell,
} from './bar-parse'
import { err, ok, type Result } from './result'

function asCell(value: unknown): RawCell {
  if (value === null || value === undefined) return value
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint')
    return value
  if (value instanceof Date) return value
  return JSON.stringify(value)
}

/**
 * Reads OHLCV bars from a Parquet file (via hyparquet): column names are matched as in CSV,
 * timestamps may be Parquet TIMESTAMP/DATE (taken as UTC), epoch numbers or text. Errors name
 * the file, the 1-based row (reported as the line) and the column.
 */
export async function parseBarParquet(
  buffer: ArrayBuffer,
  options: BarReadOptions,
): Promise<Result<ParsedBars, BarParseError>> {
  const file = options.fileName
  let rows: Record<string, unknown>[]
  let headers: string[]
  try {
    const metadata = parquetMetadata(buffer)
    headers = parquetSchema(metadata).children.map((c) => c.element.name)
    rows = await parquetReadObjects({ file: buffer, metadata })
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause)
    return err(fileError(file, 0, '(file)', `not a readable Parquet file: ${message}`))
  }
  const mapped = mapColumns(headers)
  if (!mapped.ok) {
    return err(
      fileError(
        file,
        0,
        mapped.error[0] ?? '(schema)',
        `missing column(s): ${mapped.error.join(', ')} (columns: ${headers.join(', ')})`,
      ),
    )
  }
  const { index, ignored } = mapped.value
  const twice = duplicateRoleColumn(headers, index)
  if (twice) {
    return err(
      fileError(
        file,
        0,
        twice.name,
        `the schema has the "${twice.name}" column ${twice.at.length} times; keep one`,
      ),
    )
  }
  const nameOf = (i: number | undefined): string | null =>
    i === undefined ? null : (headers[i] ?? null)
  const names = {
    time: nameOf(index.time) as string,
    clock: nameOf(index.clock),
    open: nameOf(index.open) as string,
    high: nameOf(index.high) as string,
    low: nameOf(index.low) as string,
    close: nameOf(index.close) as string,
    volume: nameOf(index.volume),
  }
  const raw: RawBarRow[] = rows.map((row, i) => {
    const out: RawBarRow = {
      line: i + 1,
      time: asCell(row[names.time]),
      open: asCell(row[names.open]),
      high: asCell(row[names.high]),
      low: asCell(row[names.low]),
      close: asCell(row[names.close]),
    }
    if (names.clock) out.clock = asCell(row[names.clock])
    if (names.volume) out.volume = asCell(row[names.volume])
    return out
  })
  const built = buildBars(raw, names, options)
  if (!built.ok) return built
  const layout: BarLayout = {
    format: 'parquet',
    delimiter: null,
    hasHeader: true,
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
