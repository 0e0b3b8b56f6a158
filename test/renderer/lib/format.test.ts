import { describe, expect, it } from 'vitest'
import { formatMoney, formatNumber, formatPct, signClass } from '../../../renderer/src/lib/format'
import { parseHash } from '../../../renderer/src/lib/router'

describe('format helpers', () => {
  it('formats money with grouping, two decimals and the sign in front', () => {
    expect(formatMoney(1234.5)).toBe('$1,234.50')
    expect(formatMoney(-1234.5)).toBe('-$1,234.50')
    expect(formatMoney(12.3456, 'EUR', { digits: 3 })).toBe('€12.346')
    expect(formatMoney(25, 'USD', { isSigned: true })).toBe('+$25.00')
    expect(formatMoney(0, 'USD', { isSigned: true })).toBe('$0.00')
    expect(formatMoney(1_250_000, 'USD', { isCompact: true })).toBe('$1.25M')
  })

  it('formats plain numbers: integers without decimals, fractions with two by default', () => {
    expect(formatNumber(12345)).toBe('12,345')
    expect(formatNumber(12345.678)).toBe('12,345.68')
    expect(formatNumber(0.5, { digits: 4 })).toBe('0.5000')
    expect(formatNumber(-3, { isSigned: true })).toBe('-3')
    expect(formatNumber(3, { isSigned: true })).toBe('+3')
  })

  it('treats its input as a fraction for percentages', () => {
    expect(formatPct(0.0123)).toBe('1.23%')
    expect(formatPct(-0.5, { digits: 0 })).toBe('-50%')
    expect(formatPct(0.1, { isSigned: true, digits: 1 })).toBe('+10.0%')
  })

  it('renders missing and non-finite values as an em dash', () => {
    for (const value of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(formatMoney(value)).toBe('—')
      expect(formatNumber(value)).toBe('—')
      expect(formatPct(value)).toBe('—')
    }
  })

  it('colours signed values', () => {
    expect(signClass(1)).toBe('pos')
    expect(signClass(-0.01)).toBe('neg')
    expect(signClass(0)).toBe('')
    expect(signClass(null)).toBe('')
  })
})

describe('parseHash', () => {
  it('splits the hash route into decoded segments', () => {
    expect(parseHash('')).toEqual([])
    expect(parseHash('#/')).toEqual([])
    expect(parseHash('#/journal')).toEqual(['journal'])
    expect(parseHash('#/journal/abc%20def/')).toEqual(['journal', 'abc def'])
    expect(parseHash('#market/SPY')).toEqual(['market', 'SPY'])
  })
})
