// Reading broker time stamps: patterns and ISO-8601. Turning a wall-clock time into an instant is
// the zone module's job (domain/time/zone.ts), with its one policy for gaps and overlaps.
import { wallClockMs, zonedToEpochMs, type LocalDateTime } from '../../time/zone'

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
  if (offset === undefined) return new Date(zonedToEpochMs(local, zone))
  const wall = wallClockMs(local)
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
  return local ? new Date(zonedToEpochMs(local, zone)).toISOString() : null
}
