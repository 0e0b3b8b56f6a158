import type { Db } from '../../../../db/client'
import {
  deactivateProbeStrategiesExcept,
  storedCatalogueVersion,
  upsertProbeStrategies,
  type ProbeStrategyWrite,
} from '../../../../db/repos/probe-strategies-repo'
import type { Catalogue } from '../../domain/probes/catalogue'

/** What a seeding did. */
export type SeedOutcome = {
  version: number
  /** The version stored before; equal to or above `version` means nothing was written. */
  storedVersion: number
  written: number
  deactivated: number
}

/**
 * Seeds `strategy.probe_strategies` from a catalogue when the table holds an older version, in
 * one transaction: every entry upserted by `name` (its `details` the entry's rules, orders,
 * source and version) and marked active, every active row the catalogue no longer names marked
 * inactive (never deleted, so stored results stay readable). The same version again writes
 * nothing.
 */
export async function seedCatalogue(db: Db, catalogue: Catalogue): Promise<SeedOutcome> {
  return db.transaction(async (tx) => {
    const storedVersion = await storedCatalogueVersion(tx)
    const version = catalogue.version
    if (storedVersion >= version) return { version, storedVersion, written: 0, deactivated: 0 }
    const rows: ProbeStrategyWrite[] = catalogue.strategies.map((e) => ({
      name: e.name,
      displayName: e.displayName,
      philosophy: e.philosophy,
      strategyType: e.strategyType,
      direction: e.direction,
      details: {
        catalogueVersion: version,
        source: e.source,
        rules: e.rules,
        ...(e.orders === undefined ? {} : { orders: e.orders }),
      },
    }))
    const written = await upsertProbeStrategies(tx, rows)
    const deactivated = await deactivateProbeStrategiesExcept(
      tx,
      rows.map((r) => r.name),
    )
    return { version, storedVersion, written, deactivated }
  })
}
