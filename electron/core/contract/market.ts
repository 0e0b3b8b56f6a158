import { z } from 'zod'
import { fileSourceSchema } from './file'
import type { InputOf } from './types'

/** A bar length as seed 001 spells it: `1Min`, `15Min`, `1Hour`, `1Day`, `1Week`, `1Month`. */
export const timeframeSchema = z
  .string()
  .regex(
    /^([1-9]\d{0,3})(Min|Hour|Day|Week|Month)$/,
    'timeframe must look like 1Min, 15Min, 1Hour, 1Day, 1Week or 1Month',
  )

/** A ticker symbol, trimmed and upper-cased (`goog` → `GOOG`). */
export const symbolSchema = z
  .string()
  .trim()
  .min(1)
  .max(20)
  .regex(/^[A-Za-z0-9.^/:=_-]+$/, 'symbol may hold letters, digits and . ^ / : = _ -')
  .transform((s) => s.toUpperCase())

/** A date (`2024-01-31`) or an ISO date-time with zone; dates mean 00:00 UTC. */
export const instantSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true })])

// What `bars-import` and `bars-preview` take besides the file (see `fileSourceSchema`).
const barOptions = {
  /** `csv` or `parquet`; by default from the file name (`.parquet`/`.pq` → Parquet). */
  format: z.enum(['csv', 'parquet']).optional(),
  /** IANA zone for naive date-times in the file; UTC when absent. */
  tz: z.string().min(1).optional(),
}

/** Input schemas of the `bars-*` channels. */
export const marketInputs = {
  /**
   * Imports one file of bars for a symbol and timeframe in one transaction: all rows or none.
   * Re-importing the same file adds nothing (rows already stored count as duplicates).
   * Fails with `parse-error` naming file, line and field (`details.issues` lists them all).
   */
  'bars-import': fileSourceSchema({
    ...barOptions,
    symbol: symbolSchema,
    timeframe: timeframeSchema,
  }),
  /** Parses a file without writing: detected layout, the first rows, and any issues as data. */
  'bars-preview': fileSourceSchema({
    ...barOptions,
    limit: z.number().int().min(1).max(1000).default(20),
  }),
  /** Stored series with range, count and gaps (weekday-aware); gaps shorter than `minMissing` bars are left out. */
  'bars-coverage': z
    .object({
      symbol: symbolSchema.optional(),
      timeframe: timeframeSchema.optional(),
      minMissing: z.number().int().min(1).default(1),
      /** Longest gap list per series; the total is always reported. */
      maxGaps: z.number().int().min(0).max(10_000).default(100),
    })
    .strict()
    .default({ minMissing: 1, maxGaps: 100 }),
  /** Bars of one series in time order as columns (for charts), optionally in a range or the last `limit`. */
  'bars-get': z
    .object({
      symbol: symbolSchema,
      timeframe: timeframeSchema,
      from: instantSchema.optional(),
      to: instantSchema.optional(),
      limit: z.number().int().min(1).max(1_000_000).optional(),
    })
    .strict(),
  /**
   * Aggregates a stored series into a coarser timeframe (1Min → 15Min → 1Hour → 1Day), sessions by
   * UTC day unless `tz` is given, and stores the result (source `aggregated`) unless `store` is false.
   */
  'bars-aggregate': z
    .object({
      symbol: symbolSchema,
      from: timeframeSchema,
      to: timeframeSchema,
      tz: z.string().min(1).optional(),
      store: z.boolean().default(true),
    })
    .strict(),
  /**
   * Fetches bars from Alpaca or Polygon for `[from, to]`, asking only for the parts not stored
   * yet (seed 001 smart fetching), and stores them like an import. Keys travel with the call
   * (or come from the environment) and are never written to the database. The endpoint is the
   * provider's own (https): a caller cannot redirect the keys elsewhere. Fails `unauthorized`
   * for a refused key and `unavailable` when the provider is down or keeps rate-limiting.
   */
  'bars-fetch': z
    .object({
      provider: z.enum(['alpaca', 'polygon']),
      symbol: symbolSchema,
      timeframe: timeframeSchema,
      from: instantSchema,
      to: instantSchema,
      keyId: z.string().min(1).optional(),
      secretKey: z.string().min(1).optional(),
      apiKey: z.string().min(1).optional(),
    })
    .strict(),
  /** Deletes one stored series. */
  'bars-delete': z.object({ symbol: symbolSchema, timeframe: timeframeSchema }).strict(),
}

/** Fields of the `bars-*` inputs only the CLI may send: a page sends bytes, never a path. */
export const marketCliOnlyFields = {
  'bars-import': ['path'],
  'bars-preview': ['path'],
} as const satisfies { [C in keyof typeof marketInputs]?: readonly string[] }

/** Answer of `bars-import` (and of a stored `bars-aggregate`). */
export type BarsImportResult = {
  symbol: string
  timeframe: string
  /** Bars in the file (or produced by aggregation). */
  rows: number
  /** Bars newly stored. */
  inserted: number
  /** Bars already stored with the same symbol, timeframe and time: left untouched. */
  duplicates: number
  /** First and last bar time in the file, ISO UTC. */
  first: string
  last: string
  warnings: string[]
}

/** One problem in a bar file. */
export type BarIssueDto = { file: string; line: number; field: string; message: string }

/** The detected layout of a bar file. */
export type BarLayoutDto = {
  format: 'csv' | 'parquet'
  delimiter: string | null
  hasHeader: boolean
  timeColumn: string
  clockColumn: string | null
  open: string
  high: string
  low: string
  close: string
  volume: string | null
  ignored: string[]
  timeKind: string
}

/** One bar as a row (previews). */
export type BarRowDto = {
  line: number
  time: string
  open: number
  high: number
  low: number
  close: number
  volume: number
}

/** Answer of `bars-preview`: valid or not, the issues are data, never a failure. */
export type BarsPreview = {
  isValid: boolean
  message: string | null
  issues: BarIssueDto[]
  layout: BarLayoutDto | null
  total: number
  first: string | null
  last: string | null
  rows: BarRowDto[]
  warnings: string[]
}

/** A hole in a stored series. */
export type GapDto = { after: string; before: string; missing: number }

/** One stored series in `bars-coverage`. */
export type SeriesCoverage = {
  symbol: string
  timeframe: string
  bars: number
  first: string
  last: string
  gapCount: number
  missingBars: number
  gaps: GapDto[]
  lastSyncAt: string | null
  status: string | null
}

/** Bars as JSON columns; `time` in epoch milliseconds UTC. */
export type BarSeries = {
  symbol: string
  timeframe: string
  time: number[]
  open: number[]
  high: number[]
  low: number[]
  close: number[]
  volume: number[]
}

/** Answer of `bars-fetch`. */
export type BarsFetchResult = {
  provider: 'alpaca' | 'polygon'
  symbol: string
  timeframe: string
  /** The ranges asked for: only what was not stored. Empty when nothing was missing. */
  requested: { from: string; to: string }[]
  fetched: number
  inserted: number
  duplicates: number
}

/** Answer of `bars-aggregate`: the stored summary, or the bars when `store` is false. */
export type BarsAggregateResult = BarsImportResult | BarSeries

type In<K extends keyof typeof marketInputs> = InputOf<typeof marketInputs, K>

export type MarketHandlers = {
  'bars-import': (input: In<'bars-import'>) => Promise<BarsImportResult>
  'bars-preview': (input: In<'bars-preview'>) => Promise<BarsPreview>
  'bars-coverage': (input: In<'bars-coverage'>) => Promise<SeriesCoverage[]>
  'bars-get': (input: In<'bars-get'>) => Promise<BarSeries>
  'bars-aggregate': (input: In<'bars-aggregate'>) => Promise<BarsAggregateResult>
  'bars-fetch': (input: In<'bars-fetch'>) => Promise<BarsFetchResult>
  'bars-delete': (input: In<'bars-delete'>) => Promise<{ deleted: number }>
}
