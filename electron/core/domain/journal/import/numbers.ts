/**
 * Reads a number the way broker exports write money and quantities: thousands separators
 * (`1,234.50`), parentheses for negatives (`(400.00)`, `$(400.00)`), currency symbols and codes
 * (`$`, `€`, `£`, `USD`), explicit plus signs (`+500`) and surrounding spaces. Returns null for
 * anything else, including empty strings, `NaN` and `Infinity`, so callers can name the field.
 */
const PLAIN = /^-?\d+(\.\d+)?$/

export function parseNumber(raw: string): number | null {
  // Most cells are plain decimals: skip the money clean-up for them.
  if (PLAIN.test(raw)) return Number(raw)
  let s = raw.trim()
  if (s === '') return null
  let negative = false
  if (/^-?\s*[$€£¥]?\s*\(.*\)$/.test(s)) {
    negative = true
    s = s.replace(/^-?\s*([$€£¥]?)\s*\((.*)\)$/, '$1$2')
  }
  s = s.replace(/^[A-Z]{3}\s+/, '').replace(/\s+[A-Z]{3}$/, '')
  s = s.replace(/^([+-]?)\s*[$€£¥]\s*/, '$1').replace(/\s*[$€£¥]$/, '')
  if (s.startsWith('-')) {
    negative = !negative
    s = s.slice(1)
  } else if (s.startsWith('+')) {
    s = s.slice(1)
  }
  s = s.replace(/^[$€£¥]/, '')
  if (!/^(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$/.test(s) || s === '' || s === '.') return null
  const value = Number(s.replace(/,/g, ''))
  if (!Number.isFinite(value)) return null
  return negative ? -value : value
}

/** Like `parseNumber`, but treats blank and the `--` placeholder some brokers print as zero. */
export function parseMoneyOrZero(raw: string | undefined): number | null {
  const s = (raw ?? '').trim()
  if (s === '' || s === '--' || s === '-') return 0
  return parseNumber(s)
}
