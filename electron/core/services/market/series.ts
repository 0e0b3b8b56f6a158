// Orchestration of the channels that read, reshape and delete stored bar series.
import { deleteSeries, listSeries, readBars, readTimes } from '../../../../db/repos/market-repo'
import { ErrorCode } from '../../contract/errors'
import type { BarSeries, BarsAggregateResult, SeriesCoverage } from '../../contract/market'
import type { Deps } from '../../deps'
import { aggregateBars } from '../../domain/market/aggregate'
import type { BarColumns } from '../../domain/market/bars'
import { computeCoverage } from '../../domain/market/coverage'
import { instantMsOf } from '../../domain/market/provider-bars'
import { isValidZone } from '../../domain/time/zone'
import { AppError } from '../../errors'
import { isoOfMs, storeBars } from './store-bars'
import type { Handle } from '../../../../db/query'

function toInstantMs(value: string | undefined): number | undefined {
  return value === undefined ? undefined : instantMsOf(value)
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

/** A `bars-coverage` request. */
export type CoverageQuery = {
  symbol?: string | undefined
  timeframe?: string | undefined
  minMissing: number
  maxGaps: number
}

/** Each stored series with its span and its gaps of at least `minMissing` bars. */
export async function seriesCoverage(pg: Handle, query: CoverageQuery): Promise<SeriesCoverage[]> {
  const series = await listSeries(pg, { symbol: query.symbol, timeframe: query.timeframe })
  const out: SeriesCoverage[] = []
  for (const s of series) {
    const times = await readTimes(pg, s.symbol, s.timeframe)
    const gaps = computeCoverage(times, s.timeframe, query.minMissing)?.gaps ?? []
    out.push({
      symbol: s.symbol,
      timeframe: s.timeframe,
      bars: s.bars,
      first: isoOfMs(s.firstMs),
      last: isoOfMs(s.lastMs),
      gapCount: gaps.length,
      missingBars: gaps.reduce((sum, g) => sum + g.missing, 0),
      gaps: gaps.slice(0, query.maxGaps).map((g) => ({
        after: isoOfMs(g.afterMs),
        before: isoOfMs(g.beforeMs),
        missing: g.missing,
      })),
      lastSyncAt: s.lastSyncAt,
      status: s.status,
    })
  }
  return out
}

/** A `bars-get` request. */
export type BarsQuery = {
  symbol: string
  timeframe: string
  from?: string | undefined
  to?: string | undefined
  limit?: number | undefined
}

/** Bars of one series in time order, optionally within `[from, to]` or the last `limit`. */
export async function getSeries(pg: Handle, query: BarsQuery): Promise<BarSeries> {
  const bars = await readBars(pg, {
    symbol: query.symbol,
    timeframe: query.timeframe,
    fromMs: toInstantMs(query.from),
    toMs: toInstantMs(query.to),
    limit: query.limit,
  })
  return toSeries(query.symbol, query.timeframe, bars)
}

/** A `bars-aggregate` request. */
export type AggregateRequest = {
  symbol: string
  from: string
  to: string
  tz?: string | undefined
  store: boolean
}

/**
 * A stored series aggregated into the coarser `to` timeframe, sessions by day in `tz` (UTC by
 * default): stored and summarised when `store`, else answered as columns. `invalid-input` for an
 * unknown zone or an impossible aggregation, `not-found` when no `from` bars are stored.
 */
export async function aggregateSeries(
  deps: Deps,
  input: AggregateRequest,
): Promise<BarsAggregateResult> {
  const zone = input.tz ?? 'UTC'
  if (!isValidZone(zone)) throw new AppError(ErrorCode.InvalidInput, `Unknown time zone "${zone}"`)
  const bars = await readBars(deps.db, { symbol: input.symbol, timeframe: input.from })
  if (bars.time.length === 0) {
    throw new AppError(ErrorCode.NotFound, `No ${input.from} bars stored for ${input.symbol}`)
  }
  const aggregated = aggregateBars(bars, input.from, input.to, zone)
  if (!aggregated.ok) throw new AppError(ErrorCode.InvalidInput, aggregated.error)
  if (!input.store) return toSeries(input.symbol, input.to, aggregated.value)
  return storeBars(deps, input.symbol, input.to, aggregated.value, 'aggregated', [])
}

/** Deletes one stored series and announces it; `not-found` when nothing was stored. */
export async function deleteBarSeries(
  deps: Deps,
  symbol: string,
  timeframe: string,
): Promise<{ deleted: number }> {
  const deleted = await deps.db.transaction((tx) => deleteSeries(tx, symbol, timeframe))
  if (deleted === 0)
    throw new AppError(ErrorCode.NotFound, `No ${timeframe} bars stored for ${symbol}`)
  deps.emit('data-changed', { domains: ['market'] })
  return { deleted }
}
