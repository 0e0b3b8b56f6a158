import { create } from 'zustand'
import type {
  SyncConflict,
  SyncConnectionTest,
  SyncResult,
  SyncStatus,
  WireError,
} from '../../../electron/core/contract/index'
import { callSafe, on } from '../api/client'
import { useAppStore, type Loadable, type SyncStatus as DotStatus } from './app-store'

type SyncStoreState = {
  status: Loadable<SyncStatus>
  conflicts: Loadable<SyncConflict[]>
  test: Loadable<SyncConnectionTest>
  lastResult: SyncResult | null
  actionError: WireError | null
  isBusy: boolean
  loadStatus: () => Promise<void>
  loadConflicts: () => Promise<void>
  testConnection: (url?: string) => Promise<void>
  configure: (url?: string, passphrase?: string) => Promise<void>
  /** The error of the last unlock attempt, in words (a wrong passphrase says so). */
  unlockError: string | null
  /** Opens the passphrase-protected server file and resumes background sync. */
  unlock: (passphrase: string) => Promise<boolean>
  syncNow: (reason?: 'manual' | 'focus') => Promise<void>
  setPaused: (isPaused: boolean) => Promise<void>
  resolve: (id: number, keep: 'mine' | 'theirs') => Promise<void>
}

/** Maps the core's sync state onto the status-bar dot. */
function dotFor(status: SyncStatus): { dot: DotStatus; message: string } {
  switch (status.state) {
    case 'unconfigured':
      return { dot: 'off', message: 'Sync is not configured' }
    case 'paused':
      return { dot: 'off', message: `Sync paused, ${status.pending} change(s) waiting` }
    case 'syncing':
      return { dot: 'syncing', message: 'Syncing…' }
    case 'offline':
    case 'error':
      return { dot: 'error', message: status.message ?? status.reason ?? 'Sync failed' }
    case 'idle':
      return {
        dot: 'idle',
        message:
          status.pending > 0 ? `${status.pending} change(s) waiting` : 'Everything is synced',
      }
  }
}

/** Sync page state, and the status-bar dot everywhere (events from the core keep it fresh). */
export const useSyncStore = create<SyncStoreState>()((set, get) => ({
  status: { status: 'idle' },
  conflicts: { status: 'idle' },
  test: { status: 'idle' },
  lastResult: null,
  actionError: null,
  unlockError: null,
  isBusy: false,
  async loadStatus() {
    const result = await callSafe('sync-status', {})
    if (result.ok) {
      const { dot, message } = dotFor(result.value)
      useAppStore.getState().setSyncStatus(dot, message)
      set({ status: { status: 'ready', value: result.value } })
    } else set({ status: { status: 'error', error: result.error } })
  },
  async loadConflicts() {
    const result = await callSafe('sync-conflicts', {})
    set({
      conflicts: result.ok
        ? { status: 'ready', value: result.value }
        : { status: 'error', error: result.error },
    })
  },
  async testConnection(url) {
    set({ test: { status: 'loading' } })
    const result = await callSafe('sync-test-connection', url ? { url } : {})
    set({
      test: result.ok
        ? { status: 'ready', value: result.value }
        : { status: 'error', error: result.error },
    })
  },
  async configure(url, passphrase) {
    set({ isBusy: true, actionError: null })
    const result = await callSafe('sync-configure', {
      ...(url ? { url } : {}),
      ...(passphrase ? { passphrase } : {}),
    })
    set({ isBusy: false, actionError: result.ok ? null : result.error })
    await get().loadStatus()
  },
  async unlock(passphrase) {
    set({ isBusy: true, unlockError: null })
    const result = await callSafe('sync-configure', { passphrase })
    set({ isBusy: false, unlockError: result.ok ? null : result.error.message })
    await Promise.all([get().loadStatus(), get().loadConflicts()])
    return result.ok
  },
  async syncNow(reason = 'manual') {
    set({ isBusy: true, actionError: null })
    const result = await callSafe('sync-now', { reason })
    set({
      isBusy: false,
      actionError: result.ok ? null : result.error,
      lastResult: result.ok ? result.value : get().lastResult,
    })
    await Promise.all([get().loadStatus(), get().loadConflicts()])
  },
  async setPaused(isPaused) {
    const result = await callSafe(isPaused ? 'sync-pause' : 'sync-resume', {})
    set({ actionError: result.ok ? null : result.error })
    await get().loadStatus()
  },
  async resolve(id, keep) {
    const result = await callSafe('sync-resolve-conflict', { id, keep })
    set({ actionError: result.ok ? null : result.error })
    await Promise.all([get().loadConflicts(), get().loadStatus()])
  },
}))

// The dot lives in the status bar on every page, so the store listens from app start.
on('sync-event', (event) => {
  const store = useSyncStore.getState()
  if (event.type === 'sync-started') useAppStore.getState().setSyncStatus('syncing', 'Syncing…')
  else void store.loadStatus()
  if (event.type === 'conflicts') void store.loadConflicts()
})
// Start background sync at launch when a server is stored (vault, environment); without one
// the core answers not-found and the dot stays off.
void callSafe('sync-configure', {}).then(() => useSyncStore.getState().loadStatus())
window.addEventListener('focus', () => {
  const status = useSyncStore.getState().status
  if (status.status === 'ready' && status.value.isConfigured && !status.value.isPaused)
    void useSyncStore.getState().syncNow('focus')
})
