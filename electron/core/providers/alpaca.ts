import type { BarColumns } from '../domain/market/bars'
import { parseTimeframe } from '../domain/market/timeframe'
import { getJson, type RetryPolicy } from './http'
import type { TimeRange } from './missing-ranges'

/** Alpaca market-data credentials; passed per call, never stored. */
export type AlpacaKeys = { keyId: string; secretKey: string }

type AlpacaBar = { t: string; o: number; h: number; l: number; c: number; v: number }
type AlpacaPage = { bars: AlpacaBar[] | null; next_page_token: string | null }

export const ALPACA_DATA_URL = 'https://data.alpaca.markets'

/** Alpaca spells timeframes as we do, except that it calls months `Month` only up to 12. */
export function alpacaTimeframe(timeframe: string): string | null {
  const parts = parseTimeframe(timeframe)
  return parts ? `${parts.count}${parts.unit}` : null
}

/**
 * Stock bars from Alpaca's market-data API v2 (`GET /v2/stocks/{symbol}/bars`), following
 * `next_page_token` until the range is exhausted. Times come back as RFC 3339 UTC.
 */
export async function fetchAlpacaBars(input: {
  symbol: string
  timeframe: string
  range: TimeRange
  keys: AlpacaKeys
  baseUrl?: string
  retry?: RetryPolicy
}): Promise<BarColumns> {
  const tf = alpacaTimeframe(input.timeframe)
  if (!tf) throw new Error(`unsupported timeframe ${input.timeframe}`)
  const rows: AlpacaBar[] = []
  let token: string | null = null
  do {
    const url = new URL(
      `/v2/stocks/${encodeURIComponent(input.symbol)}/bars`,
      input.baseUrl ?? ALPACA_DATA_URL,
    )
    url.searchParams.set('timeframe', tf)
    url.searchParams.set('start', new Date(input.range.fromMs).toISOString())
    url.searchParams.set('end', new Date(input.range.toMs).toISOString())
    url.searchParams.set('limit', '10000')
    url.searchParams.set('adjustment', 'raw')
    if (token) url.searchParams.set('page_token', token)
    const page = (await getJson(
      url.toString(),
      { 'APCA-API-KEY-ID': input.keys.keyId, 'APCA-API-SECRET-KEY': input.keys.secretKey },
      'Alpaca',
      input.retry,
    )) as AlpacaPage
    rows.push(...(page.bars ?? []))
    token = page.next_page_token
  } while (token)
  return {
    time: Float64Array.from(rows, (r) => Date.parse(r.t)),
    open: Float64Array.from(rows, (r) => r.o),
    high: Float64Array.from(rows, (r) => r.h),
    low: Float64Array.from(rows, (r) => r.l),
    close: Float64Array.from(rows, (r) => r.c),
    volume: Float64Array.from(rows, (r) => r.v),
  }
}
