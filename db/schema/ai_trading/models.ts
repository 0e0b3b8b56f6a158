import { sql } from 'drizzle-orm'
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  numeric,
  text,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core'
import { createdAt, tstz, updatedAt } from '../columns'
import { aiTrading, daterange } from './schema'

/**
 * Registry of AI models: seed 003 `ai_models` merged with seed 002 `models` (target, feature
 * list, training artefact path).
 */
export const aiModels = aiTrading.table(
  'ai_models',
  {
    modelId: uuid('model_id').primaryKey().defaultRandom(),
    modelName: varchar('model_name', { length: 100 }).notNull(),
    modelType: varchar('model_type', { length: 50 }).notNull(),
    modelSubtype: varchar('model_subtype', { length: 50 }),
    version: varchar('version', { length: 20 }).notNull().default('1'),
    description: text('description'),
    configuration: jsonb('configuration').notNull().default({}),
    performanceMetrics: jsonb('performance_metrics'),
    isActive: boolean('is_active').notNull().default(true),
    target: varchar('target', { length: 64 }),
    features: varchar('features').array(),
    parameters: jsonb('parameters'),
    metrics: jsonb('metrics'),
    trainedAt: tstz('trained_at'),
    status: varchar('status', { length: 16 }),
    filePath: varchar('file_path', { length: 256 }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('idx_ai_models_name_version').on(t.modelName, t.version),
    index('idx_ai_models_status_type').on(t.status, t.modelType),
    index('idx_ai_models_active')
      .on(t.isActive)
      .where(sql`${t.isActive}`),
  ],
)

/**
 * Training runs: seed 003 `training_sessions` merged with seed 002 `model_training_runs`
 * (which adds the training log).
 */
export const trainingSessions = aiTrading.table(
  'training_sessions',
  {
    sessionId: uuid('session_id').primaryKey().defaultRandom(),
    modelId: uuid('model_id')
      .notNull()
      .references(() => aiModels.modelId, { onDelete: 'cascade' }),
    sessionName: varchar('session_name', { length: 100 }),
    startTime: tstz('start_time').notNull().defaultNow(),
    endTime: tstz('end_time'),
    status: varchar('status', { length: 20 }).notNull().default('running'),
    trainingDataPeriod: daterange('training_data_period'),
    validationDataPeriod: daterange('validation_data_period'),
    hyperparameters: jsonb('hyperparameters').notNull().default({}),
    trainingMetrics: jsonb('training_metrics'),
    finalPerformance: jsonb('final_performance'),
    modelArtifactsPath: text('model_artifacts_path'),
    errorMessage: text('error_message'),
    logs: text('logs'),
  },
  (t) => [
    index('idx_training_sessions_model_start').on(t.modelId, t.startTime),
    index('idx_training_sessions_status').on(t.status),
    check(
      'ck_training_sessions_status',
      sql`${t.status} IN ('running', 'completed', 'failed', 'stopped')`,
    ),
  ],
)

/** Model performance per evaluation period (seed 003 `model_performance`). */
export const modelPerformance = aiTrading.table(
  'model_performance',
  {
    performanceId: uuid('performance_id').primaryKey().defaultRandom(),
    modelId: uuid('model_id')
      .notNull()
      .references(() => aiModels.modelId, { onDelete: 'cascade' }),
    evaluationPeriod: daterange('evaluation_period').notNull(),
    totalSignals: integer('total_signals').notNull().default(0),
    successfulSignals: integer('successful_signals').notNull().default(0),
    signalAccuracy: numeric('signal_accuracy', { precision: 5, scale: 4 }),
    avgConfidence: numeric('avg_confidence', { precision: 5, scale: 4 }),
    sharpeRatio: numeric('sharpe_ratio', { precision: 8, scale: 4 }),
    maxDrawdown: numeric('max_drawdown', { precision: 8, scale: 4 }),
    totalReturn: numeric('total_return', { precision: 8, scale: 4 }),
    volatility: numeric('volatility', { precision: 8, scale: 4 }),
    winRate: numeric('win_rate', { precision: 5, scale: 4 }),
    avgHoldingPeriodHours: numeric('avg_holding_period_hours', { precision: 8, scale: 2 }),
    createdAt: createdAt(),
  },
  (t) => [
    index('idx_model_performance_model_created').on(t.modelId, t.createdAt.desc()),
    check(
      'ck_model_performance_counts',
      sql`${t.successfulSignals} >= 0 AND ${t.successfulSignals} <= ${t.totalSignals}`,
    ),
  ],
)

/** Reinforcement-learning episodes of a training session (seed 003 `rl_episodes`). */
export const rlEpisodes = aiTrading.table(
  'rl_episodes',
  {
    episodeId: uuid('episode_id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => trainingSessions.sessionId, { onDelete: 'cascade' }),
    episodeNumber: integer('episode_number').notNull(),
    totalReward: numeric('total_reward', { precision: 15, scale: 6 }),
    episodeLength: integer('episode_length'),
    finalPortfolioValue: numeric('final_portfolio_value', { precision: 15, scale: 6 }),
    maxDrawdown: numeric('max_drawdown', { precision: 8, scale: 4 }),
    actionsTaken: jsonb('actions_taken'),
    rewards: jsonb('rewards'),
    episodeEndReason: varchar('episode_end_reason', { length: 50 }),
    createdAt: createdAt(),
  },
  (t) => [index('idx_rl_episodes_session_episode').on(t.sessionId, t.episodeNumber)],
)
