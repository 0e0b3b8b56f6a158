import type { Campaign } from './fifo-campaigns'
import { centsToMoney } from './money'

/**
 * What the journal stores of one campaign so that lists and statistics never replay fills: the
 * campaign without its legs, its money in integer cents. Fields that come from decision contexts
 * (strategy, stop, initial risk, R) are left out: contexts change on their own, reads add them.
 */
export type CampaignSummary = {
  groupId: string
  account: string
  symbol: string
  currency: string
  side: Campaign['side']
  status: Campaign['status']
  /** Epoch milliseconds. */
  openedMs: number
  closedMs: number | null
  maxPosition: number
  qty: number
  closedQty: number
  openQty: number
  avgEntryPrice: number | null
  avgExitPrice: number | null
  grossCents: number | null
  feesCents: number
  netCents: number | null
  /** Distinct fills of the campaign (a zero-crossing fill counts in both of its campaigns). */
  fillCount: number
}

/** The stored summary of `campaign`, whose fills are in `currency`. */
export function summarize(campaign: Campaign, currency: string): CampaignSummary {
  return {
    groupId: campaign.groupId,
    account: campaign.account,
    symbol: campaign.symbol,
    currency,
    side: campaign.side,
    status: campaign.status,
    openedMs: Date.parse(campaign.openedAt),
    closedMs: campaign.closedAt === null ? null : Date.parse(campaign.closedAt),
    maxPosition: campaign.maxPosition,
    qty: campaign.qty,
    closedQty: campaign.closedQty,
    openQty: campaign.openQty,
    avgEntryPrice: campaign.avgEntryPrice,
    avgExitPrice: campaign.avgExitPrice,
    grossCents: campaign.cents.gross,
    feesCents: campaign.cents.fees,
    netCents: campaign.cents.net,
    fillCount: campaign.fillIds.length,
  }
}

/** A summary with its money as amounts and its times as ISO strings, as answers carry them. */
export type CampaignSummaryView = Omit<
  CampaignSummary,
  'openedMs' | 'closedMs' | 'grossCents' | 'feesCents' | 'netCents'
> & {
  openedAt: string
  closedAt: string | null
  grossPnl: number | null
  fees: number
  netPnl: number | null
  holdingMs: number | null
}

/** `summary` as answers show it. */
export function viewOf(summary: CampaignSummary): CampaignSummaryView {
  const { openedMs, closedMs, grossCents, feesCents, netCents, ...rest } = summary
  return {
    ...rest,
    openedAt: new Date(openedMs).toISOString(),
    closedAt: closedMs === null ? null : new Date(closedMs).toISOString(),
    grossPnl: grossCents === null ? null : centsToMoney(grossCents),
    fees: centsToMoney(feesCents),
    netPnl: netCents === null ? null : centsToMoney(netCents),
    holdingMs: closedMs === null ? null : closedMs - openedMs,
  }
}
