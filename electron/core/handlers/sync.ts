import type { SyncHandlers } from '../contract/sync'
import type { Deps } from '../deps'
import { resolveConflict, syncConflicts } from '../sync/conflicts'
import { configureSync, requireSyncUrl, testConnection } from '../sync/connection'
import { syncEngineFor } from '../sync/engine'

/** The `sync-*` channels: the server to sync with, the engine's loop, and conflicts. */
export function syncHandlers(deps: Deps): SyncHandlers {
  const engine = () => syncEngineFor(deps)
  return {
    'sync-configure': async (input) => configureSync(deps, engine(), input),
    'sync-test-connection': async (input) =>
      testConnection(deps, engine(), await requireSyncUrl(deps, engine(), input?.url)),
    'sync-now': async (input) => engine().syncNow(await requireSyncUrl(deps, engine(), input?.url)),
    'sync-status': async () => engine().status(),
    'sync-pause': async () => {
      await engine().setPaused(true)
      return engine().status()
    },
    'sync-resume': async () => {
      await engine().setPaused(false)
      return engine().status()
    },
    'sync-conflicts': async (input) => syncConflicts(deps.db, input?.includeResolved ?? false),
    'sync-resolve-conflict': async (input) => {
      const { conflict, domains } = await resolveConflict(deps.db, input.id, input.keep)
      // The kept version was written again: the views of its table refetch it.
      if (domains.length > 0) deps.emit('data-changed', { domains })
      return conflict
    },
  }
}
