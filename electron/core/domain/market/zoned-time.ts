// Converts wall-clock times in an IANA zone to UTC with Intl only: no time-zone package ships
// with the core, and Intl carries the full tz database in every Node and Chromium build.

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

/** True when `zone` is an IANA zone name (or `UTC`) that this runtime knows. */
export function isValidZone(zone: string): boolean {
  try {
    formatterFor(zone)
    return true
  } catch {
    return false
  }
}

/** Offset of `zone` from UTC at the instant `utcMs`, in milliseconds (east positive). */
export function zoneOffsetMs(zone: string, utcMs: number): number {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 0
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
  return wall - (utcMs - (utcMs % 1000))
}

/**
 * The UTC instant of a wall-clock time (given as if it were UTC, `wallMs`) in `zone`. In the
 * hour skipped by a spring-forward the later offset wins; in a repeated autumn hour the first.
 */
export function wallTimeToUtc(wallMs: number, zone: string): number {
  if (zone === 'UTC' || zone === 'Etc/UTC') return wallMs
  const first = wallMs - zoneOffsetMs(zone, wallMs)
  const second = wallMs - zoneOffsetMs(zone, first)
  if (first === second) return first
  const third = wallMs - zoneOffsetMs(zone, second)
  return Math.min(second, third)
}
