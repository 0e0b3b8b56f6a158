import type { BarColumns } from '../domain/market/bars'
import { parseTimeframe } from '../domain/market/timeframe'
import { ErrorCode } from '../contract/errors'
import { AppError } from '../errors'
import { getJson, type RetryPolicy } from './http'
import type { TimeRange } from './missing-ranges'

export const POLYGON_URL = 'https://api.polygon.io'

type PolygonAgg = { t: number; o: number; h: number; l: number; c: number; v: number }
type PolygonPage = { status?: string; results?: PolygonAgg[]; next_url?: string; error?: string }

const TIMESPAN = { Min: 'minute', Hour: 'hour', Day: 'day', Week: 'week', Month: 'month' } as const

/** Our timeframe as Polygon's multiplier and timespan (`15Min` → 15, `minute`). */
export function polygonTimespan(
  timeframe: string,
): { multiplier: number; timespan: string } | null {
  const parts = parseTimeframe(timeframe)
  return parts ? { multiplier: parts.count, timespan: TIMESPAN[parts.unit] } : null
}

/**
 * Aggregates from Polygon (`GET /v2/aggs/ticker/{ticker}/range/{multiplier}/{timespan}/{from}/{to}`),
 * following `next_url`. `t` is the bar's start in epoch ms. The key goes in the query, as
 * Polygon documents; it is never logged or stored.
 */
export async function fetchPolygonBars(input: {
  symbol: string
  timeframe: string
  range: TimeRange
  apiKey: string
  baseUrl?: string
  retry?: RetryPolicy
}): Promise<BarColumns> {
  const span = polygonTimespan(input.timeframe)
  if (!span) throw new Error(`unsupported timeframe ${input.timeframe}`)
  const rows: PolygonAgg[] = []
  const first = new URL(
    `/v2/aggs/ticker/${encodeURIComponent(input.symbol)}/range/${span.multiplier}/${span.timespan}/${input.range.fromMs}/${input.range.toMs}`,
    input.baseUrl ?? POLYGON_URL,
  )
  first.searchParams.set('adjusted', 'false')
  first.searchParams.set('sort', 'asc')
  first.searchParams.set('limit', '50000')
  let next: string | null = first.toString()
  while (next) {
    const url = new URL(next, first)
    // The key rides in the query: follow `next_url` only on the endpoint's own origin.
    if (url.origin !== first.origin) {
      throw new AppError(
        ErrorCode.Unavailable,
        `Polygon pointed the next page at another origin (${url.origin}); not followed`,
      )
    }
    url.searchParams.set('apiKey', input.apiKey)
    const page = (await getJson(url.toString(), {}, 'Polygon', input.retry)) as PolygonPage
    rows.push(...(page.results ?? []))
    next = page.next_url ?? null
  }
  return {
    time: Float64Array.from(rows, (r) => r.t),
    open: Float64Array.from(rows, (r) => r.o),
    high: Float64Array.from(rows, (r) => r.h),
    low: Float64Array.from(rows, (r) => r.l),
    close: Float64Array.from(rows, (r) => r.c),
    volume: Float64Array.from(rows, (r) => r.v),
  }
}
