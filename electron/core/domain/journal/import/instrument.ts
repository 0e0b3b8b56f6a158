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
