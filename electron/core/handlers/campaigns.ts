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
  deleteAllSummaries,
  deleteSummaries,
  getSummaryDto,
  insertSummaries,
  listSummaryDtos,
  loadFills,
  loadFillsByIds,
  markSummariesCurrent,
  replaceCampaignFills,
  replayPoints,
  seriesOfPulled,
  summariesAreCurrent,
  type FillRow,
  type Queryable,
  type SeriesFilter,
  type SummaryRow,
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

/** The stored summary of a campaign: its contract form plus the columns reads filter on. */
export function toSummary(
  c: Campaign,
  currencyOf: ReadonlyMap<string, string>,
  strategyOf: ReadonlyMap<string, string>,
): SummaryRow {
  const dto = toDto(c, currencyOf, strategyOf)
  return {
    groupId: c.groupId,
    account: c.account,
    symbol: c.symbol,
    currency: dto.currency,
    status: c.status,
    openedAt: c.openedAt,
    closedAt: c.closedAt,
    grossCents: c.cents.gross,
    feesCents: c.cents.fees,
    netCents: c.cents.net,
    strategy: dto.strategy,
    dto: JSON.stringify(dto),
  }
}

/** Stops and strategy names by fill id, from decision contexts. */
function contextMaps(contexts: readonly ContextRow[]): {
  stops: Map<string, number>
  strategyOf: Map<string, string>
} {
  const stops = new Map<string, number>()
  const strategyOf = new Map<string, string>()
  for (const context of contexts) {
    const stop = context.exitIntent?.stop
    if (typeof stop === 'number') stops.set(context.fillId, stop)
    if (context.strategy) strategyOf.set(context.fillId, context.strategy)
  }
  return { stops, strategyOf }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Options of `rebuildCampaigns`. */
export type RebuildOptions = {
  /**
   * Replay every series of the filter whole, changed or not: what a change to decision contexts
   * (stops, strategies) needs, and the rebuild of every summary.
   */
  force?: boolean
}

/**
 * Regroups the chosen series (every series by default), stores the membership in
 * `campaign_fills` and the campaigns' summaries in `campaign_summaries`. Every write path calls
 * this (or writes the same rows itself) for the series it touched; pass its transaction as `q`
 * so the write and the regrouping commit together (PGlite has one connection: a query outside
 * an open transaction would wait for it forever).
 */
export async function rebuildCampaigns(
  deps: Deps,
  filter: SeriesFilter = {},
  q?: Queryable,
  options: RebuildOptions = {},
): Promise<CampaignRebuildResult> {
  const started = performance.now()
  const run = async (tx: Queryable): Promise<CampaignRebuildResult> => {
    const phasesMs = { load: 0, group: 0, write: 0 }
    const total = { series: 0, campaigns: 0, fills: 0, rows: 0, inserted: 0, deleted: 0 }
    let t = performance.now()
    const points = await replayPoints(tx, filter)
    const changed = points.filter((p) => options.force || !p.isUnchanged)
    const { stops, strategyOf } = contextMaps(
      changed.length === 0
        ? []
        : await listContexts(tx, {
            ...(filter.accounts ? { accounts: filter.accounts } : {}),
            ...(filter.symbols ? { symbols: filter.symbols } : {}),
          }),
    )
    phasesMs.load += performance.now() - t
    const summaries: SummaryRow[] = []
    for (const point of changed) {
      // Only the tail past the last flat point before the new fills is regrouped.
      const afterFillId = options.force ? null : point.afterFillId
      const tail: SeriesFilter = {
        accounts: [point.account],
        symbols: [point.symbol],
        ...(afterFillId ? { afterFillId } : {}),
      }
      t = performance.now()
      const fills = await loadFills(tx, tail)
      phasesMs.load += performance.now() - t
      t = performance.now()
      const campaigns = buildSeries(fills, { stops })
      const currencyOf = new Map(fills.map((f) => [f.id, f.currency]))
      for (const c of campaigns) summaries.push(toSummary(c, currencyOf, strategyOf))
      phasesMs.group += performance.now() - t
      t = performance.now()
      const written = await replaceCampaignFills(tx, tail, campaigns)
      await deleteSummaries(tx, { account: point.account, symbol: point.symbol, afterFillId })
      phasesMs.write += performance.now() - t
      total.series += 1
      total.campaigns += campaigns.length
      total.fills += fills.length
      total.rows += written.rows
      total.inserted += written.inserted
      total.deleted += written.deleted
    }
    t = performance.now()
    await insertSummaries(tx, summaries)
    phasesMs.write += performance.now() - t
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

// Data dirs whose summaries are known complete (or being completed) in this process.
const summariesReady = new WeakMap<object, Promise<void>>()

/**
 * Makes sure every campaign has its stored summary before a read: a data dir from before
 * summaries existed (or from an older summary version) gets all of them rebuilt once, in one
 * transaction. Must not be called inside a transaction.
 */
export async function ensureSummaries(deps: Deps): Promise<void> {
  let ready = summariesReady.get(deps.pg)
  if (!ready) {
    ready = (async () => {
      if (await summariesAreCurrent(deps.pg)) return
      await deps.pg.transaction(async (tx) => {
        await deleteAllSummaries(tx)
        await rebuildCampaigns(deps, {}, tx, { force: true })
        await markSummariesCurrent(tx)
      })
    })()
    summariesReady.set(deps.pg, ready)
    ready.catch(() => summariesReady.delete(deps.pg))
  }
  await ready
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
      await ensureSummaries(deps)
      const filter: { account?: string; status?: string } = {}
      if (input?.account) filter.account = input.account
      if (input?.status) filter.status = input.status
      return JSON.parse(await listSummaryDtos(deps.pg, filter)) as CampaignDto[]
    },
    'campaigns-get': async ({ groupId }) => {
      await ensureSummaries(deps)
      const stored = await getSummaryDto(deps.pg, groupId)
      if (stored === null) throw new AppError(ErrorCode.NotFound, `No campaign ${groupId}`)
      const campaign = JSON.parse(stored) as CampaignDto
      const fills = await loadFillsByIds(deps.pg, campaign.fillIds)
      const contexts = (await listContexts(deps.pg, { fillIds: campaign.fillIds })).map(
        toContextDto,
      )
      const checks: CheckDto[] = (await listChecks(deps.pg, { fillIds: campaign.fillIds })).map(
        (c) => ({ ...c, phase: c.phase as CheckDto['phase'] }),
      )
      return { campaign, fills: fills.map(toFillDto), contexts, checks }
    },
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Regroups what a pulled page of sync changes touched, after the page's own transaction: the
 * series of pulled fills and of pulled import batches (an undo on another device) are regrouped
 * from their last flat point; the series of fills whose decision context (or whose context's
 * strategy) changed are replayed whole, since a stop or a strategy name sits in the summaries.
 *
 * @param changesJson the page as pulled: a JSON array of `{ t, r }` changes (table, row image)
 */
export async function regroupPulled(deps: Deps, changesJson: string): Promise<void> {
  const parsed: unknown = JSON.parse(changesJson)
  if (!Array.isArray(parsed)) return
  const fillSeries = new Map<string, { account: string; symbol: string }>()
  const batchIds = new Set<string>()
  const contextFills = new Set<string>()
  const strategyIds = new Set<string>()
  for (const change of parsed as { t?: unknown; r?: unknown }[]) {
    const row = change?.r
    if (typeof row !== 'object' || row === null) continue
    const r = row as Record<string, unknown>
    const text = (key: string) => (typeof r[key] === 'string' ? r[key] : null)
    // Ids go into uuid[] parameters; a malformed one (a quarantined change) names nothing here.
    const id = (key: string) => {
      const value = text(key)
      return value !== null && UUID.test(value) ? value : null
    }
    if (change.t === 'trade_fills') {
      const account = text('account')
      const symbol = text('symbol')
      if (account !== null && symbol !== null) {
        fillSeries.set(`${account}\u0000${symbol}`, { account, symbol })
      }
    } else if (change.t === 'import_batches') {
      const batchId = id('id')
      if (batchId !== null) batchIds.add(batchId)
    } else if (change.t === 'decision_contexts') {
      const fillId = id('fill_id')
      if (fillId !== null) contextFills.add(fillId)
    } else if (change.t === 'strategies') {
      const strategyId = id('id')
      if (strategyId !== null) strategyIds.add(strategyId)
    }
  }
  if (
    fillSeries.size + batchIds.size + contextFills.size + strategyIds.size === 0 ||
    !(await summariesAreCurrent(deps.pg))
  ) {
    // Nothing of the journal, or no summaries yet: the first read rebuilds them all.
    return
  }
  await deps.pg.transaction(async (tx) => {
    const touched = await seriesOfPulled(tx, [...batchIds], [...contextFills], [...strategyIds])
    for (const s of touched.regroup) fillSeries.set(`${s.account}\u0000${s.symbol}`, s)
    for (const s of fillSeries.values()) {
      await rebuildCampaigns(deps, { accounts: [s.account], symbols: [s.symbol] }, tx)
    }
    for (const s of touched.replay) {
      await rebuildCampaigns(deps, { accounts: [s.account], symbols: [s.symbol] }, tx, {
        force: true,
      })
    }
  })
}
