import type { MarketHandlers } from '../contract/market'
import type { Deps } from '../deps'
import { fetchBars } from '../services/market/fetch-bars'
import {
  aggregateSeries,
  deleteBarSeries,
  getSeries,
  seriesCoverage,
} from '../services/market/series'
import { importBars, previewBars } from '../services/market/import-bars'

export function marketHandlers(deps: Deps): MarketHandlers {
  return {
    'bars-import': (input) => importBars(deps, input),

    'bars-preview': (input) => previewBars(deps, input),

    'bars-coverage': async (input) => seriesCoverage(deps.db, input),

    'bars-get': async (input) => getSeries(deps.db, input),

    'bars-aggregate': async (input) => aggregateSeries(deps, input),

    'bars-fetch': async (input) => fetchBars(deps, input),

    'bars-delete': async (input) => deleteBarSeries(deps, input.symbol, input.timeframe),
  }
}
