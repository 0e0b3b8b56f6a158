// Local calendar parts of an instant with Intl only: no time-zone package ships with the core,
// and Intl carries the tz database in every Node and Chromium build.

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone)
  if (!formatter) {
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

const HOUR_MS = 3_600_000

// Offset (local wall clock − UTC, ms) of a zone at whole UTC hours, per zone: formatToParts costs
// microseconds, and statistics over tens of thousands of campaigns call it twice each.
const hourOffsets = new Map<string, Map<number, number>>()

function exactOffset(utcMs: number, zone: string): number {
  const parts = formatterFor(zone).formatToParts(new Date(utcMs))
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
  return wall - Math.floor(utcMs / 1000) * 1000
}

function offsetAtHour(hour: number, zone: string): number {
  let byHour = hourOffsets.get(zone)
  if (!byHour) hourOffsets.set(zone, (byHour = new Map<number, number>()))
  let offset = byHour.get(hour)
  if (offset === undefined) {
    offset = exactOffset(hour * HOUR_MS, zone)
    if (byHour.size > 200_000) byHour.clear()
    byHour.set(hour, offset)
  }
  return offset
}

/** Offset of `zone` at an instant: cached by hour when no transition falls inside that hour. */
function offsetAt(utcMs: number, zone: string): number {
  const hour = Math.floor(utcMs / HOUR_MS)
  const start = offsetAtHour(hour, zone)
  // Zones change offset at most once an hour; a transition inside this hour (some fall on the
  // half hour) shows as a different offset at its end, and then the instant is asked exactly.
  return start === offsetAtHour(hour + 1, zone) ? start : exactOffset(utcMs, zone)
}

/** Calendar date, weekday (0 = Sunday), hour and minute of an instant in `zone`. */
export function localParts(
  utcMs: number,
  zone: string,
): { date: string; weekday: number; hour: number; minute: number } {
  let local = new Date(utcMs)
  if (zone !== 'UTC' && zone !== 'Etc/UTC') {
    // Whole seconds, as the wall-clock parts read them.
    local = new Date(Math.floor(utcMs / 1000) * 1000 + offsetAt(utcMs, zone))
  }
  return {
    date: local.toISOString().slice(0, 10),
    weekday: local.getUTCDay(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
  }
}
