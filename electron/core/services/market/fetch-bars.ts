// Orchestration of `bars-fetch`: keys, the ranges not stored yet, one provider call and one
// stored batch per range.
import { listSeries, writeBars } from '../../../../db/repos/market-repo'
import { ErrorCode } from '../../contract/errors'
import type { BarsFetchResult } from '../../contract/market'
import type { Deps } from '../../deps'
import type { BarColumns } from '../../domain/market/bars'
import { checkProviderBars, fetchWindowMs } from '../../domain/market/provider-bars'
import { timeframeMs } from '../../domain/market/timeframe'
import { AppError } from '../../errors'
import { fetchAlpacaBars } from '../../providers/alpaca'
import { missingRanges, type TimeRange } from '../../providers/missing-ranges'
import { fetchPolygonBars } from '../../providers/polygon'
import { isoOfMs, parseFailure } from './store-bars'

/** A `bars-fetch` request. Keys left out come from the environment. */
export type FetchRequest = {
  provider: 'alpaca' | 'polygon'
  symbol: string
  timeframe: string
  from: string
  to: string
  keyId?: string | undefined
  secretKey?: string | undefined
  apiKey?: string | undefined
}

type ProviderKeys =
  { provider: 'alpaca'; keyId: string; secretKey: string } | { provider: 'polygon'; apiKey: string }

/** The keys of the request or the environment; `invalid-input` naming the one missing. */
function providerKeys(input: FetchRequest): ProviderKeys {
  const keyId = input.keyId ?? process.env.EDGEBOOK_ALPACA_KEY_ID
  const secretKey = input.secretKey ?? process.env.EDGEBOOK_ALPACA_SECRET_KEY
  const apiKey = input.apiKey ?? process.env.EDGEBOOK_POLYGON_API_KEY
  if (input.provider === 'alpaca') {
    if (!keyId || !secretKey) {
      throw new AppError(ErrorCode.InvalidInput, 'Alpaca needs keyId and secretKey', {
        issues: [{ path: [keyId ? 'secretKey' : 'keyId'], message: 'required for Alpaca' }],
      })
    }
    return { provider: 'alpaca', keyId, secretKey }
  }
  if (!apiKey) {
    throw new AppError(ErrorCode.InvalidInput, 'Polygon needs apiKey', {
      issues: [{ path: ['apiKey'], message: 'required for Polygon' }],
    })
  }
  return { provider: 'polygon', apiKey }
}

function fetchRange(
  deps: Deps,
  input: FetchRequest,
  keys: ProviderKeys,
  range: TimeRange,
): Promise<BarColumns> {
  const request = {
    symbol: input.symbol,
    timeframe: input.timeframe,
    range,
    baseUrl: deps.providerEndpoints[input.provider],
  }
  return keys.provider === 'alpaca'
    ? fetchAlpacaBars({ ...request, keys: { keyId: keys.keyId, secretKey: keys.secretKey } })
    : fetchPolygonBars({ ...request, apiKey: keys.apiKey })
}

/**
 * Fetches from the provider the parts of `[from, to]` not stored yet and stores each part as it
 * arrives (each checked like a file: a bad bar is a `parse-error`). Announces a change once,
 * when a bar was new.
 */
export async function fetchBars(deps: Deps, input: FetchRequest): Promise<BarsFetchResult> {
  const keys = providerKeys(input)
  const [stored] = await listSeries(deps.db, { symbol: input.symbol, timeframe: input.timeframe })
  const ranges = missingRanges(
    fetchWindowMs(input.from, input.to),
    stored ? { fromMs: stored.firstMs, toMs: stored.lastMs } : null,
    timeframeMs(input.timeframe),
  )
  let fetched = 0
  let inserted = 0
  let duplicates = 0
  for (const range of ranges) {
    const bars = await fetchRange(deps, input, keys, range)
    fetched += bars.time.length
    if (bars.time.length === 0) continue
    const checked = checkProviderBars(bars, `${input.provider} ${input.symbol}`)
    if (!checked.ok) throw parseFailure(checked.error)
    const written = await deps.db.transaction((tx) =>
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
    requested: ranges.map((r) => ({ from: isoOfMs(r.fromMs), to: isoOfMs(r.toMs) })),
    fetched,
    inserted,
    duplicates,
  }
}
