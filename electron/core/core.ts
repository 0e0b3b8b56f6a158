import type { PGlite } from '@electric-sql/pglite'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { openLocalDb, type Db } from '../../db/client'
import { migrateLocal } from '../../db/migrate'
import { storedCatalogueVersion } from '../../db/repos/probe-strategies-repo'
import { readTemplate } from '../../db/template'
import type { Emit } from './contract/events'
import { lockDataDir, type DataDirLock } from './data-dir'
import { UploadStore } from './files/uploads'
import { JobRunner } from './jobs/runner'
import { resolveProviderEndpoints, type ProviderEndpoints } from './providers/endpoints'
import { closeSyncEngine } from './sync/engine'
import type { Deps } from './deps'
import { ClosedCampaignStore } from './services/journal/closed-campaigns'
import { shippedCatalogue, shippedCatalogueVersion } from './services/probes/catalogue'
import { seedCatalogue } from './services/probes/seed-catalogue'
import { createRegistry, type Registry } from './registry'
import { APP_VERSION } from './version'

export type Core = {
  registry: Registry
  deps: Deps
  /** The embedded client behind `deps.db` (`rawOf`), for tests and benches writing raw SQL. */
  pg: PGlite
  close: () => Promise<void>
}

export type OpenCoreOptions = {
  /** The data directory; null opens an in-memory database (tests). */
  dataDir: string | null
  emit?: Emit
  /**
   * Other market-data endpoints (tests point them at a loopback server); https, or http on
   * loopback only. Requests can never choose an endpoint.
   */
  providerEndpoints?: Partial<ProviderEndpoints>
}

// A shipped catalogue that fails validation is a build defect (its test fails first): the core
// still opens with what the table holds, and says why once.
async function seedShippedCatalogue(db: Db): Promise<void> {
  const version = shippedCatalogueVersion()
  if (version !== null && (await storedCatalogueVersion(db)) >= version) return
  const catalogue = shippedCatalogue()
  if (!catalogue.ok) {
    console.error(`probe catalogue not seeded: ${catalogue.error.message}`)
    return
  }
  await seedCatalogue(db, catalogue.value)
}

/**
 * Opens a data directory: takes its lock, opens PGlite, applies pending migrations and binds the
 * registry. The CLI calls this in-process; the Electron and web shells call it inside the core
 * host worker (`host.ts`).
 */
export async function openCore(options: OpenCoreOptions): Promise<Core> {
  const providerEndpoints = resolveProviderEndpoints(options.providerEndpoints)
  const lock: DataDirLock | null = options.dataDir ? lockDataDir(options.dataDir) : null
  try {
    // A new cluster starts from the build's template when one matches the migrations.
    const isNew = options.dataDir === null || !existsSync(join(options.dataDir, 'PG_VERSION'))
    const local = await openLocalDb(options.dataDir, { template: isNew ? readTemplate() : null })
    await migrateLocal(local.db)
    await seedShippedCatalogue(local.db)
    const emit = options.emit ?? (() => undefined)
    const jobs = new JobRunner(local.db, emit)
    // Jobs a previous process left running have no runner anywhere: one process owns the data.
    await jobs.detectOrphans()
    const deps: Deps = {
      db: local.db,
      dataDir: options.dataDir,
      emit,
      appVersion: APP_VERSION,
      startedAt: Date.now(),
      providerEndpoints,
      closedCampaigns: new ClosedCampaignStore(),
      jobs,
      uploads: new UploadStore(),
    }
    const registry = createRegistry(deps)
    let closed = false
    return {
      registry,
      deps,
      pg: local.client,
      close: async () => {
        if (closed) return
        closed = true
        try {
          // This core's jobs stop (resumable) and its engine workers end; no other core's.
          await jobs.close()
          // A sync round in flight must finish or stop before its database goes away.
          await closeSyncEngine(deps)
          await local.close()
        } finally {
          lock?.release()
        }
      },
    }
  } catch (err) {
    lock?.release()
    throw err
  }
}
