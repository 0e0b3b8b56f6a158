import type { Db } from '../../db/client'
import type { Emit } from './contract/events'
import type { UploadStore } from './files/uploads'
import type { JobRunner } from './jobs/runner'
import type { ProviderEndpoints } from './providers/endpoints'
import type { ClosedCampaignStore } from './services/journal/closed-campaigns'

/** What every handler factory receives: the database, the event sink and a few facts. */
export type Deps = {
  /**
   * The database: the one handle repos take (`Handle` in db/query.ts). COPY and the sync
   * engine's raw SQL reach the embedded client behind it through `rawOf(deps.db)`.
   */
  db: Db
  dataDir: string | null
  emit: Emit
  appVersion: string
  startedAt: number
  /** Market-data provider endpoints; fixed at open, never from a request. */
  providerEndpoints: ProviderEndpoints
  /** Closed campaigns the statistics read, kept decoded between reads of this core. */
  closedCampaigns: ClosedCampaignStore
  /** This core's long work (batch grids now) and engine workers; closed with the core. */
  jobs: JobRunner
  /** Files pages uploaded once (`file-upload`), held until an import uses them. */
  uploads: UploadStore
}
