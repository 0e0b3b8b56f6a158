import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PGlite } from '@electric-sql/pglite'
import { openLocalDb, type LocalDb } from '../../db/client'
import { migrateLocal } from '../../db/migrate'

let local: LocalDb
let pg: PGlite

async function insertFill(overrides: Record<string, unknown> = {}): Promise<string> {
  const row = {
    id: crypto.randomUUID(),
    account: 'U123',
    symbol: 'AAPL',
    side: 'buy',
    quantity: 10,
    price: 150.25,
    executed_at: '2024-03-01T14:30:00Z',
    external_trade_id: null,
    content_hash: null,
    ...overrides,
  }
  await pg.query(
    `INSERT INTO journal.trade_fills
       (id, account, symbol, side, quantity, price, executed_at, external_trade_id, content_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      row.id,
      row.account,
      row.symbol,
      row.side,
      row.quantity,
      row.price,
      row.executed_at,
      row.external_trade_id,
      row.content_hash,
    ],
  )
  return row.id
}

beforeAll(async () => {
  local = await openLocalDb(null)
  pg = local.client
  await migrateLocal(local.db)
})

afterAll(async () => {
  await local.close()
})

describe('journal.trade_fills ledger', () => {
  it('rejects UPDATE and DELETE of a fill', async () => {
    const id = await insertFill()
    await expect(
      pg.query('UPDATE journal.trade_fills SET price = 1 WHERE id = $1', [id]),
    ).rejects.toThrow(/insert-only ledger: UPDATE/)
    await expect(pg.query('DELETE FROM journal.trade_fills WHERE id = $1', [id])).rejects.toThrow(
      /insert-only ledger: DELETE/,
    )
    const rows = await pg.query<{ price: number }>(
      'SELECT price FROM journal.trade_fills WHERE id = $1',
      [id],
    )
    expect(rows.rows).toEqual([{ price: 150.25 }])
  })

  it('allows DELETE only inside a transaction that sets edgebook.ledger_bypass', async () => {
    const id = await insertFill()
    await pg.transaction(async (tx) => {
      await tx.query(`SET LOCAL edgebook.ledger_bypass = 'on'`)
      await tx.query('DELETE FROM journal.trade_fills WHERE id = $1', [id])
    })
    const rows = await pg.query('SELECT 1 FROM journal.trade_fills WHERE id = $1', [id])
    expect(rows.rows).toHaveLength(0)
    const other = await insertFill()
    await expect(
      pg.query('DELETE FROM journal.trade_fills WHERE id = $1', [other]),
    ).rejects.toThrow(/ledger/)
  })

  it('refuses a second fill with the same broker trade id or content hash in one account', async () => {
    await insertFill({ external_trade_id: 'T-1' })
    await expect(insertFill({ external_trade_id: 'T-1' })).rejects.toThrow(/duplicate key/)
    await insertFill({ external_trade_id: 'T-1', account: 'U999' })
    await insertFill({ content_hash: 'abc' })
    await expect(insertFill({ content_hash: 'abc' })).rejects.toThrow(/duplicate key/)
  })

  it('rejects a side other than buy or sell', async () => {
    await expect(insertFill({ side: 'hold' })).rejects.toThrow(/ck_trade_fills_side/)
  })

  it('links a correction to the fill it corrects', async () => {
    const original = await insertFill()
    const id = crypto.randomUUID()
    await pg.query(
      `INSERT INTO journal.trade_fills (id, account, symbol, side, quantity, price, executed_at, corrects_fill_id)
       VALUES ($1, 'U123', 'AAPL', 'buy', 10, 150.30, now(), $2)`,
      [id, original],
    )
    await expect(
      pg.query(
        `INSERT INTO journal.trade_fills (id, account, symbol, side, quantity, price, executed_at, corrects_fill_id)
         VALUES ($1, 'U123', 'AAPL', 'buy', 10, 150.30, now(), $2)`,
        [crypto.randomUUID(), crypto.randomUUID()],
      ),
    ).rejects.toThrow(/foreign key/)
  })
})

describe('updated_at trigger', () => {
  it('moves updated_at forward on UPDATE unless the session preserves it', async () => {
    const id = crypto.randomUUID()
    await pg.query(
      `INSERT INTO strategy.strategies (id, name, updated_at) VALUES ($1, 'SMA cross', '2020-01-01T00:00:00Z')`,
      [id],
    )
    await pg.query(`UPDATE strategy.strategies SET description = 'x' WHERE id = $1`, [id])
    const bumped = await pg.query<{ year: number }>(
      `SELECT extract(year FROM updated_at)::int AS year FROM strategy.strategies WHERE id = $1`,
      [id],
    )
    expect(bumped.rows[0]?.year).toBeGreaterThan(2020)
    await pg.transaction(async (tx) => {
      await tx.query(`SET LOCAL edgebook.preserve_updated_at = 'on'`)
      await tx.query(
        `UPDATE strategy.strategies SET updated_at = '2021-06-01T00:00:00Z' WHERE id = $1`,
        [id],
      )
    })
    const kept = await pg.query<{ year: number }>(
      `SELECT extract(year FROM updated_at)::int AS year FROM strategy.strategies WHERE id = $1`,
      [id],
    )
    expect(kept.rows[0]?.year).toBe(2021)
  })
})

describe('market.ohlcv_bars', () => {
  it('keys bars by (symbol, timeframe, timestamp) and rejects impossible bars', async () => {
    await pg.query(`INSERT INTO market.tickers (symbol) VALUES ('GOOG')`)
    const insert = (ts: string, o: number, h: number, l: number, c: number) =>
      pg.query(
        `INSERT INTO market.ohlcv_bars (symbol, timeframe, timestamp, open, high, low, close, volume)
         VALUES ('GOOG', '1Day', $1, $2, $3, $4, $5, 1000)`,
        [ts, o, h, l, c],
      )
    await insert('2004-08-19T00:00:00Z', 100, 104.06, 95.96, 100.34)
    await expect(insert('2004-08-19T00:00:00Z', 100, 104.06, 95.96, 100.34)).rejects.toThrow(
      /duplicate key/,
    )
    await expect(insert('2004-08-20T00:00:00Z', 100, 99, 95, 98)).rejects.toThrow(
      /ck_ohlcv_high_open_close/,
    )
    await expect(insert('2004-08-23T00:00:00Z', 100, 110, 101, 105)).rejects.toThrow(
      /ck_ohlcv_low_open_close/,
    )
  })

  it('removes bars and their features when the ticker is deleted', async () => {
    await pg.query(`INSERT INTO market.tickers (symbol) VALUES ('MSFT')`)
    await pg.query(
      `INSERT INTO market.ohlcv_bars (symbol, timeframe, timestamp, open, high, low, close, volume)
       VALUES ('MSFT', '1Day', '2024-01-02T00:00:00Z', 10, 11, 9, 10.5, 0.5)`,
    )
    await pg.query(
      `INSERT INTO market.computed_features (symbol, timeframe, timestamp, features)
       VALUES ('MSFT', '1Day', '2024-01-02T00:00:00Z', '{"rsi_14": 55}')`,
    )
    await pg.query(`DELETE FROM market.tickers WHERE symbol = 'MSFT'`)
    const left = await pg.query(
      `SELECT (SELECT count(*) FROM market.ohlcv_bars WHERE symbol = 'MSFT')::int AS bars,
              (SELECT count(*) FROM market.computed_features WHERE symbol = 'MSFT')::int AS features`,
    )
    expect(left.rows).toEqual([{ bars: 0, features: 0 }])
  })
})
