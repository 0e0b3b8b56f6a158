import type { CampaignHandlers } from '../contract/campaigns'
import { ErrorCode } from '../contract/errors'
import type { Deps } from '../deps'
import { AppError } from '../errors'
import type { SeriesFilter } from '../../../db/repos/campaign-repo'
import { findFill } from '../../../db/repos/campaign-repo'
import { pageSummaries } from '../../../db/repos/campaign-summary-repo'
import {
  computeCampaigns,
  rebuildCampaigns,
  refreshStaleCampaigns,
  toContextDto,
  toFillDto,
  withContextFields,
} from '../services/journal/campaigns'
import { findChecksOf } from '../services/journal/context'

/** Handlers of the `campaigns-*` channels. */
export function campaignHandlers(deps: Deps): CampaignHandlers {
  return {
    'campaigns-rebuild': async (input) => {
      const filter: SeriesFilter = {}
      if (input?.accounts) filter.accounts = input.accounts
      if (input?.symbols) filter.symbols = input.symbols
      const result = await rebuildCampaigns(deps, filter)
      deps.emit('data-changed', { domains: ['campaigns'] })
      return result
    },
    'campaigns-list': async (input) => {
      await refreshStaleCampaigns(deps)
      const filter = { account: input.account, status: input.status, symbol: input.symbol }
      const page = await pageSummaries(deps.db, filter, input)
      const totals = await deps.closedCampaigns.totals(deps.db, filter)
      return {
        total: page.total,
        offset: input.offset,
        rows: await withContextFields(deps.db, page.rows),
        totals: totals.map((t) => ({
          currency: t.currency,
          campaigns: t.campaigns,
          netPnl: t.netCents / 100,
        })),
        accounts: await deps.closedCampaigns.accounts(deps.db),
      }
    },
    'campaigns-get': async ({ groupId }) => {
      const first = await findFill(deps.db, groupId)
      if (!first) throw new AppError(ErrorCode.NotFound, `No campaign ${groupId}`)
      const computed = await computeCampaigns(deps.db, {
        accounts: [first.account],
        symbols: [first.symbol],
      })
      const campaign = computed.campaigns.find((c) => c.groupId === groupId)
      if (!campaign) throw new AppError(ErrorCode.NotFound, `No campaign ${groupId}`)
      const ids = new Set(campaign.fillIds)
      const contexts = computed.contexts.filter((c) => ids.has(c.fillId)).map(toContextDto)
      const checks = await findChecksOf(deps.db, campaign.fillIds)
      return {
        campaign,
        fills: computed.fills.filter((f) => ids.has(f.id)).map(toFillDto),
        contexts,
        checks,
      }
    },
  }
}
