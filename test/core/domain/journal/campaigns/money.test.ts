import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  decimalTextToFixed,
  fixedToCents,
  fixedToNumber,
  mulDivFixed,
  mulFixed,
  toFixed,
} from '../../../../../electron/core/domain/journal/campaigns/money'

describe('money', () => {
  it('reads numbers as the decimals they print as', () => {
    expect(toFixed(0.1) + toFixed(0.2)).toBe(toFixed(0.3))
    expect(toFixed(1e-7)).toBe(100n)
    expect(toFixed(-2.5)).toBe(-2_500_000_000n)
    expect(toFixed(1.5e21)).toBe(1_500_000_000_000_000_000_000_000_000_000n)
    expect(toFixed(1e-10)).toBe(0n)
    expect(toFixed(5e-10)).toBe(1n)
  })

  it('multiplies and rounds half away from zero to cents', () => {
    expect(fixedToCents(mulFixed(toFixed(5300.25), toFixed(5)))).toBe(2_650_125)
    expect(fixedToCents(toFixed(0.005))).toBe(1)
    expect(fixedToCents(toFixed(-0.005))).toBe(-1)
    expect(fixedToCents(toFixed(0.0049))).toBe(0)
    expect(fixedToNumber(mulDivFixed(toFixed(3.03), toFixed(1), toFixed(3)))).toBe(1.01)
  })

  it('takes the fast path only where it agrees with the decimal text', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -999_999_999_999_999, max: 999_999_999_999_999 }),
        fc.integer({ min: 0, max: 9 }),
        (units, places) => {
          const value = units / 10 ** places
          expect(toFixed(value)).toBe(decimalTextToFixed(value))
        },
      ),
      { seed: 20250106, numRuns: 5000 },
    )
  })

  it('refuses what is not a finite number', () => {
    expect(() => toFixed(Number.NaN)).toThrow(RangeError)
    expect(() => toFixed(Infinity)).toThrow(RangeError)
  })
})
