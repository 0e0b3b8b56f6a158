import type { PGlite } from '@electric-sql/pglite'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { uuidv7 } from '../../db/uuidv7'
import type { ParsedFill } from '../../electron/core/domain/journal/fill'
import { parseFills, type ParseResult } from '../../electron/core/domain/journal/import/index'

/** Parses a committed broker sample with the importers' parser. */
export function parseSample(fileName: string): ParseResult {
  const path = resolve(import.meta.dirname, '../fixtures/broker-samples', fileName)
  const outcome = parseFills(readFileSync(path), { fileName })
  if (!outcome.ok) throw new Error(`${fileName}: ${JSON.stringify(outcome.errors.slice(0, 3))}`)
  return outcome.value
}

/**
 * Writes parsed fills straight into the ledger, in the given order, as the importer stores them:
 * unsigned quantity with a side, commission and fees as one amount, the open/close marker in
 * `raw_data`. Returns the new ids in the same order.
 */
export async function storeFills(pg: PGlite, fills: readonly ParsedFill[]): Promise<string[]> {
  const ids: string[] = []
  for (const f of fills) {
    const id = uuidv7()
    ids.push(id)
    await pg.query(
      `INSERT INTO journal.trade_fills
         (id, account, symbol, side, quantity, price, fees, multiplier, executed_at, broker,
          asset_type, currency, order_id, external_trade_id, source, raw_data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'test', $15::jsonb)`,
      [
        id,
        f.account,
        f.symbol,
        f.side,
        Math.abs(f.qty),
        f.price,
        f.commission + f.fees,
        f.multiplier,
        f.executedAt,
        f.broker,
        f.assetClass,
        f.currency,
        f.orderId,
        f.externalTradeId,
        JSON.stringify({ openClose: f.openClose, line: f.line }),
      ],
    )
  }
  return ids
}

/** A hand-made fill with defaults: 1 share of ACME at 100, account `acc`. */
export function parsedFill(overrides: Partial<ParsedFill> = {}): ParsedFill {
  const qty = overrides.qty ?? 1
  return {
    account: 'acc',
    broker: 'test',
    symbol: 'ACME',
    underlying: 'ACME',
    assetClass: 'stock',
    side: qty < 0 ? 'sell' : 'buy',
    qty,
    price: 100,
    multiplier: 1,
    commission: 0,
    fees: 0,
    currency: 'USD',
    executedAt: '2025-01-06T14:30:00.000Z',
    externalTradeId: null,
    orderId: null,
    openClose: null,
    line: 1,
    ...overrides,
  }
}
