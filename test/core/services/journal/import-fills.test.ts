import { pgSchema, varchar, text } from 'drizzle-orm/pg-core'
import { describe, expect, it } from 'vitest'
import { tradeFills } from '../../../../db/schema/journal/fills'
import { fillWidths, varcharWidths } from '../../../../electron/core/services/journal/import-fills'

// A drizzle varchar column keeps its declared length (the column class types it only as PgColumn).
function declared(column: unknown): number {
  return (column as { length: number }).length
}

describe('fillWidths', () => {
  it('reads the widths of the bounded fill columns from the trade_fills schema', () => {
    expect(Object.fromEntries(fillWidths())).toEqual({
      symbol: declared(tradeFills.symbol),
      currency: declared(tradeFills.currency),
      broker: declared(tradeFills.broker),
      orderId: declared(tradeFills.orderId),
      externalTradeId: declared(tradeFills.externalTradeId),
    })
    expect(Object.fromEntries(fillWidths())).toEqual({
      symbol: 20,
      currency: 10,
      broker: 100,
      orderId: 255,
      externalTradeId: 255,
    })
  })

  it('sees a changed width in the schema', () => {
    const changed = pgSchema('journal').table('trade_fills', {
      symbol: varchar('symbol', { length: 32 }),
      currency: varchar('currency', { length: 3 }),
      broker: varchar('broker', { length: 100 }),
      orderId: varchar('order_id', { length: 64 }),
      externalTradeId: varchar('external_trade_id', { length: 255 }),
    })
    expect(varcharWidths(changed, ['symbol', 'currency', 'orderId'])).toEqual([
      ['symbol', 32],
      ['currency', 3],
      ['orderId', 64],
    ])
  })

  it('refuses a column that is not a bounded varchar', () => {
    const unbounded = pgSchema('journal').table('t', { symbol: text('symbol') })
    expect(() => varcharWidths(unbounded, ['symbol'])).toThrow(/not a bounded varchar/)
  })
})
