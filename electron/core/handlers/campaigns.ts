import type {
  CampaignDto,
  CampaignHandlers,
  CampaignFillDto,
  CampaignRebuildResult,
} from '../contract/campaigns'
import type { CheckDto, DecisionContextDto } from '../contract/journal'
import { ErrorCode } from '../contract/errors'
import type { Deps } from '../deps'
import { AppError } from '../errors'
import {
  buildCampaigns,
  buildSeries,
  type Campaign,
} from '../domain/journal/campaigns/fifo-campaigns'
import {
  findFill,
  loadFills,
  replaceCampaignFills,
  replayPoints,
  type FillRow,
  type Queryable,
  type SeriesFilter,
} from '../../../db/repos/campaign-repo'
import { listChecks, listContexts, type ContextRow } from '../../../db/repos/context-repo'

/** Campaigns of the chosen series with what the journal pages show next to them. */
export type ComputedCampaigns = {
  fills: FillRow[]
  campaigns: CampaignDto[]
  /** Domain campaigns, same order as `campaigns`. */
  raw: Campaign[]
  contexts: ContextRow[]
}

/**
 * Groups the live fills of the chosen series into FIFO campaigns, with stops and strategies taken
 * from the decision contexts of their fills. Derived on every call: the ledger is the truth.
 */
export async function computeCampaigns(
  q: Queryable,
  filter: SeriesFilter = {},
): Promise<ComputedCampaigns> {
  const fills = await loadFills(q, filter)
  const contexts = await listContexts(q, filter.accounts ? { accounts: filter.accounts } : {})
  const stops = new Map<string, number>()
  const strategyOf = new Map<string, string>()
  for (const context of contexts) {
    const stop = context.exitIntent?.stop
    if (typeof stop === 'number') stops.set(context.fillId, stop)
    if (context.strategy) strategyOf.set(context.fillId, context.strategy)
  }
  const currencyOf = new Map(fills.map((f) => [f.id, f.currency]))
  const raw = buildCampaigns(fills, { stops })
  raw.sort((a, b) => Date.parse(a.openedAt) - Date.parse(b.openedAt) || cmp(a.groupId, b.groupId))
  const campaigns = raw.map((c) => toDto(c, currencyOf, strategyOf))
  return { fills, campaigns, raw, contexts }
}

function toDto(
  c: Campaign,
  currencyOf: ReadonlyMap<string, string>,
  strategyOf: ReadonlyMap<string, string>,
): CampaignDto {
  let strategy: string | null = null
  for (const leg of c.legs) {
    const found = strategyOf.get(leg.fillId)
    if (found !== undefined && (leg.role === 'open' || leg.role === 'add')) {
      strategy = found
      break
    }
  }
  const { cents: _cents, ...rest } = c
  return { ...rest, currency: currencyOf.get(c.groupId) ?? 'USD', strategy }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * Regroups the chosen series (every series by default) and stores the membership in
 * `campaign_fills`. The importer calls this after each import with the accounts and symbols it
 * touched; pass its transaction as `q` so the import and the regrouping commit together (PGlite
 * has one connection: a query outside an open transaction would wait for it forever).
 */
export async function rebuildCampaigns(
  deps: Deps,
  filter: SeriesFilter = {},
  q?: Queryable,
): Promise<CampaignRebuildResult> {
  const started = performance.now()
  const run = async (tx: Queryable): Promise<CampaignRebuildResult> => {
    const phasesMs = { load: 0, group: 0, write: 0 }
    const total = { series: 0, campaigns: 0, fills: 0, rows: 0, inserted: 0, deleted: 0 }
    let t = performance.now()
    const points = await replayPoints(tx, filter)
    phasesMs.load += performance.now() - t
    for (const point of points) {
      if (point.isUnchanged) continue
      // Only the tail past the last flat point before the new fills is regrouped.
      const tail: SeriesFilter = {
        accounts: [point.account],
        symbols: [point.symbol],
        ...(point.afterFillId ? { afterFillId: point.afterFillId } : {}),
      }
      t = performance.now()
      const fills = await loadFills(tx, tail)
      phasesMs.load += performance.now() - t
      t = performance.now()
      const campaigns = buildSeries(fills)
      phasesMs.group += performance.now() - t
      t = performance.now()
      const written = await replaceCampaignFills(tx, tail, campaigns)
      phasesMs.write += performance.now() - t
      total.series += 1
      total.campaigns += campaigns.length
      total.fills += fills.length
      total.rows += written.rows
      total.inserted += written.inserted
      total.deleted += written.deleted
    }
    return {
      ...total,
      durationMs: 0,
      phasesMs: {
        load: Math.round(phasesMs.load),
        group: Math.round(phasesMs.group),
        write: Math.round(phasesMs.write),
      },
    }
  }
  const result = q ? await run(q) : await deps.pg.transaction(run)
  return { ...result, durationMs: Math.round(performance.now() - started) }
}

/** A stored fill as the contract shows it. */
export function toFillDto(f: FillRow): CampaignFillDto {
  return {
    id: f.id,
    account: f.account,
    symbol: f.symbol,
    side: f.side,
    qty: f.qty,
    price: f.price,
    multiplier: f.multiplier,
    fees: f.fees,
    currency: f.currency,
    executedAt: f.executedAt,
    broker: f.broker,
    assetType: f.assetType,
    orderId: f.orderId,
    externalTradeId: f.externalTradeId,
    openClose: f.openClose ?? null,
  }
}

/** A stored context as the contract shows it. */
export function toContextDto(c: ContextRow): DecisionContextDto {
  return {
    id: c.id,
    fillId: c.fillId,
    account: c.account,
    symbol: c.symbol,
    contextType: c.contextType as DecisionContextDto['contextType'],
    strategy: c.strategy,
    hypothesis: c.hypothesis,
    exitIntent: c.exitIntent,
    feelingsThen: c.feelingsThen as DecisionContextDto['feelingsThen'],
    feelingsNow: c.feelingsNow as DecisionContextDto['feelingsNow'],
    notes: c.notes,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  }
}

/** Handlers of the `campaigns-*` channels. */
export function campaignHandlers(deps: Deps): CampaignHandlers {
  return {
    'campaigns-rebuild': async (input) => {
      const filter: SeriesFilter = {}
      if (input?.accounts) filter.accounts = input.accounts
      if (input?.symbols) filter.symbols = input.symbols
      return rebuildCampaigns(deps, filter)
    },
    'campaigns-list': async (input) => {
      const filter: SeriesFilter = input?.account ? { accounts: [input.account] } : {}
      const { campaigns } = await computeCampaigns(deps.pg, filter)
      return input?.status ? campaigns.filter((c) => c.status === input.status) : campaigns
    },
    'campaigns-get': async ({ groupId }) => {
      const first = await findFill(deps.pg, groupId)
      if (!first) throw new AppError(ErrorCode.NotFound, `No campaign ${groupId}`)
      const computed = await computeCampaigns(deps.pg, {
        accounts: [first.account],
        symbols: [first.symbol],
      })
      const campaign = computed.campaigns.find((c) => c.groupId === groupId)
      if (!campaign) throw new AppError(ErrorCode.NotFound, `No campaign ${groupId}`)
      const ids = new Set(campaign.fillIds)
      const contexts = computed.contexts.filter((c) => ids.has(c.fillId)).map(toContextDto)
      const checks: CheckDto[] = (await listChecks(deps.pg, { fillIds: campaign.fillIds })).map(
        (c) => ({ ...c, phase: c.phase as CheckDto['phase'] }),
      )
      return {
        campaign,
        fills: computed.fills.filter((f) => ids.has(f.id)).map(toFillDto),
        contexts,
        checks,
      }
    },
  }
}
