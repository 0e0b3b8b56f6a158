import { create } from 'zustand'
import type { JournalStatsDto } from '../../../electron/core/contract/index'
import { callSafe, onDataChanged } from '../api/client'
import type { Loadable } from './app-store'
import { useZoneStore } from './zone-store'

/** What the dashboard can narrow: account, currency and a range of closing days. */
export type StatsFilter = {
  account?: string | null
  currency?: string | null
  from?: string | null
  to?: string | null
}

type StatsState = {
  account: string | null
  /** The currency asked for; null lets the core pick the one with the most closed campaigns. */
  currency: string | null
  /** Days (`YYYY-MM-DD`, inclusive, in the display zone) of the closed campaigns counted. */
  from: string | null
  to: string | null
  stats: Loadable<JournalStatsDto>
  /** Whether a refresh is running while `stats` still shows the last answer. */
  isRefreshing: boolean
  load: () => Promise<void>
  /** Changes the filter and reloads; another account starts again from its main currency. */
  setFilter: (filter: StatsFilter) => void
}

// Number of the latest request: an answer that arrives after a newer request is dropped, so
// switching currencies quickly never ends on the figures of an earlier choice.
let latest = 0

/**
 * The statistics dashboard: `journal-stats` for one account (or all) in one currency. A refresh
 * keeps showing the last answer, so the filters keep their place and focus.
 */
export const useStatsStore = create<StatsState>()((set, get) => ({
  account: null,
  currency: null,
  from: null,
  to: null,
  stats: { status: 'idle' },
  isRefreshing: false,
  async load() {
    const { account, currency, from, to, stats } = get()
    const request = ++latest
    if (stats.status === 'ready') set({ isRefreshing: true })
    else set({ stats: { status: 'loading' } })
    const result = await callSafe('journal-stats', {
      ...(account ? { account } : {}),
      ...(currency ? { currency } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      // Calendar days, weekdays and hours in the display zone the trader sees everywhere else.
      timeZone: useZoneStore.getState().zone,
    })
    if (request !== latest) return
    set({
      isRefreshing: false,
      stats: result.ok
        ? { status: 'ready', value: result.value }
        : { status: 'error', error: result.error },
    })
  },
  setFilter(filter) {
    const isNewAccount = filter.account !== undefined && filter.account !== get().account
    set({
      ...(filter.account !== undefined ? { account: filter.account } : {}),
      ...(filter.currency !== undefined
        ? { currency: filter.currency }
        : isNewAccount
          ? { currency: null }
          : {}),
      ...(filter.from !== undefined ? { from: filter.from } : {}),
      ...(filter.to !== undefined ? { to: filter.to } : {}),
    })
    void get().load()
  },
}))

// Another display zone moves trades to other days and hours.
useZoneStore.subscribe((state, previous) => {
  if (state.zone === previous.zone) return
  const stats = useStatsStore.getState()
  if (stats.stats.status !== 'idle') void stats.load()
})

// New fills, campaigns or notes change the figures: refresh a dashboard that has been shown.
onDataChanged(['fills', 'campaigns', 'journal'], () => {
  const state = useStatsStore.getState()
  if (state.stats.status !== 'idle') void state.load()
})
