import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  serial,
  text,
  unique,
  varchar,
} from 'drizzle-orm/pg-core'
import { createdAt, tstz } from '../columns'
import { aiTrading } from './schema'

// The AI advisor's records (seed 000, AI/ML section and related tables). Seed 000 names the
// tables, purposes and timestamp columns only; the columns are what those purposes need.

/** Predictions of the AI trade advisor (seed 000 `ai_predictions`). */
export const aiPredictions = aiTrading.table(
  'ai_predictions',
  {
    id: serial('id').primaryKey(),
    timestamp: tstz('timestamp').notNull().defaultNow(),
    predictionDate: date('prediction_date').notNull(),
    symbol: varchar('symbol', { length: 20 }).notNull(),
    predictionType: varchar('prediction_type', { length: 50 }).notNull(),
    predictedOutcome: varchar('predicted_outcome', { length: 100 }),
    confidence: doublePrecision('confidence'),
    actualOutcome: varchar('actual_outcome', { length: 100 }),
    isCorrect: boolean('is_correct'),
    details: jsonb('details'),
  },
  (t) => [index('ix_ai_predictions_symbol_date').on(t.symbol, t.predictionDate)],
)

/** Daily accuracy of the advisor per model (seed 000 `ai_performance`). */
export const aiPerformance = aiTrading.table(
  'ai_performance',
  {
    id: serial('id').primaryKey(),
    date: date('date').notNull(),
    modelName: varchar('model_name', { length: 100 }).notNull(),
    totalPredictions: integer('total_predictions').notNull().default(0),
    correctPredictions: integer('correct_predictions').notNull().default(0),
    accuracy: doublePrecision('accuracy'),
    details: jsonb('details'),
  },
  (t) => [unique('uq_ai_performance_date_model').on(t.date, t.modelName)],
)

/** Trade recommendations of the strategy optimiser (seed 000 `ai_recommendations`). */
export const aiRecommendations = aiTrading.table(
  'ai_recommendations',
  {
    id: serial('id').primaryKey(),
    timestamp: tstz('timestamp').notNull().defaultNow(),
    symbol: varchar('symbol', { length: 20 }).notNull(),
    strategy: varchar('strategy', { length: 100 }),
    recommendation: text('recommendation').notNull(),
    confidence: doublePrecision('confidence'),
    reasoning: text('reasoning'),
    outcome: varchar('outcome', { length: 50 }),
    details: jsonb('details'),
  },
  (t) => [index('ix_ai_recommendations_symbol_ts').on(t.symbol, t.timestamp)],
)

/** Outcome statistics per recognised pattern (seed 000 `pattern_learning`). */
export const patternLearning = aiTrading.table('pattern_learning', {
  id: serial('id').primaryKey(),
  patternSignature: varchar('pattern_signature', { length: 255 }).notNull().unique(),
  occurrences: integer('occurrences').notNull().default(0),
  wins: integer('wins').notNull().default(0),
  losses: integer('losses').notNull().default(0),
  winRate: doublePrecision('win_rate'),
  avgPnl: doublePrecision('avg_pnl'),
  details: jsonb('details'),
  lastSeen: tstz('last_seen'),
  createdAt: createdAt(),
})

/** Predictions of the ML pipeline (seed 000 `ml_predictions`). */
export const mlPredictions = aiTrading.table(
  'ml_predictions',
  {
    id: serial('id').primaryKey(),
    timestamp: tstz('timestamp').notNull().defaultNow(),
    modelName: varchar('model_name', { length: 100 }).notNull(),
    symbol: varchar('symbol', { length: 20 }).notNull(),
    prediction: jsonb('prediction').notNull(),
    confidence: doublePrecision('confidence'),
    features: jsonb('features'),
  },
  (t) => [index('ix_ml_predictions_symbol_ts').on(t.symbol, t.timestamp)],
)

/** Outcome probabilities used per decision (seed 000 `probability_predictions`). */
export const probabilityPredictions = aiTrading.table(
  'probability_predictions',
  {
    id: serial('id').primaryKey(),
    timestamp: tstz('timestamp').notNull().defaultNow(),
    symbol: varchar('symbol', { length: 20 }).notNull(),
    predictionType: varchar('prediction_type', { length: 50 }).notNull(),
    targetDate: date('target_date'),
    probability: doublePrecision('probability').notNull(),
    outcome: varchar('outcome', { length: 50 }),
    details: jsonb('details'),
  },
  (t) => [index('ix_probability_predictions_symbol_ts').on(t.symbol, t.timestamp)],
)

/** Stored AI analyses (seed 000 `ai_analysis_history`). */
export const aiAnalysisHistory = aiTrading.table(
  'ai_analysis_history',
  {
    id: serial('id').primaryKey(),
    timestamp: tstz('timestamp').notNull().defaultNow(),
    symbol: varchar('symbol', { length: 20 }),
    analysisType: varchar('analysis_type', { length: 50 }).notNull(),
    inputSummary: jsonb('input_summary'),
    analysis: text('analysis').notNull(),
    confidence: doublePrecision('confidence'),
    model: varchar('model', { length: 100 }),
  },
  (t) => [index('ix_ai_analysis_history_ts').on(t.timestamp)],
)

/** Copilot chat history (seed 000 `conversations`). */
export const conversations = aiTrading.table(
  'conversations',
  {
    id: serial('id').primaryKey(),
    timestamp: tstz('timestamp').notNull().defaultNow(),
    sessionId: varchar('session_id', { length: 100 }).notNull(),
    role: varchar('role', { length: 20 }).notNull(),
    message: text('message').notNull(),
    context: jsonb('context'),
  },
  (t) => [index('ix_conversations_session_ts').on(t.sessionId, t.timestamp)],
)

/** Trade recommendations of the recommendation system (seed 000 `recommendations`). */
export const recommendations = aiTrading.table(
  'recommendations',
  {
    id: serial('id').primaryKey(),
    timestamp: tstz('timestamp').notNull().defaultNow(),
    symbol: varchar('symbol', { length: 20 }).notNull(),
    strategy: varchar('strategy', { length: 100 }),
    action: varchar('action', { length: 20 }).notNull(),
    entryPrice: doublePrecision('entry_price'),
    targetPrice: doublePrecision('target_price'),
    stopPrice: doublePrecision('stop_price'),
    confidence: doublePrecision('confidence'),
    reasoning: text('reasoning'),
    status: varchar('status', { length: 20 }),
    outcome: varchar('outcome', { length: 50 }),
  },
  (t) => [index('ix_recommendations_symbol_ts').on(t.symbol, t.timestamp)],
)
