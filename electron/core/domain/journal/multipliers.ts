import type { AssetClass } from './fill'

/**
 * Money per point per contract for futures, by root symbol (CME Group, ICE and Eurex contract
 * specifications). Options on a future use the future's multiplier. Keep this table sorted by
 * venue and add roots as traders bring them; a root missing here makes the importer warn and
 * fall back to 1, never guess.
 */
export const FUTURES_POINT_VALUES: Readonly<Record<string, number>> = {
  // CME equity indices
  ES: 50,
  MES: 5,
  NQ: 20,
  MNQ: 2,
  RTY: 50,
  M2K: 5,
  YM: 5,
  MYM: 0.5,
  EMD: 100,
  NKD: 5,
  // Energy (NYMEX)
  CL: 1000,
  MCL: 100,
  QM: 500,
  NG: 10000,
  QG: 2500,
  MNG: 1000,
  RB: 42000,
  HO: 42000,
  // Metals (COMEX)
  GC: 100,
  MGC: 10,
  SI: 5000,
  SIL: 1000,
  HG: 25000,
  MHG: 2500,
  PL: 50,
  PA: 100,
  // Rates (CBOT)
  ZB: 1000,
  UB: 1000,
  ZN: 1000,
  TN: 1000,
  ZF: 1000,
  ZT: 2000,
  // Grains and livestock (CBOT, CME)
  ZC: 50,
  ZS: 50,
  ZW: 50,
  ZL: 600,
  ZM: 100,
  HE: 400,
  LE: 400,
  GF: 500,
  // Currencies (CME)
  '6E': 125000,
  M6E: 12500,
  '6J': 12500000,
  '6B': 62500,
  M6B: 6250,
  '6A': 100000,
  M6A: 10000,
  '6C': 100000,
  '6S': 125000,
  // Crypto (CME)
  BTC: 5,
  MBT: 0.1,
  ETH: 50,
  MET: 0.1,
  // Volatility (CFE)
  VX: 1000,
  VXM: 100,
  // Eurex
  FDAX: 25,
  FDXM: 5,
  FESX: 10,
  FGBL: 1000,
}

/** Equity and index options deliver 100 shares (or 100 × index) per contract. */
export const EQUITY_OPTION_MULTIPLIER = 100

const MONTH_CODES = 'FGHJKMNQUVXZ'

/**
 * Splits a futures contract code into root, month code and year, e.g. `MESU4` → `MES`, `/CLJ24`
 * → `CL`. Tries the longest known root first because month letters also end some roots (`MGC`
 * would otherwise read as `MG` + `C`). Returns null when no known root fits.
 */
export function splitFuturesSymbol(
  symbol: string,
): { root: string; month: string; year: string } | null {
  const code = symbol
    .trim()
    .replace(/^\.?\//, '')
    .toUpperCase()
  const match = /^([A-Z0-9]+?)([FGHJKMNQUVXZ])(\d{1,2})$/.exec(code)
  const candidates: string[] = []
  for (let len = Math.min(code.length - 2, 4); len >= 1; len--) {
    candidates.push(code.slice(0, len))
  }
  for (const root of candidates) {
    if (!(root in FUTURES_POINT_VALUES)) continue
    const rest = code.slice(root.length)
    const m = /^([FGHJKMNQUVXZ])(\d{1,2})$/.exec(rest)
    if (m && MONTH_CODES.includes(m[1] ?? '')) return { root, month: m[1] ?? '', year: m[2] ?? '' }
  }
  if (match?.[1] && match[2] && match[3]) {
    return { root: match[1], month: match[2], year: match[3] }
  }
  return null
}

/** The point value of a futures root, or null when the table does not know it. */
export function futuresPointValue(root: string): number | null {
  return FUTURES_POINT_VALUES[root.toUpperCase()] ?? null
}

/**
 * The default multiplier for an instrument: stocks, forex and crypto 1, equity options 100,
 * futures and futures options the root's point value. Null when the root is unknown, so the
 * caller can warn instead of silently using 1.
 */
export function defaultMultiplier(assetClass: AssetClass, root: string): number | null {
  switch (assetClass) {
    case 'stock':
    case 'forex':
    case 'crypto':
    case 'other':
      return 1
    case 'option':
      return EQUITY_OPTION_MULTIPLIER
    case 'future':
    case 'future_option':
      return futuresPointValue(root)
  }
}
