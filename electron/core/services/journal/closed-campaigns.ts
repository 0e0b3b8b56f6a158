import {
  campaignReadsVersion,
  closedColumns,
  summaryAccounts,
  summaryStrategies,
  summaryTotals,
  type ClosedColumns,
  type SummaryFilter,
  type SummaryTotals,
} from '../../../../db/repos/campaign-summary-repo'
import type { Handle } from '../../../../db/query'
import { tagsByCampaign } from '../../../../db/repos/journal-repo'

/** What the statistics read, decoded once: closed campaigns column by column, their strategies and tags. */
export type ClosedCampaigns = {
  cols: ClosedColumns
  strategies: ReadonlyMap<string, string>
  tags: ReadonlyMap<string, readonly string[]>
}

/**
 * What the journal pages read of the stored campaigns and sum over all of them, kept in memory
 * between reads: the closed campaigns decoded column by column, per-currency totals of each
 * filter, the accounts. Every read first asks the database for its reads version (one small
 * query): any write to summaries, memberships, decision contexts, journal entries or strategies
 * moves it (statement triggers, migration 0012), and then everything is read again. The version
 * is read before the rows, so a write landing between the two only causes one more read later,
 * never a stale answer.
 */
export class ClosedCampaignStore {
  private version: string | null = null
  private readonly memo = new Map<string, Promise<unknown>>()

  private async cached<T>(q: Handle, key: string, load: () => Promise<T>): Promise<T> {
    const version = await campaignReadsVersion(q)
    if (version !== this.version) {
      this.memo.clear()
      this.version = version
    }
    let found = this.memo.get(key) as Promise<T> | undefined
    if (!found) {
      found = load()
      this.memo.set(key, found)
      // A failed read is not kept: the next call tries again.
      found.catch(() => this.memo.delete(key))
    }
    return found
  }

  /** Every closed campaign with its strategy and tags. */
  get(q: Handle): Promise<ClosedCampaigns> {
    return this.cached(q, 'closed', async () => {
      const cols = await closedColumns(q)
      return {
        cols,
        strategies: cols.n > 0 ? await summaryStrategies(q) : new Map<string, string>(),
        tags: cols.n > 0 ? await tagsByCampaign(q) : new Map<string, string[]>(),
      }
    })
  }

  /** Per-currency totals over the campaigns of `filter`. */
  totals(q: Handle, filter: SummaryFilter): Promise<SummaryTotals[]> {
    const key = `totals:${JSON.stringify([filter.account, filter.status, filter.symbol, filter.currency])}`
    return this.cached(q, key, () => summaryTotals(q, filter))
  }

  /** Every account that has campaigns. */
  accounts(q: Handle): Promise<string[]> {
    return this.cached(q, 'accounts', () => summaryAccounts(q))
  }

  /** Forgets what it holds. */
  clear(): void {
    this.memo.clear()
    this.version = null
  }
}
