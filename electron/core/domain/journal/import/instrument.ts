import type { AssetClass } from '../fill'
import { splitFuturesSymbol } from '../multipliers'

/** Root of a futures contract code (`/MESU4` → `MES`), or the code itself when unknown. */
export function futuresRoot(symbol: string): string {
  return splitFuturesSymbol(symbol)?.root ?? symbol.replace(/^\.?\//, '').toUpperCase()
}

/** The underlying of an OCC-style or space-separated option symbol (`AAPL 250117C00150000`). */
export function firstToken(symbol: string): string {
  return symbol.trim().split(/\s+/)[0] ?? symbol
}

/** Broker vocabulary for instrument kinds, mapped to ours. */
export function assetClassFromWord(word: string): AssetClass | null {
  switch (word.trim().toUpperCase()) {
    case 'STK':
    case 'STOCK':
    case 'STOCKS':
    case 'EQUITY':
    case 'ETF':
      return 'stock'
    case 'OPT':
    case 'OPTION':
    case 'EQUITY OPTION':
    case 'EQUITY AND INDEX OPTIONS':
    case 'CALL':
    case 'PUT':
      return 'option'
    case 'FUT':
    case 'FUTURE':
    case 'FUTURES':
      return 'future'
    case 'FOP':
    case 'FUTURE OPTION':
    case 'OPTIONS ON FUTURES':
      return 'future_option'
    case 'CASH':
    case 'FOREX':
    case 'FX':
      return 'forex'
    case 'CRYPTO':
    case 'CRYPTOCURRENCY':
      return 'crypto'
    default:
      return null
  }
}

/**
 * A compact option contract name, `<root> <yymmdd><C|P><strike>` (e.g. `MESU4 240920P5050`,
 * `NVDA 220617C170`): broker spellings run past the ledger's 20-character symbol column, and
 * one spelling per contract keeps imports from different brokers in the same series.
 */
export function compactOptionSymbol(
  root: string,
  expiry: { year: number; month: number; day: number },
  right: 'C' | 'P',
  strike: number,
): string {
  const yymmdd = [expiry.year % 100, expiry.month, expiry.day]
    .map((n) => String(n).padStart(2, '0'))
    .join('')
  return `${root.replace(/^\.?\//, '').toUpperCase()} ${yymmdd}${right}${String(strike)}`
}
