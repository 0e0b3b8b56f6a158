import { create } from 'zustand'
import type {
  JournalEntryDto,
  ProfileDto,
  RawIn,
  RuleDto,
  WireError,
} from '../../../electron/core/contract/index'
import { call, callSafe, onDataChanged, toWireError } from '../api/client'
import type { Loadable } from './app-store'

type JournalState = {
  entries: Loadable<JournalEntryDto[]>
  rules: Loadable<RuleDto[]>
  profile: Loadable<ProfileDto>
  loadEntries: () => Promise<void>
  saveEntry: (input: RawIn<'journal-save-entry'>) => Promise<WireError | null>
  deleteEntry: (id: string) => Promise<WireError | null>
  loadRules: () => Promise<void>
  saveRules: (rules: RawIn<'rules-save'>['rules']) => Promise<WireError | null>
  saveProfile: (profile: RawIn<'profile-save'>) => Promise<WireError | null>
}

/** Journal entries per day and the trader's rules and risk profile. */
export const useJournalStore = create<JournalState>()((set, get) => ({
  entries: { status: 'idle' },
  rules: { status: 'idle' },
  profile: { status: 'idle' },

  async loadEntries() {
    if (get().entries.status !== 'ready') set({ entries: { status: 'loading' } })
    const result = await callSafe('journal-list-entries', {})
    set({
      entries: result.ok
        ? { status: 'ready', value: result.value }
        : { status: 'error', error: result.error },
    })
  },

  async saveEntry(input) {
    try {
      await call('journal-save-entry', input)
    } catch (err) {
      return toWireError(err)
    }
    await get().loadEntries()
    return null
  },

  async deleteEntry(id) {
    try {
      await call('journal-delete-entry', { id })
    } catch (err) {
      return toWireError(err)
    }
    await get().loadEntries()
    return null
  },

  async loadRules() {
    const [rules, profile] = await Promise.all([
      callSafe('rules-get', {}),
      callSafe('profile-get', {}),
    ])
    set({
      rules: rules.ok
        ? { status: 'ready', value: rules.value }
        : { status: 'error', error: rules.error },
      profile: profile.ok
        ? { status: 'ready', value: profile.value }
        : { status: 'error', error: profile.error },
    })
  },

  async saveRules(rules) {
    try {
      const saved = await call('rules-save', { rules })
      set({ rules: { status: 'ready', value: saved } })
      return null
    } catch (err) {
      return toWireError(err)
    }
  },

  async saveProfile(profile) {
    try {
      const saved = await call('profile-save', profile)
      set({ profile: { status: 'ready', value: saved } })
      return null
    } catch (err) {
      return toWireError(err)
    }
  },
}))

// Entries written elsewhere (another window, a sync pull): refresh a list that has been shown.
onDataChanged(['journal'], () => {
  const state = useJournalStore.getState()
  if (state.entries.status !== 'idle') void state.loadEntries()
})
