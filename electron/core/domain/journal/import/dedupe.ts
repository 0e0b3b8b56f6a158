import { createHash } from 'node:crypto'
import type { ParsedFill } from '../fill'

/**
 * The normalised content of a fill that identifies it when the broker gives no execution id:
 * account, contract, side, signed quantity, price (to 1e-8) and UTC time. Costs, broker name,
 * order ids and line numbers are left out on purpose, so two reports of the same execution (the
 * Tradovate orders and performance reports, one with costs and one without) hash alike.
 */
export function contentHash(fill: ParsedFill): string {
  const canonical = JSON.stringify([
    fill.account,
    fill.symbol.toUpperCase(),
    fill.side,
    round8(fill.qty),
    round8(fill.price),
    fill.executedAt,
  ])
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32)
}

function round8(x: number): string {
  return (Math.round(x * 1e8) / 1e8).toFixed(8)
}

/**
 * One dedupe key per fill, unique per account: `id:<execution id>` when the broker gives one,
 * else `h:<content hash>:<n>` where n counts earlier identical fills in the same file. So two
 * identical rows stay two fills, and re-importing the file yields the same keys (and adds none).
 */
export function dedupeKeys(fills: readonly ParsedFill[]): string[] {
  const seen = new Map<string, number>()
  return fills.map((f) => {
    if (f.externalTradeId !== null && f.externalTradeId !== '') return `id:${f.externalTradeId}`
    const hash = contentHash(f)
    const n = seen.get(hash) ?? 0
    seen.set(hash, n + 1)
    return `h:${hash}:${n}`
  })
}
