import type { JournalStatsDto } from '../../contract/journal'
import type { Deps } from '../../deps'
import { computeStatsOf } from '../../domain/journal/stats/journal-stats'
import { headlineCurrency, orderCurrencyRows } from '../../domain/journal/stats/by-currency'
import { localParts, machineZone } from '../../domain/time/zone'
import { findLocalUserId, getProfile } from '../../../../db/repos/rules-repo'
import { refreshStaleCampaigns } from './campaigns'

const DAY_MS = 86_400_000

/** What `journal-stats` is asked. */
export type StatsQuery = {
  account?: string | undefined
  currency?: string | undefined
  timeZone?: string | undefined
  from?: string | undefined
  to?: string | undefined
}

/**
 * Statistics of the closed campaigns of one account (or all) in one currency: the one asked for,
 * else the one with the most closed campaigns. Money of two currencies is never summed; every
 * currency gets its totals in `byCurrency`. Read from the stored campaign summaries, which the
 * core keeps decoded in memory while nothing changes them.
 */
export async function journalStats(deps: Deps, input: StatsQuery = {}): Promise<JournalStatsDto> {
  await refreshStaleCampaigns(deps)
  const q = deps.db
  const store = deps.closedCampaigns
  const { cols, strategies, tags } = await store.get(q)
  const totals = await store.totals(q, { account: input.account })
  const byCurrency = orderCurrencyRows(
    totals.map((t) => ({
      currency: t.currency,
      campaigns: t.campaigns,
      closed: t.closed,
      wins: t.wins,
      losses: t.losses,
      grossPnl: t.closedGrossCents / 100,
      fees: t.closedFeesCents / 100,
      netPnl: t.closedNetCents / 100,
      winRate: t.closed > 0 ? t.wins / t.closed : null,
    })),
  )
  const currency = headlineCurrency(byCurrency, input.currency)
  const mine = totals.find((t) => t.currency === currency)

  let zone = input.timeZone
  if (!zone) {
    zone = (await getProfile(q, await findLocalUserId(q))).timeZone ?? machineZone() ?? 'UTC'
  }
  // A date range is in days of the zone: a wide test by instant first, then the exact day.
  const fromMs = input.from ? Date.parse(`${input.from}T00:00:00Z`) - 2 * DAY_MS : -Infinity
  const toMs = input.to ? Date.parse(`${input.to}T00:00:00Z`) + 3 * DAY_MS : Infinity
  const rows: number[] = []
  for (const i of cols.order) {
    if (cols.currencies[i] !== currency) continue
    if (input.account !== undefined && cols.accounts[i] !== input.account) continue
    if (input.from || input.to) {
      const closed = cols.closedMs[i] ?? 0
      if (closed < fromMs || closed >= toMs) continue
      const day = localParts(closed, zone).date
      if ((input.from && day < input.from) || (input.to && day > input.to)) continue
    }
    rows.push(i)
  }
  const { closed: closedCount, ...stats } = computeStatsOf(
    {
      groupIds: cols.groupIds,
      symbols: cols.symbols,
      openedMs: cols.openedMs,
      closedMs: cols.closedMs,
      netCents: cols.netCents,
      grossCents: cols.grossCents,
      feesCents: cols.feesCents,
      strategyOf: (i) => strategies.get(cols.groupIds[i] ?? '') ?? null,
      tagsOf: (i) => tags.get(cols.groupIds[i] ?? '') ?? [],
    },
    rows,
    { timeZone: zone },
  )
  return {
    currency,
    campaigns: mine?.campaigns ?? 0,
    closed: closedCount,
    open: mine?.open ?? 0,
    openingUnknown: mine?.openingUnknown ?? 0,
    ...stats,
    openRealisedPnl: (mine?.openNetCents ?? 0) / 100,
    openingUnknownFees: (mine?.unknownFeesCents ?? 0) / 100,
    currencies: byCurrency.map((r) => r.currency).sort(),
    byCurrency,
  }
}
