import type { JournalHandlers } from '../contract/journal'
import type { DataDomain } from '../contract/events'
import type { Deps } from '../deps'
import {
  acknowledge,
  findChecks,
  getContext,
  removeContext,
  saveContext,
} from '../services/journal/context'
import { findEntries, removeEntry, writeEntry } from '../services/journal/entries'
import {
  getRiskProfile,
  getRules,
  replaceRules,
  updateRiskProfile,
} from '../services/journal/profile'
import { journalStats } from '../services/journal/stats'

/** Handlers of the journal channels: statistics, contexts, checks, rules, profile, entries. */
export function journalHandlers(deps: Deps): JournalHandlers {
  // Announces a write once it has committed: contexts and checks are shown on campaigns too.
  const changed = <T>(domains: DataDomain[], value: T): T => {
    deps.emit('data-changed', { domains })
    return value
  }
  return {
    'journal-stats': async (input) => journalStats(deps, input ?? {}),

    'context-save': async (input) =>
      changed(['journal', 'campaigns'], await saveContext(deps.db, input)),

    'context-get': async ({ fillId }) => getContext(deps.db, fillId),

    'context-delete': async ({ fillId }) =>
      changed(['journal', 'campaigns'], await removeContext(deps.db, fillId)),

    'checks-list': async (input) => findChecks(deps.db, input),

    'check-acknowledge': async ({ checkId, action }) =>
      changed(['journal', 'campaigns'], await acknowledge(deps.db, checkId, action)),

    'rules-get': async () => getRules(deps.db),

    'rules-save': async ({ rules }) => changed(['journal'], await replaceRules(deps.db, rules)),

    'profile-get': async () => getRiskProfile(deps.db),

    'profile-save': async (input) => changed(['journal'], await updateRiskProfile(deps.db, input)),

    'journal-list-entries': async (input) => findEntries(deps.db, input),

    'journal-save-entry': async (input) => changed(['journal'], await writeEntry(deps.db, input)),

    'journal-delete-entry': async ({ id }) => changed(['journal'], await removeEntry(deps.db, id)),
  }
}
