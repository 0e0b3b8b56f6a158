import type { DataDomain } from '../contract/events'

// Synced tables outside the `journal`/`market`/`backtest`/`strategy` schemas that the journal
// views read: the profile and rules drive checks and the display zone.
const JOURNAL_CORE_TABLES = new Set(['user_accounts', 'user_profiles', 'user_rules'])

/**
 * The data domains a row of `schema.table` belongs to, i.e. the views a change to it can alter.
 * Fills and import batches regroup campaigns; contexts and checks are shown on campaigns.
 * A table no view reads (sync's own bookkeeping, an unknown table) belongs to none.
 */
export function domainsOfTable(schema: string, table: string): DataDomain[] {
  switch (schema) {
    case 'journal':
      if (table === 'trade_fills' || table === 'import_batches') return ['fills', 'campaigns']
      if (table === 'decision_contexts' || table === 'campaign_checks')
        return ['journal', 'campaigns']
      return ['journal']
    case 'core':
      return JOURNAL_CORE_TABLES.has(table) ? ['journal'] : []
    case 'strategy':
      return ['strategy']
    case 'market':
      return ['market']
    case 'backtest':
      return ['backtest']
    default:
      return []
  }
}

/**
 * The domains of a page of pulled changes (`[{ sc, t, … }]`, as `sync.apply_pulled` reads it),
 * each once, in the order first met.
 */
export function domainsOfChanges(changes: readonly { sc?: unknown; t?: unknown }[]): DataDomain[] {
  const seen = new Set<string>()
  const domains = new Set<DataDomain>()
  for (const change of changes) {
    if (typeof change.sc !== 'string' || typeof change.t !== 'string') continue
    const key = `${change.sc}.${change.t}`
    if (seen.has(key)) continue
    seen.add(key)
    for (const domain of domainsOfTable(change.sc, change.t)) domains.add(domain)
  }
  return [...domains]
}
