import type { Handle } from '../../../../db/query'
import type { CampaignRebuildResult } from '../../contract/campaigns'
import type { Deps } from '../../deps'
import { seriesKey } from '../../domain/journal/campaigns/fifo-campaigns'
import { groupFreshSeries, UUID_CHARS, type FreshSeriesColumns } from '../../engine/fresh-series'
import { copyMemberships, seriesWithoutFills } from '../../../../db/repos/campaign-repo'
import { copySummaries } from '../../../../db/repos/campaign-summary-repo'
import { insertFills, type FillInsert } from '../../../../db/repos/fills-repo'
import { rebuildCampaigns } from './campaigns'

/** What appending fills did: the ids written (input order), the ledger write's time, the regrouping. */
export type AppendResult = {
  inserted: string[]
  ledgerMs: number
  campaigns: CampaignRebuildResult
}

/**
 * Appends fills to the ledger and regroups the campaigns they touch, inside the caller's
 * transaction `tx` (so both commit or neither). Rows colliding with a stored key are skipped.
 *
 * A series (account, exact symbol) that had no stored fill before has no campaign history, so
 * its new fills are grouped in memory (on an engine worker, overlapping the ledger write, when
 * they are many) and their membership and summaries copied in, with no read back. Every other
 * touched series goes through the incremental rebuild, which replays it from its last flat
 * point. Both give the membership and summaries a full rebuild would (the tests compare them).
 */
export async function appendFills(
  deps: Deps,
  tx: Handle,
  rows: readonly FillInsert[],
  onChunk?: (done: number) => void | Promise<void>,
): Promise<AppendResult> {
  const begun = performance.now()
  const keys = rows.map((r) => seriesKey(r.account, r.symbol))
  const pairs = new Map<string, { account: string; symbol: string }>()
  rows.forEach((r, i) => pairs.set(keys[i] ?? '', r))
  const fresh = await seriesWithoutFills(tx, [...pairs.values()])
  // A bulk load of new series is grouped (and its COPY streams encoded) on the core's journal
  // engine worker while this thread writes the ledger, so the two overlap. Rows the ledger
  // skips (a key already stored or repeated) would change the answer: then, or if the worker
  // fails, the grouping is done again here from the rows written.
  const freshRows = rows.filter((_, i) => fresh.has(keys[i] ?? ''))
  const early = freshRows.length >= OFF_THREAD_MIN_FILLS ? columnsOf(freshRows) : null
  const pending = early ? deps.jobs.journalPool.groupFreshSeries(early) : null
  // Settled here as well, so a failed ledger write never leaves it rejected and unobserved.
  pending?.catch(() => undefined)
  const inserted = await insertFills(tx, rows, onChunk)
  const started = performance.now()
  const ledgerMs = Math.round(started - begun)
  const result: CampaignRebuildResult = {
    series: 0,
    campaigns: 0,
    fills: 0,
    rows: 0,
    inserted: 0,
    deleted: 0,
    durationMs: 0,
    phasesMs: { load: 0, group: 0, write: 0 },
  }
  if (inserted.length === 0) return { inserted, ledgerMs, campaigns: result }

  // Usually every row was written; only otherwise is membership of the written set checked.
  const written = inserted.length === rows.length ? null : new Set(inserted)
  const rest = { accounts: new Set<string>(), symbols: new Set<string>() }
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]
    if (!r || (written && !written.has(r.id)) || fresh.has(keys[i] ?? '')) continue
    rest.accounts.add(r.account)
    rest.symbols.add(r.symbol)
  }

  let t = performance.now()
  const grouping =
    pending && !written
      ? await pending.catch(() => groupFreshSeries(columnsOf(freshRows)))
      : groupFreshSeries(
          columnsOf(written ? freshRows.filter((r) => written.has(r.id)) : freshRows),
        )
  result.series += grouping.series
  result.campaigns += grouping.campaigns
  result.fills += grouping.fills
  result.phasesMs.group += performance.now() - t
  t = performance.now()
  await copyMemberships(tx, grouping.memberships)
  await copySummaries(tx, grouping.summaries)
  result.phasesMs.write += performance.now() - t
  result.rows += grouping.memberships.rows
  result.inserted += grouping.memberships.rows

  if (rest.accounts.size > 0) {
    const more = await rebuildCampaigns(
      deps,
      { accounts: [...rest.accounts], symbols: [...rest.symbols] },
      tx,
    )
    result.series += more.series
    result.campaigns += more.campaigns
    result.fills += more.fills
    result.rows += more.rows
    result.inserted += more.inserted
    result.deleted += more.deleted
    result.phasesMs.load += more.phasesMs.load
    result.phasesMs.group += more.phasesMs.group
    result.phasesMs.write += more.phasesMs.write
  }
  result.phasesMs = {
    load: Math.round(result.phasesMs.load),
    group: Math.round(result.phasesMs.group),
    write: Math.round(result.phasesMs.write),
  }
  result.durationMs = Math.round(performance.now() - started)
  return { inserted, ledgerMs, campaigns: result }
}

/**
 * Fewest new-series fills grouped on an engine worker; below it, handing the rows over costs
 * more than grouping them here.
 */
export const OFF_THREAD_MIN_FILLS = 5_000

/**
 * New ledger rows as the campaign builder reads them back from the ledger (signed quantity,
 * commission and fees as one amount; ties broken by id, since the fills of one transaction share
 * `created_at` and ids are minted in increasing order), as columns in input order.
 */
function columnsOf(rows: readonly FillInsert[]): FreshSeriesColumns {
  const n = rows.length
  const columns: FreshSeriesColumns = {
    count: n,
    ids: '',
    series: new Int32Array(n),
    seriesKeys: [],
    qty: new Float64Array(n),
    price: new Float64Array(n),
    multiplier: new Float64Array(n),
    fees: new Float64Array(n),
    executedMs: new Float64Array(n),
    openClose: new Int8Array(n),
    currency: new Int32Array(n),
    currencies: [],
  }
  const seriesIndex = new Map<string, number>()
  const currencyIndex = new Map<string, number>()
  const ids = new Array<string>(n)
  for (let i = 0; i < n; i++) {
    const r = rows[i]
    if (!r) continue
    if (r.id.length !== UUID_CHARS) throw new Error(`fill id ${r.id} is not a uuid`)
    ids[i] = r.id
    const key = seriesKey(r.account, r.symbol)
    let s = seriesIndex.get(key)
    if (s === undefined) {
      seriesIndex.set(key, (s = columns.seriesKeys.length))
      columns.seriesKeys.push({ account: r.account, symbol: r.symbol })
    }
    let c = currencyIndex.get(r.currency)
    if (c === undefined) {
      currencyIndex.set(r.currency, (c = columns.currencies.length))
      columns.currencies.push(r.currency)
    }
    const marker = r.rawData['openClose'] ?? r.rawData['open_close']
    columns.series[i] = s
    columns.qty[i] = (r.side === 'sell' ? -1 : 1) * Math.abs(r.quantity)
    columns.price[i] = r.price
    columns.multiplier[i] = r.multiplier
    columns.fees[i] = r.fees
    columns.executedMs[i] = Date.parse(r.executedAt)
    columns.openClose[i] = marker === 'open' ? 1 : marker === 'close' ? 2 : 0
    columns.currency[i] = c
  }
  columns.ids = ids.join('')
  return columns
}
