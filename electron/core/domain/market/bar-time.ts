import { wallClockToEpochMs } from '../time/zone'

/** How a time cell was written; date-only and naive values are interpreted differently. */
export type TimeKind = 'date' | 'naive' | 'zoned' | 'epoch'

/** A parsed time cell: the UTC instant in epoch milliseconds and how it was written. */
export type ParsedTime = { ms: number; kind: TimeKind }

const ISO =
  /^(\d{4})([-/.]?)(\d{2})\2(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/
const CLOCK = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

function wallMs(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  fraction: string | undefined,
): number | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null
  if (hour > 23 || minute > 59 || second > 59) return null
  const ms = fraction ? Math.floor(Number(`0.${fraction}`) * 1000) : 0
  return Date.UTC(year, month - 1, day, hour, minute, second, ms)
}

function offsetMs(zone: string): number {
  const upper = zone.toUpperCase()
  if (upper === 'Z' || upper === 'UTC' || upper === 'GMT') return 0
  const sign = zone.startsWith('-') ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  const hours = Number(digits.slice(0, 2))
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0
  return sign * (hours * 60 + minutes) * 60_000
}

/**
 * Parses one time cell. Accepted: `YYYY-MM-DD` (also `/`, `.` or no separator), the same with
 * ` HH:MM[:SS[.fff]]` or `T…`, an optional `Z`/`±HH:MM` zone, `MM/DD/YYYY[ time]`, and epoch
 * seconds (10 digits) or milliseconds (13 digits).
 *
 * Date-only cells are trading days: stored at 00:00 UTC of that date whatever `zone` says, so the
 * weekday never shifts. Naive date-times are wall-clock times in `zone`, converted to UTC by the
 * zone module (domain/time/zone.ts), whose policy for daylight-saving gaps and overlaps fills
 * share: a bar and a fill at one wall-clock time get one instant.
 * Returns null when the cell is not a time.
 */
export function parseTimeCell(text: string, zone: string): ParsedTime | null {
  const cell = text.trim()
  if (/^\d{10}(\.\d+)?$/.test(cell)) return { ms: Math.round(Number(cell) * 1000), kind: 'epoch' }
  if (/^\d{13}$/.test(cell)) return { ms: Number(cell), kind: 'epoch' }
  let match = ISO.exec(cell)
  if (match) {
    const [, y, , mo, d, h, mi, s, frac, tz] = match
    const wall = wallMs(
      Number(y),
      Number(mo),
      Number(d),
      Number(h ?? 0),
      Number(mi ?? 0),
      Number(s ?? 0),
      frac,
    )
    if (wall === null) return null
    if (tz) return { ms: wall - offsetMs(tz), kind: 'zoned' }
    if (h === undefined) return { ms: wall, kind: 'date' }
    return { ms: wallClockToEpochMs(wall, zone), kind: 'naive' }
  }
  match = US.exec(cell)
  if (match) {
    const [, mo, d, y, h, mi, s, frac] = match
    const wall = wallMs(
      Number(y),
      Number(mo),
      Number(d),
      Number(h ?? 0),
      Number(mi ?? 0),
      Number(s ?? 0),
      frac,
    )
    if (wall === null) return null
    if (h === undefined) return { ms: wall, kind: 'date' }
    return { ms: wallClockToEpochMs(wall, zone), kind: 'naive' }
  }
  return null
}

/** Parses a separate clock column (`HH:MM[:SS]`) into milliseconds after midnight, or null. */
export function parseClockCell(text: string): number | null {
  const match = CLOCK.exec(text.trim())
  if (!match) return null
  const [, h, mi, s, frac] = match
  const hour = Number(h)
  const minute = Number(mi)
  const second = Number(s ?? 0)
  if (hour > 23 || minute > 59 || second > 59) return null
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0
  return ((hour * 60 + minute) * 60 + second) * 1000 + ms
}

/** ISO-8601 UTC text of an epoch-millisecond instant. */
export function isoOf(ms: number): string {
  return new Date(ms).toISOString()
}
