import type { JournalStatsDto } from '../../contract/journal'
import type { Deps } from '../../deps'
import { computeStats, type StatCampaign } from '../../domain/journal/stats/journal-stats'
import { localParts, machineZone } from '../../domain/time/zone'
import { headlineCurrency, orderCurrencyRows } from '../../domain/journal/stats/by-currency'
import {
  closedSummaries,
  summaryStrategies,
  summaryTotals,
} from '../../../../db/repos/campaign-summary-repo'
import { tagsByCampaign } from '../../../../db/repos/journal-repo'
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
 * currency gets its totals in `byCurrency`. Read from the stored campaign summaries.
 */
export async function journalStats(deps: Deps, input: StatsQuery = {}): Promise<JournalStatsDto> {
  await refreshStaleCampaigns(deps)
  const q = deps.pg
  const totals = await summaryTotals(q, { account: input.account })
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
  // The range is in days of the zone: read a little wider by instant, then keep the exact days.
  const closed =
    currency === null
      ? []
      : await closedSummaries(q, {
          currency,
          account: input.account,
          ...(input.from ? { fromMs: Date.parse(`${input.from}T00:00:00Z`) - 2 * DAY_MS } : {}),
          ...(input.to ? { toMs: Date.parse(`${input.to}T00:00:00Z`) + 3 * DAY_MS } : {}),
        })
  const strategies = closed.length > 0 ? await summaryStrategies(q) : new Map<string, string>()
  const tags = closed.length > 0 ? await tagsByCampaign(q) : new Map<string, string[]>()
  const inRange: StatCampaign[] = []
  for (const c of closed) {
    if (input.from || input.to) {
      const day = localParts(c.closedMs, zone).date
      if ((input.from && day < input.from) || (input.to && day > input.to)) continue
    }
    inRange.push({
      groupId: c.groupId,
      symbol: c.symbol,
      openedAt: new Date(c.openedMs).toISOString(),
      closedAt: new Date(c.closedMs).toISOString(),
      netPnl: c.netCents / 100,
      grossPnl: c.grossCents / 100,
      fees: c.feesCents / 100,
      strategy: strategies.get(c.groupId) ?? null,
      tags: tags.get(c.groupId) ?? [],
    })
  }
  const { closed: closedCount, ...stats } = computeStats(inRange, { timeZone: zone })
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
