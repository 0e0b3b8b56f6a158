import { createHash } from 'node:crypto'

/** One fill as the import kill writer sends it in a generic CSV. */
export type KillFill = {
  account: string
  symbol: string
  side: 'buy' | 'sell'
  qty: number
  price: number
  time: string
  execId: string
  fees: number
}

/**
 * A checksum of fills that does not depend on their order: execution id, account, symbol, side,
 * quantity, price (cents), time (ms) and fees (cents), sorted by execution id.
 */
export function fillsDigest(fills: readonly KillFill[]): string {
  const lines = fills
    .map((f) =>
      [
        f.execId,
        f.account,
        f.symbol,
        f.side,
        f.qty,
        Math.round(f.price * 100),
        Date.parse(f.time),
        Math.round(f.fees * 100),
      ].join('|'),
    )
    .sort()
  return createHash('sha256').update(lines.join('\n')).digest('hex')
}
