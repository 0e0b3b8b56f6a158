import { create } from 'zustand'
import type { SystemInfo, WireError } from '../../../electron/core/contract/index'
import { callSafe, transportKind } from '../api/client'

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
  /** Fetches `system-info` (status bar, Settings). */
  loadSystemInfo: () => Promise<void>
  setTheme: (theme: ThemePreference) => void
  setSyncStatus: (status: SyncStatus, message: string) => void
}

const THEME_KEY = 'edgebook.theme'

function readTheme(): ThemePreference {
  const stored = localStorage.getItem(THEME_KEY)
  return stored === 'light' || stored === 'dark' || stored === 'system' ? stored : 'system'
}

/** Shell state: theme, `system-info`, transport and the sync dot. */
export const useAppStore = create<AppState>()((set) => ({
  transport: transportKind,
  theme: readTheme(),
  systemInfo: { status: 'idle' },
  sync: { status: 'off', message: 'Sync is not configured' },
  async loadSystemInfo() {
    set({ systemInfo: { status: 'loading' } })
    const result = await callSafe('system-info', {})
    set({
      systemInfo: result.ok
        ? { status: 'ready', value: result.value }
        : { status: 'error', error: result.error },
    })
  },
  setTheme(theme) {
    localStorage.setItem(THEME_KEY, theme)
    set({ theme })
  },
  setSyncStatus(status, message) {
    set({ sync: { status, message } })
  },
}))
