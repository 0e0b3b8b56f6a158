import type { ParsedFill } from '../fill'
import { sha256Hex } from './sha256'
import type { ImportedFill } from './types'

/** What identifies an execution by its content; any other field of a fill is ignored. */
export type FillIdentity = Pick<
  ParsedFill,
  'account' | 'symbol' | 'side' | 'qty' | 'price' | 'executedAt'
> &
  Partial<ParsedFill>

/**
 * The normalised content of a fill that identifies it when the broker gives no execution id:
 * account, contract, side, signed quantity, price (to 1e-8) and UTC time. Costs, broker name,
 * order ids and line numbers are left out on purpose, so two reports of the same execution (the
 * Tradovate orders and performance reports, one with costs and one without) hash alike.
 */
export function contentHash(fill: FillIdentity): string {
  const canonical = JSON.stringify([
    fill.account,
    fill.symbol.toUpperCase(),
    fill.side,
    round8(fill.qty),
    round8(fill.price),
    fill.executedAt,
  ])
  return sha32(canonical)
}

function sha32(text: string): string {
  return sha256Hex(text).slice(0, 32)
}

function round8(x: number): string {
  return (Math.round(x * 1e8) / 1e8).toFixed(8)
}

/**
 * One dedupe key per fill, unique per account: `id:<execution id>` when the broker gives one,
 * else `h:<content hash>:<n>` where n counts earlier identical fills in the same file. So two
 * identical rows stay two fills, and re-importing the file yields the same keys (and adds none).
 *
 * An opening rebuilt from a closed lot is keyed `lot:<hash>:<n>`, the hash taken over its own
 * content and the content hash of the execution that closed the lot (`closedBy`). Every
 * statement that holds that closing execution rebuilds the same key; two closes of one lot
 * (the same date, quantity and basis) give two keys.
 */
export function dedupeKeys(fills: readonly ImportedFill[]): string[] {
  const seen = new Map<string, number>()
  return fills.map((f) => {
    if (f.externalTradeId !== null && f.externalTradeId !== '') return `id:${f.externalTradeId}`
    const key =
      f.origin === 'closed-lot'
        ? `lot:${sha32(JSON.stringify([contentHash(f), f.closedBy ?? '']))}`
        : `h:${contentHash(f)}`
    const n = seen.get(key) ?? 0
    seen.set(key, n + 1)
    return `${key}:${n}`
  })
}
