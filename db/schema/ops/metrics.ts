import { sql } from 'drizzle-orm'
import {
  bigserial,
  index,
  jsonb,
  numeric,
  primaryKey,
  text,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core'
import { tstz } from '../columns'
import { ops } from './schema'

/** System health metrics (seed 002 `system_metrics`). */
export const systemMetrics = ops.table(
  'system_metrics',
  {
    timestamp: tstz('timestamp').notNull(),
    metricName: varchar('metric_name', { length: 64 }).notNull(),
    metricValue: numeric('metric_value', { precision: 20, scale: 8 }).notNull(),
    component: varchar('component', { length: 32 }).notNull(),
    host: varchar('host', { length: 64 }).notNull(),
    tags: jsonb('tags'),
  },
  (t) => [
    primaryKey({
      name: 'system_metrics_pkey',
      columns: [t.metricName, t.component, t.host, t.timestamp],
    }),
    index('ix_system_metrics_name_component_ts').on(t.metricName, t.component, t.timestamp),
    index('ix_system_metrics_host_ts').on(t.host, t.timestamp),
  ],
)

/** Trading metrics per symbol or strategy (seed 002 `trading_metrics`). */
export const tradingMetrics = ops.table(
  'trading_metrics',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    timestamp: tstz('timestamp').notNull(),
    metricName: varchar('metric_name', { length: 64 }).notNull(),
    metricValue: numeric('metric_value', { precision: 20, scale: 8 }).notNull(),
    symbol: varchar('symbol', { length: 16 }),
    strategyId: uuid('strategy_id'),
    timeframe: varchar('timeframe', { length: 8 }),
    tags: jsonb('tags'),
  },
  (t) => [
    index('ix_trading_metrics_name_ts').on(t.metricName, t.timestamp),
    index('ix_trading_metrics_symbol_name_ts')
      .on(t.symbol, t.metricName, t.timestamp)
      .where(sql`${t.symbol} IS NOT NULL`),
    index('ix_trading_metrics_strategy_name_ts')
      .on(t.strategyId, t.metricName, t.timestamp)
      .where(sql`${t.strategyId} IS NOT NULL`),
  ],
)

/** System alerts raised by components (seed 002 `alerts`; the trader's alerts are journal's). */
export const systemAlerts = ops.table(
  'alerts',
  {
    alertId: uuid('alert_id').primaryKey().defaultRandom(),
    timestamp: tstz('timestamp').notNull().defaultNow(),
    alertType: varchar('alert_type', { length: 32 }).notNull(),
    severity: varchar('severity', { length: 16 }).notNull(),
    message: text('message').notNull(),
    component: varchar('component', { length: 32 }).notNull(),
    status: varchar('status', { length: 16 }).notNull(),
    resolvedAt: tstz('resolved_at'),
    metadata: jsonb('metadata'),
  },
  (t) => [
    index('ix_ops_alerts_ts_severity').on(t.timestamp, t.severity),
    index('ix_ops_alerts_status_ts').on(t.status, t.timestamp),
    index('ix_ops_alerts_component_ts').on(t.component, t.timestamp),
  ],
)
