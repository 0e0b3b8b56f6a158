import {
  listProbeStrategies,
  storedCatalogueVersion,
} from '../../../db/repos/probe-strategies-repo'
import type { CatalogueStrategyDto, ProbesHandlers } from '../contract/probes'
import type { Deps } from '../deps'
import type { StrategyFamily } from '../domain/probes/catalogue'

/** The `probes-*` channels of the catalogue. */
export function probesHandlers(deps: Deps): ProbesHandlers {
  return {
    'probes-catalogue': async (input) => {
      const rows = await listProbeStrategies(deps.db, input)
      const strategies = rows.map((r): CatalogueStrategyDto => ({
        ...r,
        strategyType: r.strategyType as StrategyFamily,
      }))
      return { version: await storedCatalogueVersion(deps.db), strategies }
    },
  }
}
