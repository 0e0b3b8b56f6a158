import type { MarketHandlers } from '../contract/market'
import type { Deps } from '../deps'
import { parseBarCsv } from '../domain/market/bar-csv'
import { fileError, type BarParseError, type ParsedBars } from '../domain/market/bar-parse'
import { decodeText } from '../domain/files/decode'
import { MAX_BARS_IMPORT_BYTES, readFileSource } from '../files/file-source'
import { err } from '../domain/market/result'
import { parseBarParquet } from '../domain/market/bar-parquet'
import type { BarColumns } from '../domain/market/bars'
import type { Result } from '../domain/market/result'
import { fetchBars } from '../services/market/fetch-bars'
import {
  aggregateSeries,
  deleteBarSeries,
  getSeries,
  seriesCoverage,
} from '../services/market/series'
import { parseFailure, storeBars } from '../services/market/store-bars'

/** A bar file as the channels describe it. */
export type BarSourceInput = {
  path?: string | undefined
  content?: string | undefined
  contentBase64?: string | undefined
  fileName?: string | undefined
  format?: 'csv' | 'parquet' | undefined
  tz?: string | undefined
}

const PARQUET_MAGIC = 'PAR1'

/**
 * Loads and parses a bar file from a path, text or base64 bytes, through the same reader and
 * text decoding as the fills importer: only regular files, a size limit, UTF-8 or UTF-16 with a
 * byte-order mark. A missing path is `not-found`, an unreadable or oversize source
 * `invalid-input`, undecodable text a parse error naming file, line and `encoding`.
 */
export async function loadBarSource(
  source: BarSourceInput,
): Promise<Result<ParsedBars, BarParseError>> {
  const { fileName, data } = await readFileSource(source, 'pasted.csv', MAX_BARS_IMPORT_BYTES)
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

function iso(ms: number): string {
  return new Date(ms).toISOString()
}

export function marketHandlers(deps: Deps): MarketHandlers {
  // Until bars-import moves to its service: the import stores through the shared writer.
  const store = (
    symbol: string,
    timeframe: string,
    bars: BarColumns,
    source: string,
    warnings: string[],
  ) => storeBars(deps, symbol, timeframe, bars, source, warnings)

  return {
    'bars-import': async (input) => {
      const parsed = await loadBarSource(input)
      if (!parsed.ok) throw parseFailure(parsed.error)
      const source = parsed.value.layout.format === 'parquet' ? 'parquet_import' : 'csv_import'
      return store(input.symbol, input.timeframe, parsed.value.bars, source, parsed.value.warnings)
    },

    'bars-preview': async (input) => {
      const parsed = await loadBarSource(input)
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
    },

    'bars-coverage': async (input) => seriesCoverage(deps.db, input),

    'bars-get': async (input) => getSeries(deps.db, input),

    'bars-aggregate': async (input) => aggregateSeries(deps, input),

    'bars-fetch': async (input) => fetchBars(deps, input),

    'bars-delete': async (input) => deleteBarSeries(deps, input.symbol, input.timeframe),
  }
}
