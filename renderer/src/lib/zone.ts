// Display of instants in the trader's display zone: formatting with Intl and a `timeZone`, nothing
// else. Turning wall-clock times into instants, calendar days and planned hours is the core's job
// (electron/core/domain/time/zone.ts, one policy for gaps and overlaps); the renderer may import
// only the contract from electron/ (STYLE §5.1, enforced by lint and renderer/tsconfig.json), so
// it keeps this formatter and never converts by hand.

const NUMERIC_PARTS = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
} as const

const formatters = new Map<string, Intl.DateTimeFormat>()

function partsFormatter(zone: string): Intl.DateTimeFormat {
  const cached = formatters.get(zone)
  if (cached) return cached
  const made = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    ...NUMERIC_PARTS,
  })
  formatters.set(zone, made)
  return made
}

/** The zone of this machine (the browser's), `UTC` when the runtime names none. */
export function machineZone(): string {
  // Typed as a string, but undefined at run time when the machine's zone is unknown.
  const zone: string | undefined = Intl.DateTimeFormat().resolvedOptions().timeZone
  return zone ?? 'UTC'
}

/** Every IANA zone the runtime knows, plus `UTC`, for a picker. */
export function knownZones(): string[] {
  const zones = Intl.supportedValuesOf('timeZone')
  return zones.includes('UTC') ? zones : ['UTC', ...zones]
}

/** Calendar parts of an instant in `zone`, as Intl formats them. */
function zonedParts(
  ms: number,
  zone: string,
): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts = partsFormatter(zone).formatToParts(new Date(ms))
  const get = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value ?? 0)
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  }
}

const pad = (n: number) => String(n).padStart(2, '0')

/** `2025-01-06 14:30:05` in `zone`; an em dash for a missing or unreadable instant. */
export function formatDateTime(iso: string | null, zone: string): string {
  const ms = iso ? Date.parse(iso) : NaN
  if (!Number.isFinite(ms)) return '—'
  const p = zonedParts(ms, zone)
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`
}

/** `2025-01-06` in `zone`. */
export function formatDate(ms: number, zone: string): string {
  const p = zonedParts(ms, zone)
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`
}

/** Today's date (`YYYY-MM-DD`) in `zone`. */
export function todayIn(zone: string, nowMs: number): string {
  return formatDate(nowMs, zone)
}

/**
 * Chart options that label the time scale and the crosshair in `zone` (the charts hold UTC
 * seconds and would otherwise label them in UTC). Tick types 0–2 (year, month, day) show a date,
 * 3–4 (time) a time of day.
 */
export function chartZoneOptions(zone: string): {
  localization: { timeFormatter: (time: unknown) => string }
  timeScale: { tickMarkFormatter: (time: unknown, tickMarkType: number) => string }
} {
  const seconds = (time: unknown): number | null => (typeof time === 'number' ? time : null)
  return {
    localization: {
      timeFormatter: (time) => {
        const s = seconds(time)
        return s === null ? '' : formatDateTime(new Date(s * 1000).toISOString(), zone).slice(0, 16)
      },
    },
    timeScale: {
      tickMarkFormatter: (time, tickMarkType) => {
        const s = seconds(time)
        if (s === null) return ''
        const p = zonedParts(s * 1000, zone)
        if (tickMarkType >= 3) return `${pad(p.hour)}:${pad(p.minute)}`
        if (tickMarkType === 0) return String(p.year)
        return `${p.year}-${pad(p.month)}-${pad(p.day)}`
      },
    },
  }
}
