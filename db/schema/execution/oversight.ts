import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  serial,
  text,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core'
import { createdAt, tstz } from '../columns'
import { execution } from './schema'

/** Emergency stops: trigger, action, positions closed (seed 002 `emergency_events`). */
export const emergencyEvents = execution.table(
  'emergency_events',
  {
    eventId: uuid('event_id').primaryKey().defaultRandom(),
    timestamp: tstz('timestamp').notNull().defaultNow(),
    triggerType: varchar('trigger_type', { length: 32 }).notNull(),
    severity: varchar('severity', { length: 16 }).notNull(),
    description: text('description').notNull(),
    actionTaken: varchar('action_taken', { length: 32 }).notNull(),
    positionsClosed: integer('positions_closed'),
    totalValue: numeric('total_value', { precision: 20, scale: 8 }),
    resolutionTime: tstz('resolution_time'),
    triggeredBy: varchar('triggered_by', { length: 64 }).notNull(),
    metadata: jsonb('metadata'),
  },
  (t) => [
    index('ix_emergency_events_ts_severity').on(t.timestamp, t.severity),
    index('ix_emergency_events_trigger_ts').on(t.triggerType, t.timestamp),
  ],
)

/** Daily performance summary at end of day (seed 000 `performance`). */
export const dailyPerformance = execution.table('performance', {
  date: date('date').primaryKey(),
  startingEquity: doublePrecision('starting_equity'),
  endingEquity: doublePrecision('ending_equity'),
  dailyPnl: doublePrecision('daily_pnl'),
  trades: integer('trades').notNull().default(0),
  wins: integer('wins').notNull().default(0),
  losses: integer('losses').notNull().default(0),
  details: jsonb('details'),
  createdAt: createdAt(),
})

/** Strategies competing for capital (seed 000 `strategy_competition`). */
export const strategyCompetition = execution.table(
  'strategy_competition',
  {
    id: serial('id').primaryKey(),
    timestamp: tstz('timestamp').notNull().defaultNow(),
    strategyName: varchar('strategy_name', { length: 100 }).notNull(),
    score: doublePrecision('score'),
    rank: integer('rank'),
    trades: integer('trades').notNull().default(0),
    winRate: doublePrecision('win_rate'),
    totalPnl: doublePrecision('total_pnl'),
    details: jsonb('details'),
  },
  (t) => [index('ix_strategy_competition_ts').on(t.timestamp)],
)

/** Signals of the paper-trading validation (seed 000 `paper_signals`). */
export const paperSignals = execution.table(
  'paper_signals',
  {
    id: serial('id').primaryKey(),
    timestamp: tstz('timestamp').notNull().defaultNow(),
    symbol: varchar('symbol', { length: 20 }).notNull(),
    signalType: varchar('signal_type', { length: 50 }).notNull(),
    direction: varchar('direction', { length: 10 }),
    confidence: doublePrecision('confidence'),
    entryPrice: doublePrecision('entry_price'),
    details: jsonb('details'),
  },
  (t) => [index('ix_paper_signals_symbol_ts').on(t.symbol, t.timestamp)],
)

/** Outcomes of paper signals (seed 000 `paper_outcomes`). */
export const paperOutcomes = execution.table(
  'paper_outcomes',
  {
    id: serial('id').primaryKey(),
    timestamp: tstz('timestamp').notNull().defaultNow(),
    signalId: integer('signal_id')
      .notNull()
      .references(() => paperSignals.id, { onDelete: 'cascade' }),
    outcome: varchar('outcome', { length: 20 }).notNull(),
    exitPrice: doublePrecision('exit_price'),
    pnl: doublePrecision('pnl'),
    details: jsonb('details'),
  },
  (t) => [index('ix_paper_outcomes_signal_id').on(t.signalId)],
)

/** VIX hedge signals (seed 000 `vix_hedge_signals`). */
export const vixHedgeSignals = execution.table('vix_hedge_signals', {
  id: serial('id').primaryKey(),
  signalDate: date('signal_date').notNull(),
  signalType: varchar('signal_type', { length: 50 }).notNull(),
  vixLevel: doublePrecision('vix_level'),
  recommendedAction: text('recommended_action'),
  details: jsonb('details'),
  createdAt: createdAt(),
})

/** VIX hedge positions (seed 000 `vix_hedge_positions`). */
export const vixHedgePositions = execution.table('vix_hedge_positions', {
  id: serial('id').primaryKey(),
  entryDate: date('entry_date').notNull(),
  exitDate: date('exit_date'),
  instrument: varchar('instrument', { length: 50 }).notNull(),
  contracts: integer('contracts').notNull(),
  entryPrice: doublePrecision('entry_price'),
  exitPrice: doublePrecision('exit_price'),
  status: varchar('status', { length: 20 }).notNull().default('open'),
  pnl: doublePrecision('pnl'),
  isActive: boolean('is_active').notNull().default(true),
  details: jsonb('details'),
  createdAt: createdAt(),
})
