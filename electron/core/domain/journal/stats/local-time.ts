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

/** Calendar date, weekday (0 = Sunday), hour and minute of an instant in `zone`. */
export function localParts(
  utcMs: number,
  zone: string,
): { date: string; weekday: number; hour: number; minute: number } {
  let local = new Date(utcMs)
  if (zone !== 'UTC' && zone !== 'Etc/UTC') {
    const parts = formatterFor(zone).formatToParts(local)
    const get = (type: Intl.DateTimeFormatPartTypes): number =>
      Number(parts.find((p) => p.type === type)?.value ?? 0)
    local = new Date(
      Date.UTC(
        get('year'),
        get('month') - 1,
        get('day'),
        get('hour'),
        get('minute'),
        get('second'),
      ),
    )
  }
  return {
    date: local.toISOString().slice(0, 10),
    weekday: local.getUTCDay(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
  }
}
