import { create } from 'zustand'
import type {
  BarSeries,
  CampaignDetail,
  CampaignDto,
  CampaignPage,
  RawIn,
  TraderAction,
  WireError,
} from '../../../electron/core/contract/index'
import { call, callSafe, onDataChanged, toWireError } from '../api/client'
import type { Loadable } from './app-store'

/** Bars around a campaign for its chart; null when no stored series covers the symbol. */
export type CampaignBars = { timeframe: string; series: BarSeries } | null

/** How the list is ordered: a column of the stored summaries and a direction. */
export type CampaignOrder = {
  sort: 'opened' | 'closed' | 'symbol' | 'net'
  direction: 'asc' | 'desc'
}

/** Rows per page of the campaigns list. */
export const CAMPAIGN_PAGE_SIZE = 200

type CampaignState = {
  /** Account filter of the list; null shows every account. */
  account: string | null
  status: CampaignDto['status'] | null
  /** Text found anywhere in the symbol, any case; empty shows every symbol. */
  symbol: string
  order: CampaignOrder
  /** First row of the page shown. */
  offset: number
  list: Loadable<CampaignPage>
  detailId: string | null
  detail: Loadable<CampaignDetail>
  bars: Loadable<CampaignBars>
  loadList: () => Promise<void>
  setFilter: (filter: {
    account?: string | null
    status?: CampaignDto['status'] | null
    symbol?: string
  }) => void
  setOrder: (order: CampaignOrder) => void
  setOffset: (offset: number) => void
  openDetail: (groupId: string) => Promise<void>
  rebuild: () => Promise<WireError | null>
  /** Saves a decision context and refreshes the open campaign; returns the error, if any. */
  saveContext: (input: RawIn<'context-save'>) => Promise<WireError | null>
  deleteContext: (fillId: string) => Promise<WireError | null>
  acknowledge: (checkId: string, action: TraderAction) => Promise<WireError | null>
}

// Finer timeframes first: the chart wants the most detail that still covers the campaign.
const TIMEFRAME_ORDER = ['1Min', '5Min', '15Min', '30Min', '1Hour', '4Hour', '1Day', '1Week']

async function loadBars(campaign: CampaignDto): Promise<CampaignBars> {
  const coverage = await callSafe('bars-coverage', { symbol: campaign.symbol, maxGaps: 0 })
  if (!coverage.ok || coverage.value.length === 0) return null
  const opened = Date.parse(campaign.openedAt)
  const closed = campaign.closedAt ? Date.parse(campaign.closedAt) : Date.now()
  const candidates = [...coverage.value].sort((a, b) => rank(a.timeframe) - rank(b.timeframe))
  for (const series of candidates) {
    const span = Math.max(closed - opened, 60_000)
    const from = new Date(opened - span * 2).toISOString()
    const to = new Date(closed + span * 2).toISOString()
    const bars = await callSafe('bars-get', {
      symbol: campaign.symbol,
      timeframe: series.timeframe,
      from,
      to,
      limit: 5000,
    })
    if (bars.ok && bars.value.time.length > 1) {
      return { timeframe: series.timeframe, series: bars.value }
    }
  }
  return null
}

function rank(timeframe: string): number {
  const i = TIMEFRAME_ORDER.indexOf(timeframe)
  return i < 0 ? TIMEFRAME_ORDER.length : i
}

/** Campaigns list, the open campaign with its fills, contexts, checks and chart bars. */
export const useCampaignStore = create<CampaignState>()((set, get) => ({
  account: null,
  status: null,
  symbol: '',
  order: { sort: 'opened', direction: 'desc' },
  offset: 0,
  list: { status: 'idle' },
  detailId: null,
  detail: { status: 'idle' },
  bars: { status: 'idle' },

  async loadList() {
    const { account, status, symbol, order, offset, list } = get()
    if (list.status !== 'ready') set({ list: { status: 'loading' } })
    const asked = { account, status, symbol, order, offset }
    const result = await callSafe('campaigns-list', {
      ...(account ? { account } : {}),
      ...(status ? { status } : {}),
      ...(symbol.trim() ? { symbol: symbol.trim() } : {}),
      ...order,
      offset,
      limit: CAMPAIGN_PAGE_SIZE,
    })
    // A later request (the trader typed on) answers for the list on screen.
    const now = get()
    if (
      now.account !== asked.account ||
      now.status !== asked.status ||
      now.symbol !== asked.symbol ||
      now.order !== asked.order ||
      now.offset !== asked.offset
    )
      return
    set({
      list: result.ok
        ? { status: 'ready', value: result.value }
        : { status: 'error', error: result.error },
    })
  },

  setFilter(filter) {
    set({
      ...(filter.account !== undefined ? { account: filter.account } : {}),
      ...(filter.status !== undefined ? { status: filter.status } : {}),
      ...(filter.symbol !== undefined ? { symbol: filter.symbol } : {}),
      offset: 0,
    })
    void get().loadList()
  },

  setOrder(order) {
    set({ order, offset: 0 })
    void get().loadList()
  },

  setOffset(offset) {
    set({ offset: Math.max(0, offset) })
    void get().loadList()
  },

  async openDetail(groupId) {
    set({ detailId: groupId, detail: { status: 'loading' }, bars: { status: 'loading' } })
    const result = await callSafe('campaigns-get', { groupId })
    if (get().detailId !== groupId) return
    if (!result.ok) {
      set({ detail: { status: 'error', error: result.error }, bars: { status: 'idle' } })
      return
    }
    set({ detail: { status: 'ready', value: result.value } })
    try {
      const bars = await loadBars(result.value.campaign)
      if (get().detailId === groupId) set({ bars: { status: 'ready', value: bars } })
    } catch (err) {
      set({ bars: { status: 'error', error: toWireError(err) } })
    }
  },

  async rebuild() {
    try {
      await call('campaigns-rebuild', {})
      await get().loadList()
      return null
    } catch (err) {
      return toWireError(err)
    }
  },

  async saveContext(input) {
    try {
      await call('context-save', input)
    } catch (err) {
      return toWireError(err)
    }
    await refreshDetail()
    return null
  },

  async deleteContext(fillId) {
    try {
      await call('context-delete', { fillId })
    } catch (err) {
      return toWireError(err)
    }
    await refreshDetail()
    return null
  },

  async acknowledge(checkId, action) {
    try {
      await call('check-acknowledge', { checkId, action })
    } catch (err) {
      return toWireError(err)
    }
    await refreshDetail()
    return null
  },
}))

// After a mutation, refetch the open campaign without flashing the loading state.
async function refreshDetail(): Promise<void> {
  const { detailId } = useCampaignStore.getState()
  if (!detailId) return
  const result = await callSafe('campaigns-get', { groupId: detailId })
  if (result.ok && useCampaignStore.getState().detailId === detailId) {
    useCampaignStore.setState({ detail: { status: 'ready', value: result.value } })
  }
}

// Imports, undos, contexts and pulls change the campaigns: refresh what is on screen.
onDataChanged(['campaigns'], () => {
  const state = useCampaignStore.getState()
  if (state.list.status !== 'idle') void state.loadList()
  void refreshDetail()
})
