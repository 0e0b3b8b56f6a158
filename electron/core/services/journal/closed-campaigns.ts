import {
  campaignReadsVersion,
  closedColumns,
  summaryStrategies,
  summaryTotals,
  type ClosedColumns,
  type SummaryTotals,
} from '../../../../db/repos/campaign-summary-repo'
import type { Queryable } from '../../../../db/repos/campaign-repo'
import { tagsByCampaign } from '../../../../db/repos/journal-repo'

/** What the statistics read, decoded once: closed campaigns column by column, their strategies and tags. */
export type ClosedCampaigns = {
  cols: ClosedColumns
  strategies: ReadonlyMap<string, string>
  tags: ReadonlyMap<string, readonly string[]>
  /** Per-currency totals of one account ('' for all), filled as they are asked for. */
  totals: Map<string, SummaryTotals[]>
}

/**
 * The closed campaigns the statistics read, kept decoded in memory between reads. Every read
 * first asks the database for its reads version (one small query): any write to summaries,
 * memberships, decision contexts, journal entries or strategies moves it (statement triggers,
 * migration 0012), and then the rows are read again. The version is read before the rows, so a
 * write landing between the two only causes one more read later, never a stale answer.
 */
export class ClosedCampaignStore {
  private cached: { version: string; value: ClosedCampaigns } | null = null

  async get(q: Queryable): Promise<ClosedCampaigns> {
    const version = await campaignReadsVersion(q)
    if (this.cached?.version === version) return this.cached.value
    const cols = await closedColumns(q)
    const value: ClosedCampaigns = {
      cols,
      strategies: cols.n > 0 ? await summaryStrategies(q) : new Map(),
      tags: cols.n > 0 ? await tagsByCampaign(q) : new Map(),
      totals: new Map(),
    }
    this.cached = { version, value }
    return value
  }

  /** Per-currency totals of one account (or all), through the same cache. */
  async totals(q: Queryable, account: string | undefined): Promise<SummaryTotals[]> {
    const value = await this.get(q)
    const key = account ?? ''
    let totals = value.totals.get(key)
    if (!totals) {
      totals = await summaryTotals(q, { account })
      value.totals.set(key, totals)
    }
    return totals
  }

  /** Forgets what it holds (the core closing). */
  clear(): void {
    this.cached = null
  }
}
