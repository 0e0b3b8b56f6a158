// Money on the statistics page is in the answer's currency: any ISO code, a broker's own label,
// or none yet (an empty journal).
import { describe, expect, it } from 'vitest'
import { formatMoney } from '../../../renderer/src/lib/format'

describe('formatMoney in the currency of the figures', () => {
  // Intl puts a no-break space between a currency code and the amount.
  it('writes the code or symbol of the currency it is given, not a dollar', () => {
    expect(formatMoney(-1234.5, 'SEK')).toBe('-SEK\u00a01,234.50')
    expect(formatMoney(734, 'SEK', { isSigned: true })).toBe('+SEK\u00a0734.00')
    expect(formatMoney(99, 'USD', { isSigned: true })).toBe('+$99.00')
    expect(formatMoney(12, 'eur')).toBe('€12.00')
  })

  it('puts a code Intl cannot take after the number instead of throwing', () => {
    expect(formatMoney(1234.5, 'EURX')).toBe('1,234.50 EURX')
    expect(formatMoney(-5, 'US', { isSigned: true })).toBe('-5.00 US')
  })

  it('gives the bare number without a currency, and a dash without a number', () => {
    expect(formatMoney(0, null)).toBe('0.00')
    expect(formatMoney(1_250_000, null, { isCompact: true })).toBe('1.25M')
    expect(formatMoney(null, 'SEK')).toBe('—')
  })
})
