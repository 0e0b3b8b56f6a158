import { sql } from 'drizzle-orm'
import { boolean, check, index, integer, jsonb, numeric, uuid, varchar } from 'drizzle-orm/pg-core'
import { tstz } from '../columns'
import { aiModels } from './models'
import { aiTrading } from './schema'

/**
 * Trading signals: seed 003 `ai_signals` merged with seed 002 `trading_signals` (timeframe,
 * parameters, feature snapshot). `signal_type` is BUY, SELL or HOLD in any letter case.
 */
export const aiSignals = aiTrading.table(
  'ai_signals',
  {
    signalId: uuid('signal_id').primaryKey().defaultRandom(),
    modelId: uuid('model_id').references(() => aiModels.modelId, { onDelete: 'set null' }),
    symbol: varchar('symbol', { length: 20 }).notNull(),
    signalType: varchar('signal_type', { length: 10 }).notNull(),
    confidence: numeric('confidence', { precision: 5, scale: 4 }).notNull(),
    priceTarget: numeric('price_target', { precision: 15, scale: 6 }),
    stopLoss: numeric('stop_loss', { precision: 15, scale: 6 }),
    takeProfit: numeric('take_profit', { precision: 15, scale: 6 }),
    signalTimestamp: tstz('signal_timestamp').notNull().defaultNow(),
    marketDataTimestamp: tstz('market_data_timestamp'),
    timeframe: varchar('timeframe', { length: 8 }),
    parameters: jsonb('parameters'),
    featuresSnapshot: jsonb('features_snapshot'),
    metadata: jsonb('metadata'),
  },
  (t) => [
    index('idx_ai_signals_symbol_time').on(t.symbol, t.signalTimestamp.desc()),
    index('idx_ai_signals_model_time').on(t.modelId, t.signalTimestamp.desc()),
    index('idx_ai_signals_type_confidence').on(t.signalType, t.confidence.desc()),
    index('idx_ai_signals_symbol_time_type').on(t.symbol, t.signalTimestamp, t.signalType),
    check('ck_ai_signals_signal_type', sql`upper(${t.signalType}) IN ('BUY', 'SELL', 'HOLD')`),
    check('ck_ai_signals_confidence', sql`${t.confidence} >= 0 AND ${t.confidence} <= 1`),
  ],
)

/** How a signal played out (seed 003 `signal_performance`). */
export const signalPerformance = aiTrading.table(
  'signal_performance',
  {
    performanceId: uuid('performance_id').primaryKey().defaultRandom(),
    signalId: uuid('signal_id')
      .notNull()
      .references(() => aiSignals.signalId, { onDelete: 'cascade' }),
    evaluationTimestamp: tstz('evaluation_timestamp').notNull().defaultNow(),
    actualPrice: numeric('actual_price', { precision: 15, scale: 6 }),
    priceChangePct: numeric('price_change_pct', { precision: 8, scale: 4 }),
    targetHit: boolean('target_hit'),
    stopLossHit: boolean('stop_loss_hit'),
    holdingPeriodHours: integer('holding_period_hours'),
    pnlIfExecuted: numeric('pnl_if_executed', { precision: 15, scale: 6 }),
  },
  (t) => [index('idx_signal_performance_signal').on(t.signalId, t.evaluationTimestamp.desc())],
)

/** Anomalies detected by a model (seed 003 `anomaly_detections`). */
export const anomalyDetections = aiTrading.table(
  'anomaly_detections',
  {
    anomalyId: uuid('anomaly_id').primaryKey().defaultRandom(),
    modelId: uuid('model_id').references(() => aiModels.modelId, { onDelete: 'set null' }),
    symbol: varchar('symbol', { length: 20 }).notNull(),
    detectionTimestamp: tstz('detection_timestamp').notNull().defaultNow(),
    anomalyType: varchar('anomaly_type', { length: 50 }).notNull(),
    severityScore: numeric('severity_score', { precision: 8, scale: 4 }),
    confidence: numeric('confidence', { precision: 5, scale: 4 }),
    marketDataContext: jsonb('market_data_context'),
    anomalyDetails: jsonb('anomaly_details'),
    resolved: boolean('resolved').notNull().default(false),
  },
  (t) => [
    index('idx_anomaly_detections_symbol_time').on(t.symbol, t.detectionTimestamp.desc()),
    index('idx_anomaly_detections_unresolved')
      .on(t.detectionTimestamp)
      .where(sql`NOT ${t.resolved}`),
  ],
)

/** Fourier and wavelet analyses (seed 003 `spectrum_analysis`). */
export const spectrumAnalysis = aiTrading.table(
  'spectrum_analysis',
  {
    analysisId: uuid('analysis_id').primaryKey().defaultRandom(),
    modelId: uuid('model_id').references(() => aiModels.modelId, { onDelete: 'set null' }),
    symbol: varchar('symbol', { length: 20 }).notNull(),
    analysisTimestamp: tstz('analysis_timestamp').notNull().defaultNow(),
    analysisType: varchar('analysis_type', { length: 50 }).notNull(),
    frequencyComponents: jsonb('frequency_components'),
    spectralFeatures: jsonb('spectral_features'),
    patternDetected: varchar('pattern_detected', { length: 100 }),
    patternConfidence: numeric('pattern_confidence', { precision: 5, scale: 4 }),
    reconstructionError: numeric('reconstruction_error', { precision: 15, scale: 10 }),
  },
  (t) => [index('idx_spectrum_analysis_symbol_time').on(t.symbol, t.analysisTimestamp.desc())],
)
