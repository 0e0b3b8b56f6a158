import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  primaryKey,
  text,
  time,
  varchar,
} from 'drizzle-orm/pg-core'
import { tstz } from '../columns'
import { market } from './schema'

/** Exchange holidays and shortened sessions (seed 002 `market_holidays`). */
export const marketHolidays = market.table(
  'market_holidays',
  {
    date: date('date').notNull(),
    name: varchar('name', { length: 64 }).notNull(),
    market: varchar('market', { length: 32 }).notNull(),
    status: varchar('status', { length: 16 }).notNull(),
    openTime: time('open_time'),
    closeTime: time('close_time'),
    year: integer('year').notNull(),
  },
  (t) => [
    primaryKey({ name: 'market_holidays_pkey', columns: [t.date, t.market] }),
    index('ix_market_holidays_year_market').on(t.year, t.market),
  ],
)

/** Market open/closed status snapshots (seed 002 `market_status`). */
export const marketStatus = market.table(
  'market_status',
  {
    timestamp: tstz('timestamp').notNull(),
    market: varchar('market', { length: 32 }).notNull(),
    status: varchar('status', { length: 16 }).notNull(),
    nextOpen: tstz('next_open'),
    nextClose: tstz('next_close'),
    earlyClose: boolean('early_close').default(false),
    lateOpen: boolean('late_open').default(false),
  },
  (t) => [
    primaryKey({ name: 'market_status_pkey', columns: [t.timestamp, t.market] }),
    index('ix_market_status_market_status').on(t.market, t.status),
  ],
)

/** News articles with their tickers (seed 002 `news_articles`). */
export const newsArticles = market.table(
  'news_articles',
  {
    articleId: varchar('article_id', { length: 64 }).primaryKey(),
    publishedUtc: tstz('published_utc').notNull(),
    title: varchar('title', { length: 512 }).notNull(),
    author: varchar('author', { length: 128 }),
    articleUrl: varchar('article_url', { length: 512 }).notNull(),
    tickers: varchar('tickers').array(),
    imageUrl: varchar('image_url', { length: 512 }),
    description: text('description'),
    keywords: varchar('keywords').array(),
    source: varchar('source', { length: 64 }).notNull(),
  },
  (t) => [
    index('ix_news_articles_published_utc').on(t.publishedUtc),
    index('ix_news_articles_tickers').using('gin', t.tickers),
  ],
)

/** Definitions of the features in `market.features` (seed 002 `feature_metadata`). */
export const featureMetadata = market.table('feature_metadata', {
  featureName: varchar('feature_name', { length: 64 }).primaryKey(),
  description: text('description').notNull(),
  formula: text('formula'),
  parameters: jsonb('parameters'),
  createdAt: tstz('created_at').notNull().defaultNow(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
  version: varchar('version', { length: 16 }).notNull(),
  isActive: boolean('is_active').default(true),
})
