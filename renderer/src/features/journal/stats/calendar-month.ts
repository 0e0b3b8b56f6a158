// Month arithmetic of the P&L calendar on `YYYY-MM` and `YYYY-MM-DD` strings: the days come
// from the core already in the display zone, so no instant is converted here.

/** `2025-03` of a `2025-03-14` day. */
export function monthOf(date: string): string {
  return date.slice(0, 7)
}

/** The month `delta` months after `month` (`YYYY-MM`). Calendar arithmetic, no zone involved. */
export function shiftMonth(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const index = y * 12 + (m - 1) + delta
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
}

/**
 * The weeks (Monday first) of a month as `YYYY-MM-DD` dates, null outside the month. The days
 * of the answer are already the trader's days (in the display zone), so this is calendar
 * arithmetic on dates only.
 */
export function monthWeeks(month: string): (string | null)[][] {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const first = Date.UTC(y, m - 1, 1)
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate()
  const lead = (new Date(first).getUTCDay() + 6) % 7
  const cells: (string | null)[] = Array.from({ length: lead }, () => null)
  for (let d = 1; d <= days; d++) cells.push(`${month}-${String(d).padStart(2, '0')}`)
  while (cells.length % 7 !== 0) cells.push(null)
  const weeks: (string | null)[][] = []
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7))
  return weeks
}
