import type { Queryable } from '../../../../db/query'
import type { CampaignRebuildResult } from '../../contract/campaigns'
import type { Deps } from '../../deps'
import {
  buildSeries,
  seriesKey,
  type CampaignFill,
} from '../../domain/journal/campaigns/fifo-campaigns'
import type { CampaignSummary } from '../../domain/journal/campaigns/summary'
import { insertMemberships, seriesWithoutFills } from '../../../../db/repos/campaign-repo'
import { insertSummaries } from '../../../../db/repos/campaign-summary-repo'
import { insertFills, type FillInsert } from '../../../../db/repos/fills-repo'
import { rebuildCampaigns, summariesOf } from './campaigns'

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
 * its new fills are grouped in memory and their membership and summaries copied in, with no
 * read back. Every
 * other touched series goes through the incremental rebuild, which replays it from its last flat
 * point. Both give the membership a full rebuild would (the tests compare them).
 */
export async function appendFills(
  deps: Deps,
  tx: Queryable,
  rows: readonly FillInsert[],
  onChunk?: (done: number) => void | Promise<void>,
): Promise<AppendResult> {
  const begun = performance.now()
  const keys = rows.map((r) => seriesKey(r.account, r.symbol))
  const pairs = new Map<string, { account: string; symbol: string }>()
  rows.forEach((r, i) => pairs.set(keys[i] ?? '', r))
  const fresh = await seriesWithoutFills(tx, [...pairs.values()])
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
  const bySeries = new Map<string, CampaignFill[]>()
  const currencyOf = new Map<string, string>()
  const rest = { accounts: new Set<string>(), symbols: new Set<string>() }
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]
    if (!r || (written && !written.has(r.id))) continue
    const key = keys[i] ?? ''
    if (!fresh.has(key)) {
      rest.accounts.add(r.account)
      rest.symbols.add(r.symbol)
      continue
    }
    let list = bySeries.get(key)
    if (!list) bySeries.set(key, (list = []))
    list.push(toCampaignFill(r))
    currencyOf.set(r.id, r.currency)
  }

  let t = performance.now()
  const memberships: { groupId: string; fillId: string }[] = []
  const summaries: CampaignSummary[] = []
  for (const list of bySeries.values()) {
    const campaigns = buildSeries(list, { isLean: true })
    result.series += 1
    result.campaigns += campaigns.length
    result.fills += list.length
    for (const c of campaigns)
      for (const fillId of c.fillIds) memberships.push({ groupId: c.groupId, fillId })
    for (const summary of summariesOf(campaigns, (id) => currencyOf.get(id)))
      summaries.push(summary)
  }
  result.phasesMs.group += performance.now() - t
  t = performance.now()
  await insertMemberships(tx, memberships)
  await insertSummaries(tx, summaries)
  result.phasesMs.write += performance.now() - t
  result.rows += memberships.length
  result.inserted += memberships.length

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
 * A new ledger row as the campaign builder reads it back from the ledger: signed quantity,
 * commission and fees as one amount, ties broken by id (the fills of one transaction share
 * `created_at`, and ids are minted in increasing order).
 */
function toCampaignFill(r: FillInsert): CampaignFill {
  const marker = r.rawData['openClose'] ?? r.rawData['open_close']
  return {
    id: r.id,
    account: r.account,
    symbol: r.symbol,
    qty: (r.side === 'sell' ? -1 : 1) * Math.abs(r.quantity),
    price: r.price,
    multiplier: r.multiplier,
    commission: 0,
    fees: r.fees,
    executedAt: r.executedAt,
    seq: 0,
    openClose: marker === 'open' || marker === 'close' ? marker : null,
  }
}
