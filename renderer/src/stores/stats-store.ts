import { create } from 'zustand'
import type { JournalStatsDto } from '../../../electron/core/contract/index'
import { callSafe, on } from '../api/client'
import type { Loadable } from './app-store'

type StatsState = {
  account: string | null
  currency: string | null
  stats: Loadable<JournalStatsDto>
  load: () => Promise<void>
  setFilter: (filter: { account?: string | null; currency?: string | null }) => void
}

/** The statistics dashboard: `journal-stats` for one account (or all). */
export const useStatsStore = create<StatsState>()((set, get) => ({
  account: null,
  currency: null,
  stats: { status: 'idle' },
  async load() {
    const { account, currency } = get()
    set({ stats: { status: 'loading' } })
    const result = await callSafe('journal-stats', {
      ...(account ? { account } : {}),
      ...(currency ? { currency } : {}),
    })
    set({
      stats: result.ok
        ? { status: 'ready', value: result.value }
        : { status: 'error', error: result.error },
    })
  },
  setFilter(filter) {
    set({
      ...(filter.account !== undefined ? { account: filter.account } : {}),
      ...(filter.currency !== undefined ? { currency: filter.currency } : {}),
    })
    void get().load()
  },
}))

// New fills or notes change the figures: refresh a dashboard that has been shown.
on('data-changed', ({ domain }) => {
  if (domain !== 'fills' && domain !== 'journal') return
  const state = useStatsStore.getState()
  if (state.stats.status !== 'idle') void state.load()
})
