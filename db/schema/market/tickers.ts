import { bigint, boolean, date, index, integer, jsonb, text, varchar } from 'drizzle-orm/pg-core'
import { createdAt, tstz, updatedAt } from '../columns'
import { market } from './schema'

/**
 * Symbol metadata keyed by the symbol itself: seed 001 `tickers` merged with seed 002
 * `ticker_details` (Polygon reference data). Bars and features reference `symbol`.
 */
export const tickers = market.table(
  'tickers',
  {
    symbol: varchar('symbol', { length: 20 }).primaryKey(),
    name: varchar('name', { length: 255 }),
    exchange: varchar('exchange', { length: 50 }),
    assetType: varchar('asset_type', { length: 20 }),
    isActive: boolean('is_active').notNull().default(true),
    market: varchar('market', { length: 32 }),
    locale: varchar('locale', { length: 16 }),
    type: varchar('type', { length: 16 }),
    currency: varchar('currency', { length: 8 }),
    primaryExchange: varchar('primary_exchange', { length: 32 }),
    lastUpdated: tstz('last_updated'),
    description: text('description'),
    sicCode: varchar('sic_code', { length: 8 }),
    sicDescription: varchar('sic_description', { length: 256 }),
    tickerRoot: varchar('ticker_root', { length: 16 }),
    homepageUrl: varchar('homepage_url', { length: 256 }),
    totalEmployees: integer('total_employees'),
    listDate: date('list_date'),
    shareClassSharesOutstanding: bigint('share_class_shares_outstanding', { mode: 'number' }),
    weightedSharesOutstanding: bigint('weighted_shares_outstanding', { mode: 'number' }),
    marketCap: bigint('market_cap', { mode: 'number' }),
    phoneNumber: varchar('phone_number', { length: 32 }),
    address: jsonb('address'),
    metadata: jsonb('metadata'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('ix_tickers_market_active').on(t.market, t.isActive),
    index('ix_tickers_type_active').on(t.type, t.isActive),
  ],
)
