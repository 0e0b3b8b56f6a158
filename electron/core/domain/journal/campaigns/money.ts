// Money arithmetic on scaled integers. Broker statements are decimal: 0.1 + 0.2 must be 0.3 and
// a P&L must match the statement to the cent, so every quantity, price, multiplier and fee is
// read as the decimal the number prints as and carried as a BigInt of nano-units.

/** Decimal places carried by a `Fixed` value. */
export const FIXED_DIGITS = 9
const SCALE = 10n ** BigInt(FIXED_DIGITS)

/** A decimal number as an integer count of 10⁻⁹ units. */
export type Fixed = bigint

/**
 * Reads `value` as the shortest decimal that prints as it (what a broker file said) and scales it
 * to nano-units, rounding half away from zero beyond the ninth decimal.
 *
 * @throws RangeError on NaN or an infinity: a broken invariant, importers reject those first.
 */
export function toFixed(value: number): Fixed {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`)
  if (Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER) {
    return BigInt(value) * SCALE
  }
  // Below a million the float product is within 0.25 of the exact nano count, so rounding it
  // gives the same integer as reading the decimal text; this path is several times faster.
  if (Math.abs(value) < 1e6) return BigInt(Math.round(value * 1e9))
  return decimalTextToFixed(value)
}

/** `toFixed` through the number's decimal text only: the reference the fast path must match. */
export function decimalTextToFixed(value: number): Fixed {
  const text = String(value)
  const negative = text.startsWith('-')
  const body = negative ? text.slice(1) : text
  const [mantissa = '0', exponentText] = body.toLowerCase().split('e')
  const exponent = exponentText === undefined ? 0 : Number(exponentText)
  const [whole = '0', fraction = ''] = mantissa.split('.')
  const digits = BigInt(whole + fraction)
  // value = digits × 10^(exponent − fraction.length); bring that to 10^−FIXED_DIGITS units.
  const shift = exponent - fraction.length + FIXED_DIGITS
  let scaled: bigint
  if (shift >= 0) {
    scaled = digits * 10n ** BigInt(shift)
  } else {
    const divisor = 10n ** BigInt(-shift)
    scaled = digits / divisor
    if ((digits % divisor) * 2n >= divisor) scaled += 1n
  }
  return negative ? -scaled : scaled
}

/** Back to a JS number (for ratios and display, never for further money sums). */
export function fixedToNumber(value: Fixed): number {
  const whole = value / SCALE
  const fraction = value % SCALE
  return Number(whole) + Number(fraction) / Number(SCALE)
}

/** `a × b` for two `Fixed` values, rounded half away from zero to nano-units. */
export function mulFixed(a: Fixed, b: Fixed): Fixed {
  return divRound(a * b, SCALE)
}

/** `value × num ÷ den`, rounded half away from zero; `den` must not be zero. */
export function mulDivFixed(value: Fixed, num: Fixed, den: Fixed): Fixed {
  if (den === 0n) throw new RangeError('division by zero')
  return divRound(value * num, den)
}

/** Integer cents of a `Fixed` amount, rounded half away from zero. */
export function fixedToCents(value: Fixed): number {
  return Number(divRound(value, SCALE / 100n))
}

/** Money as a number of whole cents divided by 100, the shape every answer carries. */
export function centsToMoney(cents: number): number {
  return cents / 100
}

/** Integer cents of a money number that is already rounded to cents (tolerates float noise). */
export function moneyToCents(money: number): number {
  return Math.round(money * 100)
}

function divRound(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n
  const n = numerator < 0n ? -numerator : numerator
  const d = denominator < 0n ? -denominator : denominator
  let q = n / d
  if ((n % d) * 2n >= d) q += 1n
  return negative ? -q : q
}
