// The one place the core turns wall-clock times in an IANA zone into instants and back: broker
// fills, market bars, statistics, the planned-hours check and the handlers all go through it, so
// one wall-clock time in one zone is one instant everywhere.
//
// Intl only: no time-zone package ships with the core, and Intl carries the full tz database in
// every Node and Chromium build. Pure: no I/O, no platform imports.
//
// A wall-clock time is not always exactly one instant. The policy, for every caller, is
// Temporal's `disambiguation: 'compatible'` (the same as java.time's `ZonedDateTime.of` and
// RFC 5545), see https://tc39.es/proposal-temporal/docs/zoneddatetime.html#ambiguity-due-to-dst-or-other-time-zone-offset-changes
// - In a gap (clocks spring forward), the time moves forward by the length of the gap: it is read
//   with the offset in force before the transition. 02:30 America/New_York on 2024-03-10 is
//   03:30 EDT, 07:30Z.
// - In an overlap (clocks fall back), the time takes the earlier of its two instants, the one
//   with the offset in force before the transition. 01:30 America/New_York on 2024-11-03 is
//   01:30 EDT, 05:30Z (not 01:30 EST, 06:30Z).

/** A wall-clock date and time with no zone attached (month 1–12). */
export type LocalDateTime = {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  millisecond: number
}

/** What a clock and calendar in a zone show at an instant. */
export type LocalParts = {
  /** `YYYY-MM-DD`. */
  date: string
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number
  hour: number
  minute: number
}

const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000
// An import or years of statistics touch a few tens of thousands of hours per zone; a zone's
// cache starts afresh past this rather than grow forever.
const MAX_CACHED_HOURS = 200_000

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone)
  if (!formatter) {
    // Throws a RangeError for a zone the runtime does not know.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(zone, formatter)
  }
  return formatter
}

function isUtc(zone: string): boolean {
  return zone === 'UTC' || zone === 'Etc/UTC'
}

/** True when `zone` is an IANA zone name this runtime knows (`America/New_York`, `UTC`). */
export function isValidZone(zone: string): boolean {
  if (zone === '') return false
  try {
    formatterFor(zone)
    return true
  } catch {
    return false
  }
}

/**
 * This machine's zone: what "local" means when a file or a profile names none. Null when the
 * machine names no zone the runtime knows (a `TZ` setting such as `Mars/Base` leaves Intl without
 * one), so callers can ask the trader, or say which fallback they chose, rather than guess.
 */
export function machineZone(): string | null {
  // Typed as a string, but undefined at run time when the machine's zone is unknown.
  const zone: string | undefined = Intl.DateTimeFormat().resolvedOptions().timeZone
  return zone || null
}

function exactOffsetMs(epochMs: number, zone: string): number {
  const wholeSecond = Math.floor(epochMs / 1000) * 1000
  const parts = formatterFor(zone).formatToParts(new Date(wholeSecond))
  const get = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value ?? 0)
  const wall = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  )
  return wall - wholeSecond
}

// Offsets per zone at whole UTC hours: formatToParts costs microseconds, and an import of a
// million bars or statistics over tens of thousands of campaigns ask several times per row.
const hourOffsets = new Map<string, Map<number, number>>()

function offsetAtHour(hour: number, zone: string, byHour: Map<number, number>): number {
  let offset = byHour.get(hour)
  if (offset === undefined) {
    if (byHour.size >= MAX_CACHED_HOURS) byHour.clear()
    offset = exactOffsetMs(hour * HOUR_MS, zone)
    byHour.set(hour, offset)
  }
  return offset
}

/**
 * Offset of `zone` from UTC at the instant `epochMs`, in milliseconds (east positive): the wall
 * clock there minus UTC. Throws a RangeError for a zone `isValidZone` refuses.
 */
export function zoneOffsetMs(epochMs: number, zone: string): number {
  if (isUtc(zone)) return 0
  let byHour = hourOffsets.get(zone)
  if (!byHour) hourOffsets.set(zone, (byHour = new Map<number, number>()))
  const hour = Math.floor(epochMs / HOUR_MS)
  const start = offsetAtHour(hour, zone, byHour)
  // Zones change offset at most once an hour; a transition inside this hour (some fall on the
  // half hour) shows as a different offset at its end, and then the instant is asked exactly.
  return start === offsetAtHour(hour + 1, zone, byHour) ? start : exactOffsetMs(epochMs, zone)
}

/**
 * The instant (epoch ms) at which clocks in `zone` show the wall-clock time `wallMs`, given as
 * the epoch ms that time would be in UTC (`Date.UTC(y, m - 1, d, h, mi, s, ms)`). Gaps and
 * overlaps follow the module's policy: Temporal's `'compatible'` disambiguation.
 */
export function wallClockToEpochMs(wallMs: number, zone: string): number {
  if (isUtc(zone)) return wallMs
  // The offsets a day either side bound every offset this wall time can have (as Temporal's
  // reference implementation does); a transition between them makes a gap or an overlap.
  const before = zoneOffsetMs(wallMs - DAY_MS, zone)
  const after = zoneOffsetMs(wallMs + DAY_MS, zone)
  const early = wallMs - before
  if (before === after) return early
  const isEarlyValid = zoneOffsetMs(early, zone) === before
  const late = wallMs - after
  const isLateValid = zoneOffsetMs(late, zone) === after
  // Overlap: both are real instants, take the earlier; one only: that one.
  if (isEarlyValid && isLateValid) return Math.min(early, late)
  if (isEarlyValid) return early
  if (isLateValid) return late
  // Gap: neither offset gives this wall time back. The offset from before the transition lands
  // the instant one gap later on the wall clock.
  return early
}

/** The epoch ms the wall-clock time `local` would be in UTC: the form `wallClockToEpochMs` takes. */
export function wallClockMs(local: LocalDateTime): number {
  return Date.UTC(
    local.year,
    local.month - 1,
    local.day,
    local.hour,
    local.minute,
    local.second,
    local.millisecond,
  )
}

/** The instant (epoch ms) of the wall-clock time `local` in `zone`; see `wallClockToEpochMs`. */
export function zonedToEpochMs(local: LocalDateTime, zone: string): number {
  return wallClockToEpochMs(wallClockMs(local), zone)
}

/** Calendar date, weekday (0 = Sunday), hour and minute of the instant `epochMs` in `zone`. */
export function localParts(epochMs: number, zone: string): LocalParts {
  // Whole seconds, as the wall-clock parts read them.
  const local = new Date(Math.floor(epochMs / 1000) * 1000 + zoneOffsetMs(epochMs, zone))
  return {
    date: local.toISOString().slice(0, 10),
    weekday: local.getUTCDay(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
  }
}
