import { z } from 'zod'
import type { Campaign, CampaignLeg } from '../domain/journal/campaigns/fifo-campaigns'
import type { CheckDto, DecisionContextDto } from './journal'
import type { InputOf } from './types'

/** Input schemas of the `campaigns-*` channels. */
export const campaignInputs = {
  /**
   * Regroups fills into FIFO campaigns and stores the membership in `campaign_fills`: every
   * series, or only those of the given accounts and/or exact symbols. Incremental: unchanged
   * series are skipped and new fills replay only from the last flat point before them; fills
   * that left (undone import, correction) replay their whole series. Idempotent.
   */
  'campaigns-rebuild': z
    .object({
      accounts: z.array(z.string().min(1)).optional(),
      symbols: z.array(z.string().min(1)).optional(),
    })
    .strict()
    .optional(),
  /**
   * One page of campaigns (open, closed, opening-unknown) from the stored summaries, with the
   * size of the whole filtered set, its net P&L per currency and every account that has
   * campaigns. `symbol` matches anywhere in the symbol, any case. Sorted by opening time (oldest
   * first) unless `sort`/`direction` say otherwise; ties by group id.
   */
  'campaigns-list': z
    .object({
      account: z.string().min(1).optional(),
      status: z.enum(['open', 'closed', 'opening-unknown']).optional(),
      symbol: z.string().trim().max(100).optional(),
      sort: z.enum(['opened', 'closed', 'symbol', 'net']).default('opened'),
      direction: z.enum(['asc', 'desc']).default('asc'),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(5000).default(500),
    })
    .strict()
    .default({ sort: 'opened', direction: 'asc', offset: 0, limit: 500 }),
  /** One campaign with its fills, their decision contexts and checks. `not-found` if unknown. */
  'campaigns-get': z.object({ groupId: z.uuid() }).strict(),
}

/** A fill's share of a campaign; a zero-crossing fill has a leg in each of two campaigns. */
export type CampaignLegDto = CampaignLeg

/**
 * One campaign: FIFO round trip of one account in one exact contract, from flat to flat. Money
 * is in the fills' currency, rounded to cents. `opening-unknown` campaigns close quantity whose
 * opening predates the data: their P&L is null, never guessed.
 */
export type CampaignDto = Omit<Campaign, 'cents'> & {
  currency: string
  /** Strategy named in the opening fill's decision context. */
  strategy: string | null
}

/** A campaign as lists show it: everything but its legs, with how many fills it has. */
export type CampaignRowDto = Omit<CampaignDto, 'fillIds' | 'legs'> & { fillCount: number }

/** Net P&L of one currency over a campaigns list's whole filtered set. */
export type CampaignTotalDto = { currency: string; campaigns: number; netPnl: number }

/** Answer of `campaigns-list`. */
export type CampaignPage = {
  /** Campaigns matching the filters, all pages. */
  total: number
  offset: number
  rows: CampaignRowDto[]
  /** Net P&L (realised, closed and open) per currency over every matching campaign. */
  totals: CampaignTotalDto[]
  /** Every account that has campaigns, for filter pickers. */
  accounts: string[]
}

/** A stored fill. Quantity is signed (+ buy, − sell). */
export type CampaignFillDto = {
  id: string
  account: string
  symbol: string
  side: 'buy' | 'sell'
  qty: number
  price: number
  multiplier: number
  fees: number
  currency: string
  executedAt: string
  broker: string | null
  assetType: string | null
  orderId: string | null
  externalTradeId: string | null
  openClose: 'open' | 'close' | null
}

/**
 * Answer of `campaigns-rebuild`. Series whose fills did not change are skipped; a changed series
 * is regrouped from its last flat point before the first new fill, so the counts cover only
 * what was replayed.
 */
export type CampaignRebuildResult = {
  /** (account, symbol) series regrouped. */
  series: number
  /** Campaigns regrouped (those before a series' replay point are kept as stored). */
  campaigns: number
  /** Fills replayed through FIFO matching. */
  fills: number
  /** `campaign_fills` rows of the replayed part afterwards. */
  rows: number
  /** Rows added and removed: only the difference to what was stored is written. */
  inserted: number
  deleted: number
  durationMs: number
  /** Where the time went: reading fills, FIFO grouping, writing `campaign_fills`. */
  phasesMs: { load: number; group: number; write: number }
}

/** Answer of `campaigns-get`: the campaign, its fills, and what the trader wrote on them. */
export type CampaignDetail = {
  campaign: CampaignDto
  fills: CampaignFillDto[]
  contexts: DecisionContextDto[]
  checks: CheckDto[]
}

type In<K extends keyof typeof campaignInputs> = InputOf<typeof campaignInputs, K>

export type CampaignHandlers = {
  'campaigns-rebuild': (input: In<'campaigns-rebuild'>) => Promise<CampaignRebuildResult>
  'campaigns-list': (input: In<'campaigns-list'>) => Promise<CampaignPage>
  'campaigns-get': (input: In<'campaigns-get'>) => Promise<CampaignDetail>
}
