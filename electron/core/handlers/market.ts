import {
  deleteSeries,
  listSeries,
  readBars,
  readTimes,
  writeBars,
} from '../../../db/repos/market-repo'
import { ErrorCode } from '../contract/errors'
import type {
  BarSeries,
  BarsImportResult,
  MarketHandlers,
  SeriesCoverage,
} from '../contract/market'
import type { Deps } from '../deps'
import { aggregateBars } from '../domain/market/aggregate'
import { parseBarCsv } from '../domain/market/bar-csv'
import { fileError, type BarParseError, type ParsedBars } from '../domain/market/bar-parse'
import { decodeText } from '../domain/files/decode'
import { MAX_BARS_IMPORT_BYTES, readFileSource } from '../files/file-source'
import { err } from '../domain/market/result'
import { parseBarParquet } from '../domain/market/bar-parquet'
import type { BarColumns } from '../domain/market/bars'
import { computeCoverage } from '../domain/market/coverage'
import type { Result } from '../domain/market/result'
import { isValidZone } from '../domain/time/zone'
import { AppError } from '../errors'
import { fetchAlpacaBars } from '../providers/alpaca'
import { missingRanges } from '../providers/missing-ranges'
import { fetchPolygonBars } from '../providers/polygon'
import { buildBars } from '../domain/market/bar-parse'
import { timeframeMs } from '../domain/market/timeframe'

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

function parseFailure(error: BarParseError): AppError {
  return new AppError(ErrorCode.ParseError, error.message, {
    details: { issues: error.issues, truncated: error.truncated },
  })
}

function iso(ms: number): string {
  return new Date(ms).toISOString()
}

function toSeries(symbol: string, timeframe: string, bars: BarColumns): BarSeries {
  return {
    symbol,
    timeframe,
    time: Array.from(bars.time),
    open: Array.from(bars.open),
    high: Array.from(bars.high),
    low: Array.from(bars.low),
    close: Array.from(bars.close),
    volume: Array.from(bars.volume),
  }
}

function toInstantMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  return Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value)
}

export function marketHandlers(deps: Deps): MarketHandlers {
  async function store(
    symbol: string,
    timeframe: string,
    bars: BarColumns,
    source: string,
    warnings: string[],
  ): Promise<BarsImportResult> {
    const written = await deps.pg.transaction((tx) =>
      writeBars(tx, { symbol, timeframe, bars, source }),
    )
    deps.emit('data-changed', { domains: ['market'] })
    const n = bars.time.length
    return {
      symbol,
      timeframe,
      rows: written.rows,
      inserted: written.inserted,
      duplicates: written.duplicates,
      first: iso(bars.time[0] as number),
      last: iso(bars.time[n - 1] as number),
      warnings,
    }
  }

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

    'bars-coverage': async (input) => {
      const series = await listSeries(deps.pg, { symbol: input.symbol, timeframe: input.timeframe })
      const out: SeriesCoverage[] = []
      for (const s of series) {
        const times = await readTimes(deps.pg, s.symbol, s.timeframe)
        const coverage = computeCoverage(times, s.timeframe, input.minMissing)
        const gaps = coverage?.gaps ?? []
        out.push({
          symbol: s.symbol,
          timeframe: s.timeframe,
          bars: s.bars,
          first: iso(s.firstMs),
          last: iso(s.lastMs),
          gapCount: gaps.length,
          missingBars: gaps.reduce((sum, g) => sum + g.missing, 0),
          gaps: gaps
            .slice(0, input.maxGaps)
            .map((g) => ({ after: iso(g.afterMs), before: iso(g.beforeMs), missing: g.missing })),
          lastSyncAt: s.lastSyncAt,
          status: s.status,
        })
      }
      return out
    },

    'bars-get': async (input) => {
      const bars = await readBars(deps.pg, {
        symbol: input.symbol,
        timeframe: input.timeframe,
        fromMs: toInstantMs(input.from),
        toMs: toInstantMs(input.to),
        limit: input.limit,
      })
      return toSeries(input.symbol, input.timeframe, bars)
    },

    'bars-aggregate': async (input) => {
      const zone = input.tz ?? 'UTC'
      if (!isValidZone(zone))
        throw new AppError(ErrorCode.InvalidInput, `Unknown time zone "${zone}"`)
      const bars = await readBars(deps.pg, { symbol: input.symbol, timeframe: input.from })
      if (bars.time.length === 0) {
        throw new AppError(ErrorCode.NotFound, `No ${input.from} bars stored for ${input.symbol}`)
      }
      const aggregated = aggregateBars(bars, input.from, input.to, zone)
      if (!aggregated.ok) throw new AppError(ErrorCode.InvalidInput, aggregated.error)
      if (!input.store) return toSeries(input.symbol, input.to, aggregated.value)
      return store(input.symbol, input.to, aggregated.value, 'aggregated', [])
    },

    'bars-fetch': async (input) => {
      const keyId = input.keyId ?? process.env.EDGEBOOK_ALPACA_KEY_ID
      const secretKey = input.secretKey ?? process.env.EDGEBOOK_ALPACA_SECRET_KEY
      const apiKey = input.apiKey ?? process.env.EDGEBOOK_POLYGON_API_KEY
      if (input.provider === 'alpaca' && (!keyId || !secretKey)) {
        throw new AppError(ErrorCode.InvalidInput, 'Alpaca needs keyId and secretKey', {
          issues: [{ path: [keyId ? 'secretKey' : 'keyId'], message: 'required for Alpaca' }],
        })
      }
      if (input.provider === 'polygon' && !apiKey) {
        throw new AppError(ErrorCode.InvalidInput, 'Polygon needs apiKey', {
          issues: [{ path: ['apiKey'], message: 'required for Polygon' }],
        })
      }
      const fromMs = toInstantMs(input.from) as number
      const toMs = (toInstantMs(input.to) as number) + (input.to.length === 10 ? 86_399_999 : 0)
      const [stored] = await listSeries(deps.pg, {
        symbol: input.symbol,
        timeframe: input.timeframe,
      })
      const ranges = missingRanges(
        { fromMs, toMs },
        stored ? { fromMs: stored.firstMs, toMs: stored.lastMs } : null,
        timeframeMs(input.timeframe),
      )
      let fetched = 0
      let inserted = 0
      let duplicates = 0
      for (const range of ranges) {
        const base = { baseUrl: deps.providerEndpoints[input.provider] }
        const bars =
          input.provider === 'alpaca'
            ? await fetchAlpacaBars({
                symbol: input.symbol,
                timeframe: input.timeframe,
                range,
                keys: { keyId: keyId as string, secretKey: secretKey as string },
                ...base,
              })
            : await fetchPolygonBars({
                symbol: input.symbol,
                timeframe: input.timeframe,
                range,
                apiKey: apiKey as string,
                ...base,
              })
        fetched += bars.time.length
        if (bars.time.length === 0) continue
        // Provider data passes the same checks as a file: a bad bar names its position.
        const rows = Array.from(bars.time, (t, i) => ({
          line: i + 1,
          time: new Date(t),
          open: bars.open[i],
          high: bars.high[i],
          low: bars.low[i],
          close: bars.close[i],
          volume: bars.volume[i],
        }))
        const names = {
          time: 't',
          clock: null,
          open: 'o',
          high: 'h',
          low: 'l',
          close: 'c',
          volume: 'v',
        }
        const checked = buildBars(rows, names, { fileName: `${input.provider} ${input.symbol}` })
        if (!checked.ok) throw parseFailure(checked.error)
        const written = await deps.pg.transaction((tx) =>
          writeBars(tx, {
            symbol: input.symbol,
            timeframe: input.timeframe,
            bars: checked.value.bars,
            source: input.provider,
          }),
        )
        inserted += written.inserted
        duplicates += written.duplicates
      }
      if (inserted > 0) deps.emit('data-changed', { domains: ['market'] })
      return {
        provider: input.provider,
        symbol: input.symbol,
        timeframe: input.timeframe,
        requested: ranges.map((r) => ({ from: iso(r.fromMs), to: iso(r.toMs) })),
        fetched,
        inserted,
        duplicates,
      }
    },

    'bars-delete': async (input) => {
      const deleted = await deps.pg.transaction((tx) =>
        deleteSeries(tx, input.symbol, input.timeframe),
      )
      if (deleted === 0)
        throw new AppError(
          ErrorCode.NotFound,
          `No ${input.timeframe} bars stored for ${input.symbol}`,
        )
      deps.emit('data-changed', { domains: ['market'] })
      return { deleted }
    },
  }
}
