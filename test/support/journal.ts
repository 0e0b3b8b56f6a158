import type { PGlite } from '@electric-sql/pglite'

/** Every table a journal test writes, children first. */
export const JOURNAL_TABLES = [
  'journal.campaign_checks',
  'journal.decision_contexts',
  'journal.campaign_summaries',
  'journal.campaign_stale_series',
  'journal.campaign_fills',
  'journal.journal_entries',
  'journal.trade_fills',
  'journal.import_batches',
  'core.user_rules',
  'core.user_profiles',
  'strategy.strategies',
  'core.user_accounts',
]

/**
 * Empties the journal of a test core between tests: fills (the ledger refuses deletes, so its
 * guard is lifted for this one statement), campaigns, contexts, entries, rules and the profile.
 */
export async function resetJournal(pg: PGlite): Promise<void> {
  await pg.exec(`
    SET edgebook.ledger_bypass = 'on';
    TRUNCATE ${JOURNAL_TABLES.join(', ')} CASCADE;
    RESET edgebook.ledger_bypass;`)
}
