import type { SeedRef } from './tables'

/** A view, function or trigger created by a custom migration. */
export type DbObjectMeta = {
  kind: 'view' | 'function'
  /** `schema.name` */
  name: string
  purpose: string
  realises: SeedRef[]
  deviations: string[]
}

/** Views and functions; `db:check` finds each one's CREATE statement in the migrations. */
export const objectRegistry: DbObjectMeta[] = [
  {
    kind: 'function',
    name: 'core.update_updated_at_column',
    purpose:
      'BEFORE UPDATE trigger function keeping updated_at current; every table with updated_at has a trigger using it. SET LOCAL edgebook.preserve_updated_at = on keeps the incoming value (applying a change pulled from another device)',
    realises: [{ seed: '004', table: 'update_updated_at_column' }],
    deviations: [
      'lives in schema core and applies to every table with updated_at, not only the four of seed 004',
      'the edgebook.preserve_updated_at session setting is ours',
    ],
  },
  {
    kind: 'function',
    name: 'journal.reject_ledger_mutation',
    purpose:
      'Trigger function making journal.trade_fills insert-only; DELETE passes only under SET LOCAL edgebook.ledger_bypass = on (discarding an import batch that never synced)',
    realises: [],
    deviations: ['not in the seeds: seed 001 calls trade_fills an immutable ledger'],
  },
  {
    kind: 'view',
    name: 'ai_trading.enriched_ai_signals',
    purpose:
      'Each AI signal with its model, its latest evaluation and the last 1Day close at or before the signal',
    realises: [{ seed: '003', table: 'enriched_ai_signals' }],
    deviations: [
      'the seed describes the view in prose only; the market context is the daily close',
    ],
  },
  {
    kind: 'view',
    name: 'ai_trading.latest_model_performance',
    purpose: 'The newest model_performance row of each active model',
    realises: [{ seed: '003', table: 'latest_model_performance' }],
    deviations: ['the seed describes the view in prose only'],
  },
  {
    kind: 'function',
    name: 'ai_trading.cleanup_old_feature_data',
    purpose: 'Deletes feature_data older than retention_days (default 90); returns the count',
    realises: [{ seed: '003', table: 'cleanup_old_feature_data' }],
    deviations: ['takes the retention window as a parameter (the seed states the 90-day default)'],
  },
  {
    kind: 'function',
    name: 'ai_trading.update_model_performance',
    purpose:
      'Computes a model’s accuracy, returns, drawdown, volatility and win rate over a date range from its evaluated signals and stores a model_performance row',
    realises: [{ seed: '003', table: 'update_model_performance' }],
    deviations: [
      'the seed names the function only: metrics are computed from signal_performance (latest evaluation per signal); Sharpe is not annualised',
    ],
  },
]

/** Things the seeds describe that are deliberately not schema objects. */
export const notRealised: { seed: string; what: string; why: string }[] = [
  {
    seed: '001',
    what: 'dropped tables trade_intents, trade_evaluations, trade_evaluation_items, position_campaigns, campaign_legs, leg_fill_map, position_lots, lot_closures',
    why: 'the seed itself removed them (its migration 026); fills, decision contexts and campaign_fills replace them',
  },
  {
    seed: '001',
    what: 'Alembic migration history, Docker services, connection pool settings',
    why: 'drizzle-kit migrations and an embedded PGlite replace them',
  },
  {
    seed: '002',
    what: 'Redis key patterns (feature cache, model cache, trading state, system state, WebSocket cache)',
    why: 'Redis structures are caches, not tables; the app keeps such state in memory',
  },
  {
    seed: '002',
    what: 'TimescaleDB hypertables, chunk intervals, compression and retention policies',
    why: 'TimescaleDB is not available in PGlite nor required on the sync server: plain tables with natural keys',
  },
  {
    seed: '003',
    what: 'Railway deployment notes',
    why: 'not schema; the shared server is any PostgreSQL 15+',
  },
]
