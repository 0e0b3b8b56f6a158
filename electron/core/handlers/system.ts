import type { SystemHandlers } from '../contract/system'
import type { Deps } from '../deps'
import { pingDb } from '../../../db/repos/system-repo'
import { systemInfo } from '../services/system/info'

/** The `system-*` channels: what the app and its database are, and whether they answer. */
export function systemHandlers(deps: Deps): SystemHandlers {
  return {
    'system-info': async () => systemInfo(deps),
    'system-health': async () => {
      const started = performance.now()
      await pingDb(deps.db)
      return {
        ok: true,
        uptimeMs: Date.now() - deps.startedAt,
        dbLatencyMs: performance.now() - started,
      }
    },
  }
}
