import { ErrorCode } from '../../contract/errors'
import type { BarsImportResult, BarsPreview } from '../../contract/market'
import type { Deps } from '../../deps'
import { decodeText } from '../../domain/files/decode'
import { parseBarCsv } from '../../domain/market/bar-csv'
import { parseBarParquet } from '../../domain/market/bar-parquet'
import { fileError, type BarParseError, type ParsedBars } from '../../domain/market/bar-parse'
import { err, type Result } from '../../domain/market/result'
import { AppError } from '../../errors'
import { MAX_BARS_IMPORT_BYTES, readFileSource } from '../../files/file-source'
import { isoOfMs as iso, parseFailure, storeBars } from './store-bars'

/** A bar file as `bars-import` and `bars-preview` are given it. */
export type BarSourceInput = {
  path?: string | undefined
  content?: string | undefined
  contentBase64?: string | undefined
  token?: string | undefined
  fileName?: string | undefined
  format?: 'csv' | 'parquet' | undefined
  tz?: string | undefined
}

const PARQUET_MAGIC = 'PAR1'

/**
 * Loads and parses a bar file from a path, text, base64 bytes or an upload token, through the
 * same reader and text decoding as the fills importer: only regular files, a size limit, UTF-8 or
 * UTF-16 with a byte-order mark. A missing path or unknown token is `not-found`, an unreadable,
 * empty or oversize source `invalid-input`, undecodable text a parse error naming file, line and
 * `encoding`.
 */
export async function loadBarSource(
  deps: Pick<Deps, 'uploads'>,
  source: BarSourceInput,
): Promise<Result<ParsedBars, BarParseError>> {
  const { fileName, data } = await readFileSource(
    source,
    'pasted.csv',
    MAX_BARS_IMPORT_BYTES,
    deps.uploads,
  )
  const bytes = typeof data === 'string' ? null : data
  const looksParquet =
    bytes !== null &&
    bytes.length >= 8 &&
    Buffer.from(bytes.subarray(0, 4)).toString('latin1') === PARQUET_MAGIC
  const format =
    source.format ?? (/\.(parquet|pq)$/i.test(fileName) || looksParquet ? 'parquet' : 'csv')
  const options = { fileName, tz: source.tz }
  if (format === 'parquet') {
    const raw = bytes ?? new TextEncoder().encode(typeof data === 'string' ? data : '')
    const buffer = raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength) as ArrayBuffer
    return parseBarParquet(buffer, options)
  }
  const decoded = decodeText(data)
  if (!decoded.ok) {
    return err(fileError(fileName, decoded.error.line, 'encoding', decoded.error.message))
  }
  return parseBarCsv(decoded.text, options)
}

/**
 * Imports one bar file for a symbol and timeframe in one transaction (all rows or none); rows
 * already stored count as duplicates. Fails `parse-error` naming file, line and field. A token
 * source is released once the bars are stored.
 */
export async function importBars(
  deps: Deps,
  input: BarSourceInput & { symbol: string; timeframe: string },
): Promise<BarsImportResult> {
  const parsed = await loadBarSource(deps, input)
  if (!parsed.ok) throw parseFailure(parsed.error)
  const { bars, layout, warnings } = parsed.value
  const source = layout.format === 'parquet' ? 'parquet_import' : 'csv_import'
  const result = await storeBars(deps, input.symbol, input.timeframe, bars, source, warnings)
  if (input.token !== undefined) deps.uploads.release(input.token)
  return result
}

/** Parses a bar file without writing: its layout, the first `limit` rows, and issues as data. */
export async function previewBars(
  deps: Deps,
  input: BarSourceInput & { limit: number },
): Promise<BarsPreview> {
  let parsed: Result<ParsedBars, BarParseError>
  try {
    parsed = await loadBarSource(deps, input)
  } catch (cause) {
    // A file the reader refuses as unparseable (an empty one) is shown like any parse error.
    if (!(cause instanceof AppError) || cause.code !== ErrorCode.ParseError) throw cause
    const issues = (cause.details?.issues as BarParseError['issues'] | undefined) ?? []
    parsed = err({ message: cause.message, issues, truncated: false })
  }
  if (!parsed.ok) {
    return {
      isValid: false,
      message: parsed.error.message,
      issues: parsed.error.issues,
      layout: null,
      total: 0,
      first: null,
      last: null,
      rows: [],
      warnings: [],
    }
  }
  const { bars, layout, lines, warnings } = parsed.value
  const n = bars.time.length
  const rows = []
  for (let i = 0; i < Math.min(n, input.limit); i++) {
    rows.push({
      line: lines[i] as number,
      time: iso(bars.time[i] as number),
      open: bars.open[i] as number,
      high: bars.high[i] as number,
      low: bars.low[i] as number,
      close: bars.close[i] as number,
      volume: bars.volume[i] as number,
    })
  }
  return {
    isValid: true,
    message: null,
    issues: [],
    layout,
    total: n,
    first: iso(bars.time[0] as number),
    last: iso(bars.time[n - 1] as number),
    rows,
    warnings,
  }
}
