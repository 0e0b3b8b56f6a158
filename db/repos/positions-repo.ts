import { rawOf, type Handle } from '../query'

/**
 * The journal's signed position of each (account, symbol) as of an instant: the sum of its live
 * fills (not of undone imports, not corrected by a live fill) executed before `beforeIso`. One quantity per input, in order.
 */
export async function positionsBefore(
  h: Handle,
  checks: readonly { account: string; symbol: string; beforeIso: string }[],
): Promise<number[]> {
  if (checks.length === 0) return []
  const result = await rawOf(h).query<{ i: number; qty: string | number | null }>(
    `SELECT c.i, (SELECT sum(CASE WHEN f.side = 'sell' THEN -f.quantity ELSE f.quantity END)
                    FROM journal.trade_fills f
                    LEFT JOIN journal.import_batches b ON b.id = f.import_batch_id
                   WHERE f.account = c.account AND f.symbol = c.symbol
                     AND f.executed_at < c.before AND b.undone_at IS NULL
                     AND NOT EXISTS (
                       SELECT 1 FROM journal.trade_fills x
                         LEFT JOIN journal.import_batches xb ON xb.id = x.import_batch_id
                        WHERE x.corrects_fill_id = f.id AND xb.undone_at IS NULL)) AS qty
       FROM unnest($1::text[], $2::text[], $3::timestamptz[]) WITH ORDINALITY AS c(account, symbol, before, i)
      ORDER BY c.i`,
    [checks.map((c) => c.account), checks.map((c) => c.symbol), checks.map((c) => c.beforeIso)],
  )
  return result.rows.map((r) => Number(r.qty ?? 0))
}
