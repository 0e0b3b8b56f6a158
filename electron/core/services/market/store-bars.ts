// Storing a series of bars, shared by every channel that writes bars (import, aggregate, fetch),
// and the error a bar that fails its checks becomes.
import { writeBars } from '../../../../db/repos/market-repo'
import { ErrorCode } from '../../contract/errors'
import type { BarsImportResult } from '../../contract/market'
import type { Deps } from '../../deps'
import type { BarParseError } from '../../domain/market/bar-parse'
import type { BarColumns } from '../../domain/market/bars'
import { AppError } from '../../errors'

/** An instant in epoch milliseconds as ISO text. */
export function isoOfMs(ms: number): string {
  return new Date(ms).toISOString()
}

/** A bar file or provider answer that failed its checks: `parse-error` naming each bad bar. */
export function parseFailure(error: BarParseError): AppError {
  return new AppError(ErrorCode.ParseError, error.message, {
    details: { issues: error.issues, truncated: error.truncated },
  })
}

/**
 * Stores `bars` (non-empty, in time order) as the `symbol`/`timeframe` series in one
 * transaction, announces the change, and answers what was written.
 */
export async function storeBars(
  deps: Deps,
  symbol: string,
  timeframe: string,
  bars: BarColumns,
  source: string,
  warnings: string[],
): Promise<BarsImportResult> {
  const written = await deps.db.transaction((tx) =>
    writeBars(tx, { symbol, timeframe, bars, source }),
  )
  deps.emit('data-changed', { domains: ['market'] })
  const n = bars.time.length
  return {
    symbol,
    timeframe,
    rows: written.rows,
    inserted: written.inserted,
    duplicates: written.duplicates,
    first: isoOfMs(bars.time[0] as number),
    last: isoOfMs(bars.time[n - 1] as number),
    warnings,
  }
}
