// Grouping of series that had no stored fill before an import, as columns in and binary COPY
// streams out, so that it can run on an engine worker while the core thread writes the ledger.
import { encodeMemberships } from '../../../db/repos/campaign-repo'
import { encodeSummaries } from '../../../db/repos/campaign-summary-repo'
import type { EncodedRows } from '../../../db/copy-binary'
import { buildSeries, type CampaignFill } from '../domain/journal/campaigns/fifo-campaigns'
import { summarize, type CampaignSummary } from '../domain/journal/campaigns/summary'

/** Bytes of one canonical UUID in `FreshSeriesColumns.ids`. */
export const UUID_CHARS = 36

/**
 * New fills of series with no stored fill, one entry per fill in ledger (input) order: what the
 * campaign builder reads of a new ledger row, as typed arrays (moved to a worker, not copied)
 * and one string of concatenated ids. Quantities are signed (+ buy, − sell); `openClose` is 0
 * (none), 1 (open) or 2 (close); `series` and `currency` index `seriesKeys` and `currencies`.
 */
export type FreshSeriesColumns = {
  count: number
  ids: string
  series: Int32Array<ArrayBuffer>
  seriesKeys: { account: string; symbol: string }[]
  qty: Float64Array<ArrayBuffer>
  price: Float64Array<ArrayBuffer>
  multiplier: Float64Array<ArrayBuffer>
  fees: Float64Array<ArrayBuffer>
  executedMs: Float64Array<ArrayBuffer>
  openClose: Int8Array<ArrayBuffer>
  currency: Int32Array<ArrayBuffer>
  currencies: string[]
}

/** The grouped series: their memberships and summaries ready to COPY, and counts. */
export type FreshSeriesGrouping = {
  series: number
  campaigns: number
  fills: number
  memberships: EncodedRows
  summaries: EncodedRows
}

/** The buffers of `columns` a worker message can move instead of copying. */
export function transferablesOf(columns: FreshSeriesColumns): ArrayBuffer[] {
  const { series, qty, price, multiplier, fees, executedMs, openClose, currency } = columns
  return [series, qty, price, multiplier, fees, executedMs, openClose, currency].map(
    (a) => a.buffer,
  )
}

/** The buffers of `grouping` a worker reply can move instead of copying. */
export function groupingTransferables(grouping: FreshSeriesGrouping): ArrayBuffer[] {
  return [...grouping.memberships.chunks, ...grouping.summaries.chunks].map((c) => c.buffer)
}

/**
 * Groups each series of `columns` into FIFO campaigns (as `buildSeries`, lean) with the summary
 * of each, in the currency of its first fill, as the writers store them: the same answer a
 * regrouping of those series from the ledger gives (the tests compare them). Pure and
 * synchronous: inline on the core thread for small imports, on an engine worker for bulk ones.
 */
export function groupFreshSeries(columns: FreshSeriesColumns): FreshSeriesGrouping {
  const bySeries: CampaignFill[][] = columns.seriesKeys.map(() => [])
  const currencyOf = new Map<string, string>()
  for (let i = 0; i < columns.count; i++) {
    const s = columns.series[i] ?? 0
    const key = columns.seriesKeys[s]
    if (!key) throw new Error(`fill ${i}: no series ${s}`)
    const id = columns.ids.slice(i * UUID_CHARS, (i + 1) * UUID_CHARS)
    const marker = columns.openClose[i]
    bySeries[s]?.push({
      id,
      account: key.account,
      symbol: key.symbol,
      qty: columns.qty[i] ?? 0,
      price: columns.price[i] ?? 0,
      multiplier: columns.multiplier[i] ?? 1,
      commission: 0,
      fees: columns.fees[i] ?? 0,
      executedAt: new Date(columns.executedMs[i] ?? Number.NaN).toISOString(),
      seq: 0,
      openClose: marker === 1 ? 'open' : marker === 2 ? 'close' : null,
    })
    currencyOf.set(id, columns.currencies[columns.currency[i] ?? 0] ?? 'USD')
  }
  const memberships: { groupId: string; fillId: string }[] = []
  const summaries: CampaignSummary[] = []
  const out = { series: 0, campaigns: 0, fills: 0 }
  for (const list of bySeries) {
    if (list.length === 0) continue
    const campaigns = buildSeries(list, { isLean: true })
    out.series += 1
    out.campaigns += campaigns.length
    out.fills += list.length
    for (const c of campaigns) {
      for (const fillId of c.fillIds) memberships.push({ groupId: c.groupId, fillId })
      summaries.push(summarize(c, currencyOf.get(c.groupId) ?? 'USD'))
    }
  }
  return {
    ...out,
    memberships: encodeMemberships(memberships),
    summaries: encodeSummaries(summaries),
  }
}
