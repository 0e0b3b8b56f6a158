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

describe('ai_trading views and maintenance functions (seed 003)', () => {
  async function makeModel(name: string, isActive = true): Promise<string> {
    const res = await pg.query<{ model_id: string }>(
      `INSERT INTO ai_trading.ai_models (model_name, model_type, model_subtype, is_active)
       VALUES ($1, 'reinforcement_learning', 'ppo', $2) RETURNING model_id`,
      [name, isActive],
    )
    return res.rows[0]?.model_id ?? ''
  }

  async function makeSignal(modelId: string, at: string, changePct: number, targetHit: boolean) {
    const res = await pg.query<{ signal_id: string }>(
      `INSERT INTO ai_trading.ai_signals (model_id, symbol, signal_type, confidence, signal_timestamp)
       VALUES ($1, 'SPY', 'BUY', 0.8, $2) RETURNING signal_id`,
      [modelId, at],
    )
    const signalId = res.rows[0]?.signal_id ?? ''
    await pg.query(
      `INSERT INTO ai_trading.signal_performance
         (signal_id, evaluation_timestamp, price_change_pct, target_hit, pnl_if_executed, holding_period_hours)
       VALUES ($1, $2::timestamptz + interval '1 day', $3::numeric, $4, $3::numeric * 10, 24)`,
      [signalId, at, changePct, targetHit],
    )
    return signalId
  }

  it('update_model_performance stores accuracy, returns, drawdown and win rate for a period', async () => {
    const modelId = await makeModel('PPOTrader_v2')
    await makeSignal(modelId, '2024-01-02T15:00:00Z', 2, true)
    await makeSignal(modelId, '2024-01-03T15:00:00Z', -3, false)
    await makeSignal(modelId, '2024-01-04T15:00:00Z', 1, true)
    // Outside the period: must not count.
    await makeSignal(modelId, '2024-02-01T15:00:00Z', 50, true)
    const res = await pg.query<{ id: string }>(
      `SELECT ai_trading.update_model_performance($1, '[2024-01-01,2024-02-01)') AS id`,
      [modelId],
    )
    const row = await pg.query<Record<string, string | number>>(
      `SELECT total_signals, successful_signals, signal_accuracy::text, total_return::text,
              max_drawdown::text, win_rate::text, avg_confidence::text
       FROM ai_trading.model_performance WHERE performance_id = $1`,
      [res.rows[0]?.id],
    )
    expect(row.rows[0]).toEqual({
      total_signals: 3,
      successful_signals: 2,
      signal_accuracy: '0.6667',
      total_return: '0.0000',
      max_drawdown: '3.0000',
      win_rate: '0.6667',
      avg_confidence: '0.8000',
    })
  })

  it('latest_model_performance shows the newest period of active models only', async () => {
    const active = await makeModel('FourierTrader')
    const retired = await makeModel('OldTrader', false)
    for (const [model, period, total] of [
      [active, '[2024-01-01,2024-02-01)', 5],
      [active, '[2024-02-01,2024-03-01)', 7],
      [retired, '[2024-02-01,2024-03-01)', 9],
    ] as const) {
      await pg.query(
        `INSERT INTO ai_trading.model_performance (model_id, evaluation_period, total_signals)
         VALUES ($1, $2, $3)`,
        [model, period, total],
      )
    }
    const res = await pg.query<{ model_name: string; total_signals: number }>(
      `SELECT model_name, total_signals FROM ai_trading.latest_model_performance
       WHERE model_name IN ('FourierTrader', 'OldTrader')`,
    )
    expect(res.rows).toEqual([{ model_name: 'FourierTrader', total_signals: 7 }])
  })

  it('enriched_ai_signals joins model, latest evaluation and the last daily close', async () => {
    const modelId = await makeModel('WaveletTrader')
    await pg.query(`INSERT INTO market.tickers (symbol) VALUES ('SPY') ON CONFLICT DO NOTHING`)
    await pg.query(
      `INSERT INTO market.ohlcv_bars (symbol, timeframe, timestamp, open, high, low, close, volume)
       VALUES ('SPY', '1Day', '2024-03-01T00:00:00Z', 500, 505, 498, 503, 1),
              ('SPY', '1Day', '2024-03-04T00:00:00Z', 503, 510, 502, 509, 1)`,
    )
    const signalId = await makeSignal(modelId, '2024-03-02T12:00:00Z', 1.5, true)
    const res = await pg.query<Record<string, unknown>>(
      `SELECT model_name, price_change_pct::text, target_hit, market_close_at_signal
       FROM ai_trading.enriched_ai_signals WHERE signal_id = $1`,
      [signalId],
    )
    expect(res.rows).toEqual([
      {
        model_name: 'WaveletTrader',
        price_change_pct: '1.5000',
        target_hit: true,
        market_close_at_signal: 503,
      },
    ])
  })

  it('cleanup_old_feature_data removes rows past the retention window and counts them', async () => {
    await pg.query(
      `INSERT INTO ai_trading.feature_data (symbol, timestamp, feature_set_name, features)
       VALUES ('AAPL', now() - interval '120 days', 'technical_indicators', '{"rsi_14": 65.8}'),
              ('AAPL', now() - interval '10 days', 'technical_indicators', '{"rsi_14": 40.1}')`,
    )
    const removed = await pg.query<{ n: number }>(
      `SELECT ai_trading.cleanup_old_feature_data() AS n`,
    )
    expect(removed.rows[0]?.n).toBe(1)
    const left = await pg.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ai_trading.feature_data WHERE symbol = 'AAPL'`,
    )
    expect(left.rows[0]?.n).toBe(1)
    await expect(pg.query(`SELECT ai_trading.cleanup_old_feature_data(-1)`)).rejects.toThrow(
      /non-negative/,
    )
  })
})
