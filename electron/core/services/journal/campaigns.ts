import type { Handle } from '../../../../db/query'
import type {
  CampaignDto,
  CampaignFillDto,
  CampaignRebuildResult,
  CampaignRowDto,
} from '../../contract/campaigns'
import type { DecisionContextDto } from '../../contract/journal'
import type { Deps } from '../../deps'
import {
  buildCampaigns,
  buildSeries,
  seriesKey,
  type Campaign,
} from '../../domain/journal/campaigns/fifo-campaigns'
import { summarize, viewOf, type CampaignSummary } from '../../domain/journal/campaigns/summary'
import {
  loadFills,
  replaceCampaignFills,
  replayPoints,
  type FillRow,
  type ReplayPoint,
  type SeriesFilter,
} from '../../../../db/repos/campaign-repo'
import {
  clearStaleSeries,
  deleteSeriesSummaries,
  deleteSummaries,
  groupsWithStops,
  hasStaleSeries,
  insertSummaries,
  listStaleSeries,
  summaryStrategies,
} from '../../../../db/repos/campaign-summary-repo'
import { listContexts, type ContextRow } from '../../../../db/repos/context-repo'

/** Campaigns of the chosen series with what the journal pages show next to them. */
export type ComputedCampaigns = {
  fills: FillRow[]
  campaigns: CampaignDto[]
  /** Domain campaigns, same order as `campaigns`. */
  raw: Campaign[]
  contexts: ContextRow[]
}

/**
 * Groups the live fills of the chosen series into FIFO campaigns from the ledger, with stops and
 * strategies taken from the decision contexts of their fills: the reference every stored
 * summary must equal, and the full detail (legs) of one series.
 */
export async function computeCampaigns(
  q: Handle,
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

/** The stored summaries of `campaigns`, each in the currency of its first fill. */
export function summariesOf(
  campaigns: readonly Campaign[],
  currencyOf: (fillId: string) => string | undefined,
): CampaignSummary[] {
  return campaigns.map((c) => summarize(c, currencyOf(c.groupId) ?? 'USD'))
}

type Totals = Omit<CampaignRebuildResult, 'durationMs' | 'phasesMs'> & {
  phasesMs: { load: number; group: number; write: number }
}

/**
 * Regroups one series from its replay point (or whole, with `isFull`): the membership in
 * `campaign_fills` and the summaries in `campaign_summaries`, both written as differences to
 * what was stored for the replayed part only.
 */
async function regroupSeries(tx: Handle, point: ReplayPoint, isFull: boolean, total: Totals) {
  const tail: SeriesFilter = {
    accounts: [point.account],
    symbols: [point.symbol],
    ...(point.afterFillId && !isFull ? { afterFillId: point.afterFillId } : {}),
  }
  let t = performance.now()
  const fills = await loadFills(tx, tail)
  total.phasesMs.load += performance.now() - t
  t = performance.now()
  const campaigns = buildSeries(fills, { isLean: true })
  const currencyOf = new Map(fills.map((f) => [f.id, f.currency]))
  const summaries = summariesOf(campaigns, (id) => currencyOf.get(id))
  total.phasesMs.group += performance.now() - t
  t = performance.now()
  const written = await replaceCampaignFills(tx, tail, campaigns)
  if (tail.afterFillId === undefined) {
    await deleteSeriesSummaries(tx, point.account, point.symbol)
  } else {
    const gone = new Set(written.previousGroups)
    for (const c of campaigns) gone.add(c.groupId)
    await deleteSummaries(tx, [...gone])
  }
  await insertSummaries(tx, summaries)
  total.phasesMs.write += performance.now() - t
  total.series += 1
  total.campaigns += campaigns.length
  total.fills += fills.length
  total.rows += written.rows
  total.inserted += written.inserted
  total.deleted += written.deleted
}

/**
 * Regroups the chosen series (every series by default), and first every series a sync pull or
 * a migration marked stale, storing membership (`campaign_fills`) and summaries
 * (`campaign_summaries`). Pass the caller's transaction as `q` so its write and the regrouping
 * commit together (PGlite has one connection: a query outside an open transaction would wait
 * for it forever). With `onlyStale`, only the marked series are regrouped.
 */
export async function rebuildCampaigns(
  deps: Deps,
  filter: SeriesFilter = {},
  q?: Handle,
  options: { onlyStale?: boolean } = {},
): Promise<CampaignRebuildResult> {
  const started = performance.now()
  const run = async (tx: Handle): Promise<CampaignRebuildResult> => {
    const total: Totals = {
      series: 0,
      campaigns: 0,
      fills: 0,
      rows: 0,
      inserted: 0,
      deleted: 0,
      phasesMs: { load: 0, group: 0, write: 0 },
    }
    const done = new Set<string>()
    const stale = await listStaleSeries(tx)
    if (stale.length > 0) {
      const full = new Set(stale.filter((s) => s.isFull).map((s) => seriesKey(s.account, s.symbol)))
      const marked = new Set(stale.map((s) => seriesKey(s.account, s.symbol)))
      const t = performance.now()
      const points = await replayPoints(tx, {
        accounts: [...new Set(stale.map((s) => s.account))],
        symbols: [...new Set(stale.map((s) => s.symbol))],
      })
      total.phasesMs.load += performance.now() - t
      for (const point of points) {
        const key = seriesKey(point.account, point.symbol)
        if (!marked.has(key)) continue
        done.add(key)
        const isFull = full.has(key)
        if (point.isUnchanged && !isFull) continue
        await regroupSeries(tx, point, isFull, total)
      }
      // A marked full series with no live fill and no membership left has no replay point:
      // its summaries go with the marks.
      for (const s of stale) {
        if (full.has(seriesKey(s.account, s.symbol)) && !done.has(seriesKey(s.account, s.symbol)))
          await deleteSeriesSummaries(tx, s.account, s.symbol)
      }
      await clearStaleSeries(tx, stale)
    }
    if (!options.onlyStale) {
      const t = performance.now()
      const points = await replayPoints(tx, filter)
      total.phasesMs.load += performance.now() - t
      for (const point of points) {
        if (point.isUnchanged || done.has(seriesKey(point.account, point.symbol))) continue
        await regroupSeries(tx, point, false, total)
      }
    }
    return {
      ...total,
      durationMs: 0,
      phasesMs: {
        load: Math.round(total.phasesMs.load),
        group: Math.round(total.phasesMs.group),
        write: Math.round(total.phasesMs.write),
      },
    }
  }
  const result = q ? await run(q) : await deps.db.transaction(run)
  return { ...result, durationMs: Math.round(performance.now() - started) }
}

/**
 * Makes the stored campaigns current before a read: regroups the series a sync pull or a
 * migration marked stale, in one transaction (nothing to do, one small query, when none is).
 */
export async function refreshStaleCampaigns(deps: Deps): Promise<void> {
  if (!(await hasStaleSeries(deps.db))) return
  await rebuildCampaigns(deps, {}, undefined, { onlyStale: true })
}

/**
 * Stored summaries as list rows, with what decision contexts add: the strategy of every row,
 * and stop, initial risk and R of the rows whose fills have a stop (recomputed from their
 * series, which only such rows need).
 */
export async function withContextFields(
  q: Handle,
  summaries: readonly CampaignSummary[],
): Promise<CampaignRowDto[]> {
  const ids = summaries.map((s) => s.groupId)
  const strategies = ids.length > 0 ? await summaryStrategies(q, ids) : new Map<string, string>()
  const withStops = await groupsWithStops(q, ids)
  const risk = new Map<string, Pick<CampaignDto, 'stop' | 'initialRisk' | 'rMultiple'>>()
  if (withStops.length > 0) {
    const series = new Map<string, { account: string; symbol: string }>()
    for (const g of withStops) series.set(seriesKey(g.account, g.symbol), g)
    for (const s of series.values()) {
      const computed = await computeCampaigns(q, { accounts: [s.account], symbols: [s.symbol] })
      for (const c of computed.campaigns) {
        risk.set(c.groupId, { stop: c.stop, initialRisk: c.initialRisk, rMultiple: c.rMultiple })
      }
    }
  }
  return summaries.map((s) => ({
    ...viewOf(s),
    strategy: strategies.get(s.groupId) ?? null,
    ...(risk.get(s.groupId) ?? { stop: null, initialRisk: null, rMultiple: null }),
  }))
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
