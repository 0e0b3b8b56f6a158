// Number formatting shared by every page. Formatters are cached: Intl constructors are costly and
// tables format thousands of cells. A missing or non-finite value renders as an em dash.

const DASH = '—'
const cache = new Map<string, Intl.NumberFormat>()

function formatter(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  let f = cache.get(key)
  if (!f) {
    f = new Intl.NumberFormat('en-US', options)
    cache.set(key, f)
  }
  return f
}

function isNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}

/** Options shared by the formatters. */
export type FormatOptions = {
  /** Fraction digits (fixed). */
  digits?: number
  /** Always show the sign (`+1.20`), for P&L and changes. */
  isSigned?: boolean
  /** Compact notation (`1.2M`), for axis labels and summaries. */
  isCompact?: boolean
}

/** A plain number with grouping: `formatNumber(12345.678, { digits: 2 })` → `12,345.68`. */
export function formatNumber(
  value: number | null | undefined,
  options: FormatOptions = {},
): string {
  if (!isNumber(value)) return DASH
  const digits = options.digits ?? (Number.isInteger(value) ? 0 : 2)
  const key = `n|${digits}|${options.isSigned ? 1 : 0}|${options.isCompact ? 1 : 0}`
  return formatter(key, {
    minimumFractionDigits: options.isCompact ? 0 : digits,
    maximumFractionDigits: digits,
    signDisplay: options.isSigned ? 'exceptZero' : 'auto',
    notation: options.isCompact ? 'compact' : 'standard',
  }).format(value)
}

/** A three-letter code, the only shape `Intl` takes as a currency (it throws on any other). */
const CURRENCY_CODE = /^[A-Za-z]{3}$/

/**
 * Money in `currency` (ISO 4217, default USD): `formatMoney(-1234.5)` → `-$1,234.50`,
 * `formatMoney(-1234.5, 'SEK')` → `-SEK 1,234.50`. Amounts are in currency units, not cents.
 * A code `Intl` cannot take (a broker's own label) follows the number: `1,234.50 EURX`; a null
 * currency (no money to speak of yet) gives the bare number.
 */
export function formatMoney(
  value: number | null | undefined,
  currency: string | null = 'USD',
  options: FormatOptions = {},
): string {
  if (!isNumber(value)) return DASH
  const digits = options.digits ?? 2
  if (currency === null || !CURRENCY_CODE.test(currency)) {
    const amount = formatNumber(value, { ...options, digits })
    return currency === null ? amount : `${amount} ${currency}`
  }
  const key = `m|${currency}|${digits}|${options.isSigned ? 1 : 0}|${options.isCompact ? 1 : 0}`
  return formatter(key, {
    style: 'currency',
    currency,
    minimumFractionDigits: options.isCompact ? 0 : digits,
    maximumFractionDigits: digits,
    signDisplay: options.isSigned ? 'exceptZero' : 'auto',
    notation: options.isCompact ? 'compact' : 'standard',
  }).format(value)
}

/** A fraction as a percentage: `formatPct(0.0123)` → `1.23%` (input 1 means 100%). */
export function formatPct(value: number | null | undefined, options: FormatOptions = {}): string {
  if (!isNumber(value)) return DASH
  const digits = options.digits ?? 2
  const key = `p|${digits}|${options.isSigned ? 1 : 0}`
  return formatter(key, {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    signDisplay: options.isSigned ? 'exceptZero' : 'auto',
  }).format(value)
}

/** The CSS class that colours a signed value: `pos`, `neg` or `''` for zero and missing. */
export function signClass(value: number | null | undefined): string {
  if (!isNumber(value) || value === 0) return ''
  return value > 0 ? 'pos' : 'neg'
}
