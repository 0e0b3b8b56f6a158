import { create } from 'zustand'
import { DATA_DOMAINS } from '../../../electron/core/contract/index'
import type { SystemInfo, WireError } from '../../../electron/core/contract/index'
import { callSafe, onDataChanged, transportKind } from '../api/client'

/** The theme the user picked; `system` follows the OS setting. */
export type ThemePreference = 'system' | 'light' | 'dark'

/** The sync dot in the status bar; the sync feature sets it, `off` until one is configured. */
export type SyncStatus = 'off' | 'idle' | 'syncing' | 'error'

/** Data fetched through the client, with its loading and error state. */
export type Loadable<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; value: T }
  | { status: 'error'; error: WireError }

type AppState = {
  transport: 'ipc' | 'http'
  theme: ThemePreference
  systemInfo: Loadable<SystemInfo>
  sync: { status: SyncStatus; message: string }
  /** Fetches `system-info` (status bar, Settings); a refresh keeps showing the last answer. */
  loadSystemInfo: () => Promise<void>
  /** Refreshes `system-info` whenever the core reports changed data; returns the unsubscribe. */
  watchCore: () => () => void
  setTheme: (theme: ThemePreference) => void
  setSyncStatus: (status: SyncStatus, message: string) => void
}

const THEME_KEY = 'edgebook.theme'

function readTheme(): ThemePreference {
  const stored = localStorage.getItem(THEME_KEY)
  return stored === 'light' || stored === 'dark' || stored === 'system' ? stored : 'system'
}

/** Shell state: theme, `system-info`, transport and the sync dot. */
export const useAppStore = create<AppState>()((set, get) => ({
  transport: transportKind,
  theme: readTheme(),
  systemInfo: { status: 'idle' },
  sync: { status: 'off', message: 'Sync is not configured' },
  async loadSystemInfo() {
    if (get().systemInfo.status !== 'ready') set({ systemInfo: { status: 'loading' } })
    const result = await callSafe('system-info', {})
    set({
      systemInfo: result.ok
        ? { status: 'ready', value: result.value }
        : { status: 'error', error: result.error },
    })
  },
  watchCore() {
    // An import emits one event per batch; coalesce a burst into one refresh at a time.
    let isRunning = false
    let isQueued = false
    const refresh = async (): Promise<void> => {
      if (isRunning) {
        isQueued = true
        return
      }
      isRunning = true
      try {
        await get().loadSystemInfo()
      } finally {
        isRunning = false
      }
      if (isQueued) {
        isQueued = false
        void refresh()
      }
    }
    // Row counts of every domain: any write changes them.
    return onDataChanged(DATA_DOMAINS, () => void refresh())
  },
  setTheme(theme) {
    localStorage.setItem(THEME_KEY, theme)
    set({ theme })
  },
  setSyncStatus(status, message) {
    set({ sync: { status, message } })
  },
}))
