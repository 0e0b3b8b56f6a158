/** A bar length: `1Min`, `15Min`, `1Hour`, `4Hour`, `1Day`, `1Week`, `1Month` (seed 001 spelling). */
export type Timeframe = string

/** The unit and count of a timeframe; weeks and months are calendar units, not fixed lengths. */
export type TimeframeParts = { count: number; unit: 'Min' | 'Hour' | 'Day' | 'Week' | 'Month' }

const PATTERN = /^([1-9]\d{0,3})(Min|Hour|Day|Week|Month)$/

const UNIT_MS = { Min: 60_000, Hour: 3_600_000, Day: 86_400_000, Week: 7 * 86_400_000 } as const

/** Splits a timeframe into count and unit, or null when it is not one we know. */
export function parseTimeframe(timeframe: string): TimeframeParts | null {
  const match = PATTERN.exec(timeframe)
  if (!match) return null
  return { count: Number(match[1]), unit: match[2] as TimeframeParts['unit'] }
}

/** True for `1Min` … `nHour`: bars that sit inside one trading day. */
export function isIntraday(timeframe: string): boolean {
  const parts = parseTimeframe(timeframe)
  return parts !== null && (parts.unit === 'Min' || parts.unit === 'Hour')
}

/**
 * Nominal length of one bar in milliseconds (a month counts 30 days). Used for ordering
 * timeframes and for spacing checks; calendar buckets are computed separately.
 */
export function timeframeMs(timeframe: string): number {
  const parts = parseTimeframe(timeframe)
  if (!parts) return Number.NaN
  if (parts.unit === 'Month') return parts.count * 30 * UNIT_MS.Day
  return parts.count * UNIT_MS[parts.unit]
}
