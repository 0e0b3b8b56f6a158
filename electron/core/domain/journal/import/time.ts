/** A wall-clock date and time with no zone attached. */
export type LocalDateTime = {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  millisecond: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(zone, f)
  }
  return f
}

/** True when `zone` is an IANA zone name this runtime knows (`America/New_York`, `UTC`). */
export function isValidZone(zone: string): boolean {
  try {
    formatterFor(zone)
    return true
  } catch {
    return false
  }
}

/**
 * The runtime's own zone: what "local" means when a format documents none. Empty when the
 * machine names no zone the runtime knows (a `TZ` setting such as `Mars/Base` leaves Intl
 * without one), so callers can ask the trader rather than guess.
 */
export function localZone(): string {
  // Typed as a string, but undefined at run time when the machine's zone is unknown.
  const zone: string | undefined = Intl.DateTimeFormat().resolvedOptions().timeZone
  return zone ?? ''
}

const QUARTER_HOUR_MS = 900_000
// 1980-01-01: from here on every zone changes offset only at whole quarter hours of UTC, so one
// offset per (zone, quarter hour) is exact. Earlier local-mean-time offsets had odd seconds.
const CACHE_FROM_MS = 315_532_800_000
const offsetCache = new Map<string, number>()

/** Offset of `zone` from UTC at the instant `epochMs`, in milliseconds (east positive). */
export function zoneOffsetMs(epochMs: number, zone: string): number {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 0
  if (epochMs < CACHE_FROM_MS) return computeOffsetMs(epochMs, zone)
  const key = `${zone}|${Math.floor(epochMs / QUARTER_HOUR_MS)}`
  let offset = offsetCache.get(key)
  if (offset === undefined) {
    // A big import touches a few thousand quarter hours; start afresh rather than grow forever.
    if (offsetCache.size > 200_000) offsetCache.clear()
    offset = computeOffsetMs(Math.floor(epochMs / QUARTER_HOUR_MS) * QUARTER_HOUR_MS, zone)
    offsetCache.set(key, offset)
  }
  return offset
}

function computeOffsetMs(epochMs: number, zone: string): number {
  const wholeSecond = Math.floor(epochMs / 1000) * 1000
  const parts = formatterFor(zone).formatToParts(new Date(wholeSecond))
  const get = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value ?? 0)
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  )
  return asUtc - wholeSecond
}

/**
 * The UTC instant at which clocks in `zone` show `local`, resolved with Intl offsets so DST is
 * right. A wall time repeated when clocks fall back maps to its first (earlier) occurrence; a
 * wall time skipped when clocks spring forward is moved forward by the gap (02:30 on a
 * spring-forward night reads as 03:30), as java.time does.
 */
export function zonedToUtc(local: LocalDateTime, zone: string): Date {
  const wall = Date.UTC(
    local.year,
    local.month - 1,
    local.day,
    local.hour,
    local.minute,
    local.second,
    local.millisecond,
  )
  const halfDay = 43_200_000
  const offsetBefore = zoneOffsetMs(wall - halfDay, zone)
  const offsetAfter = zoneOffsetMs(wall + halfDay, zone)
  // The earlier offset first: for an ambiguous wall time it yields the first occurrence.
  const first = wall - offsetBefore
  if (zoneOffsetMs(first, zone) === offsetBefore) return new Date(first)
  const second = wall - offsetAfter
  if (zoneOffsetMs(second, zone) === offsetAfter) return new Date(second)
  // In a spring-forward gap neither offset round-trips: keep the pre-gap offset, which lands
  // the instant one gap later on the wall clock.
  return new Date(first)
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']

type Token = { kind: 'field'; name: string } | { kind: 'literal'; text: string }

const FIELD_PATTERNS: Record<string, string> = {
  yyyy: '(\\d{4})',
  yy: '(\\d{2})',
  MMM: '([A-Za-z]{3})',
  MM: '(\\d{2})',
  M: '(\\d{1,2})',
  dd: '(\\d{2})',
  d: '(\\d{1,2})',
  HH: '(\\d{2})',
  H: '(\\d{1,2})',
  hh: '(\\d{2})',
  h: '(\\d{1,2})',
  mm: '(\\d{2})',
  ss: '(\\d{2})',
  SSS: '(\\d{1,3})',
  a: '([AaPp][Mm])',
}

const FIELD_NAMES = Object.keys(FIELD_PATTERNS).sort((a, b) => b.length - a.length)

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < pattern.length) {
    const name = FIELD_NAMES.find((n) => pattern.startsWith(n, i))
    if (name) {
      tokens.push({ kind: 'field', name })
      i += name.length
    } else {
      tokens.push({ kind: 'literal', text: pattern[i] ?? '' })
      i++
    }
  }
  return tokens
}

const compiled = new Map<string, { re: RegExp; names: string[] }>()

function compile(pattern: string): { re: RegExp; names: string[] } {
  let c = compiled.get(pattern)
  if (!c) {
    const names: string[] = []
    let source = '^'
    for (const t of tokenize(pattern)) {
      if (t.kind === 'field') {
        names.push(t.name)
        source += FIELD_PATTERNS[t.name] ?? ''
      } else if (t.text === ' ') {
        source += '\\s+'
      } else {
        source += t.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      }
    }
    c = { re: new RegExp(source + '$'), names }
    compiled.set(pattern, c)
  }
  return c
}

/**
 * Reads `raw` with a pattern made of `yyyy yy MMM MM M dd d HH H hh h mm ss SSS a` and literals
 * (e.g. `M/d/yyyy h:mm:ss a`). Returns null when the text does not fit or names an impossible
 * date (Feb 30, hour 25). Two-digit years are 2000–2099.
 */
export function parseLocalDateTime(raw: string, pattern: string): LocalDateTime | null {
  const { re, names } = compile(pattern)
  const m = re.exec(raw.trim())
  if (!m) return null
  const out: LocalDateTime = {
    year: 0,
    month: 1,
    day: 1,
    hour: 0,
    minute: 0,
    second: 0,
    millisecond: 0,
  }
  let pm: boolean | null = null
  let hour12 = false
  for (let k = 0; k < names.length; k++) {
    const name = names[k] ?? ''
    const v = m[k + 1] ?? ''
    switch (name) {
      case 'yyyy':
        out.year = Number(v)
        break
      case 'yy':
        out.year = 2000 + Number(v)
        break
      case 'MMM': {
        const idx = MONTHS.indexOf(v.toUpperCase())
        if (idx < 0) return null
        out.month = idx + 1
        break
      }
      case 'MM':
      case 'M':
        out.month = Number(v)
        break
      case 'dd':
      case 'd':
        out.day = Number(v)
        break
      case 'HH':
      case 'H':
        out.hour = Number(v)
        break
      case 'hh':
      case 'h':
        out.hour = Number(v)
        hour12 = true
        break
      case 'mm':
        out.minute = Number(v)
        break
      case 'ss':
        out.second = Number(v)
        break
      case 'SSS':
        out.millisecond = Number(v.padEnd(3, '0'))
        break
      case 'a':
        pm = v.toUpperCase() === 'PM'
        break
    }
  }
  if (hour12) {
    if (out.hour < 1 || out.hour > 12) return null
    if (pm !== null) out.hour = (out.hour % 12) + (pm ? 12 : 0)
  }
  return isValidLocal(out) ? out : null
}

function isValidLocal(t: LocalDateTime): boolean {
  if (t.year < 1900 || t.year > 2200) return false
  if (t.month < 1 || t.month > 12 || t.day < 1) return false
  const daysInMonth = new Date(Date.UTC(t.year, t.month, 0)).getUTCDate()
  if (t.day > daysInMonth) return false
  return t.hour <= 23 && t.minute <= 59 && t.second <= 59
}

/**
 * Reads an ISO-8601 timestamp. With an offset (`Z`, `+01:00`, `+0100`) it is absolute; without
 * one the wall time is read in `zone`. Returns null for anything malformed.
 */
export function parseIsoInstant(raw: string, zone: string): Date | null {
  const m =
    /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(
      raw.trim(),
    )
  if (!m) return null
  const local: LocalDateTime = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6] ?? 0),
    millisecond: Number((m[7] ?? '0').slice(0, 3).padEnd(3, '0')),
  }
  if (!isValidLocal(local)) return null
  const offset = m[8]
  if (offset === undefined) return zonedToUtc(local, zone)
  const wall = Date.UTC(
    local.year,
    local.month - 1,
    local.day,
    local.hour,
    local.minute,
    local.second,
    local.millisecond,
  )
  if (offset === 'Z') return new Date(wall)
  const om = /^([+-])(\d{2}):?(\d{2})$/.exec(offset)
  if (!om || Number(om[2]) > 14 || Number(om[3]) > 59) return null
  const minutes = Number(om[2]) * 60 + Number(om[3])
  return new Date(wall - (om[1] === '-' ? -1 : 1) * minutes * 60_000)
}

/** Reads `raw` with `pattern` (or `iso`) in `zone`, returning an ISO UTC string or null. */
export function toUtcIso(raw: string, pattern: string, zone: string): string | null {
  if (pattern === 'iso') return parseIsoInstant(raw, zone)?.toISOString() ?? null
  const local = parseLocalDateTime(raw, pattern)
  return local ? zonedToUtc(local, zone).toISOString() : null
}
