import type { BarColumns } from './bars'
import { isoOf, parseClockCell, parseTimeCell, type TimeKind } from './bar-time'
import { err, ok, type Result } from './result'
import { isValidZone, wallClockToEpochMs } from '../time/zone'

/** One problem in a bar file: which file, which 1-based line, which field, and what is wrong. */
export type BarIssue = { file: string; line: number; field: string; message: string }

/** Why a bar file was refused: a one-line summary plus every issue found (capped). */
export type BarParseError = { message: string; issues: BarIssue[]; truncated: boolean }

/** Where each value sits in the source: column names as the file spells them. */
export type BarLayout = {
  format: 'csv' | 'parquet'
  /** CSV only: the detected delimiter. */
  delimiter: string | null
  hasHeader: boolean
  timeColumn: string
  /** Set when date and clock sit in two columns (`Date`,`Time`). */
  clockColumn: string | null
  open: string
  high: string
  low: string
  close: string
  volume: string | null
  /** Columns present but not imported (`Adj Close`, `OpenInterest`, …). */
  ignored: string[]
  /** How the time cells were written; `mixed` when the file mixes kinds. */
  timeKind: TimeKind | 'mixed'
}

/** A file turned into validated, time-ordered columns. */
export type ParsedBars = {
  bars: BarColumns
  layout: BarLayout
  /** False when the file has no volume column; the volume column then holds zeros. */
  hasVolume: boolean
  /** Non-fatal notes, e.g. that rows were sorted into time order. */
  warnings: string[]
  /** The source line of each bar, in output order (for previews and error messages). */
  lines: number[]
}

/** Options shared by every bar reader. */
export type BarReadOptions = {
  /** Name used in error messages, e.g. `GOOG.csv`. */
  fileName: string
  /** IANA zone for naive date-times; `UTC` when absent. */
  tz?: string | undefined
  /** The current time (epoch ms) bar times are checked against; defaults to now. */
  nowMs?: number | undefined
}

/** Earliest bar time accepted: market series reach back to the 1900s, nothing to before. */
export const MIN_BAR_MS = Date.UTC(1900, 0, 1)
/** How far past the current time a bar may be stamped (a bar of 2199 is a typo). */
export const BAR_HORIZON_DAYS = 3

/**
 * Columns the importer reads that the header names twice (after normalising, so `Close` and
 * `close` are one name): which copy holds the value would be a guess. Returns the first such
 * column's name and every 0-based position, or null.
 */
export function duplicateRoleColumn(
  headers: readonly string[],
  index: Partial<Record<string, number>>,
): { name: string; at: number[] } | null {
  const norm = headers.map(normaliseHeader)
  for (const i of Object.values(index)) {
    if (i === undefined) continue
    const key = norm[i] as string
    const at = norm.flatMap((n, j) => (n === key ? [j] : []))
    if (at.length > 1) return { name: headers[i] || '(first column)', at }
  }
  return null
}

/** A cell value as a reader hands it over: text (CSV) or a typed value (Parquet). */
export type RawCell = string | number | bigint | Date | null | undefined

/** One source record, cells keyed by role, before validation. */
export type RawBarRow = {
  line: number
  time: RawCell
  clock?: RawCell
  open: RawCell
  high: RawCell
  low: RawCell
  close: RawCell
  volume?: RawCell
}

const MAX_ISSUES = 50

const ROLE_NAMES: Record<
  'time' | 'clock' | 'open' | 'high' | 'low' | 'close' | 'volume',
  string[]
> = {
  time: [
    '',
    'date',
    'datetime',
    'timestamp',
    'ts',
    'index',
    'dt',
    'day',
    'datetimeutc',
    'unnamed0',
    'opentime',
    't',
    'gmttime',
    'localtime',
    'timeutc',
    'period',
  ],
  clock: ['time', 'clock'],
  open: ['open', 'o', 'openprice', 'openbid'],
  high: ['high', 'h', 'highprice', 'max'],
  low: ['low', 'l', 'lowprice', 'min'],
  close: ['close', 'c', 'closeprice', 'last', 'price'],
  volume: ['volume', 'vol', 'v', 'tickvolume', 'qty', 'quantity'],
}

/** Lower-cased header with spaces, quotes, dots, dashes and underscores removed. */
export function normaliseHeader(name: string): string {
  return name.toLowerCase().replace(/["'\s._\-<>]/g, '')
}

/**
 * Assigns header names to roles. A lone `time` column is the timestamp; `date` plus `time` is a
 * date and a clock. Returns the missing roles when open, high, low, close or time are absent.
 */
export function mapColumns(
  headers: readonly string[],
): Result<
  { index: Partial<Record<keyof typeof ROLE_NAMES, number>>; ignored: string[] },
  string[]
> {
  const norm = headers.map(normaliseHeader)
  const index: Partial<Record<keyof typeof ROLE_NAMES, number>> = {}
  const find = (role: keyof typeof ROLE_NAMES): number | undefined => {
    const found = norm.findIndex(
      (h, i) => ROLE_NAMES[role].includes(h) && !Object.values(index).includes(i),
    )
    return found === -1 ? undefined : found
  }
  for (const role of ['open', 'high', 'low', 'close', 'volume'] as const) {
    const at = find(role)
    if (at !== undefined) index[role] = at
  }
  const time = find('time')
  const clock = norm.indexOf('time')
  if (time !== undefined) {
    index.time = time
    if (clock !== -1 && clock !== time) index.clock = clock
  } else if (clock !== -1) {
    index.time = clock
  }
  const missing = (['time', 'open', 'high', 'low', 'close'] as const).filter(
    (r) => index[r] === undefined,
  )
  if (missing.length > 0) return err(missing)
  const used = new Set(Object.values(index))
  return ok({ index, ignored: headers.filter((_, i) => !used.has(i)) })
}

function numberOf(cell: RawCell, decimalComma: boolean): number | 'empty' | 'nan' {
  if (cell === null || cell === undefined) return 'empty'
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : 'nan'
  if (typeof cell === 'bigint') return Number(cell)
  if (cell instanceof Date) return 'nan'
  const text = cell.trim()
  if (text === '') return 'empty'
  const value = Number(decimalComma ? text.replace(',', '.') : text)
  return Number.isFinite(value) ? value : 'nan'
}

function timeOf(
  cell: RawCell,
  clock: RawCell,
  zone: string,
): { ms: number; kind: TimeKind } | 'empty' | 'bad' | 'bad-clock' {
  if (cell === null || cell === undefined) return 'empty'
  let parsed: { ms: number; kind: TimeKind } | null
  if (cell instanceof Date) parsed = { ms: cell.getTime(), kind: 'zoned' }
  else if (typeof cell === 'bigint') parsed = { ms: Number(cell), kind: 'epoch' }
  else if (typeof cell === 'number') parsed = parseTimeCell(String(cell), zone)
  else if (cell.trim() === '') return 'empty'
  else parsed = parseTimeCell(cell, zone)
  if (!parsed || !Number.isFinite(parsed.ms)) return 'bad'
  if (clock === undefined || clock === null) return parsed
  const clockMs = parseClockCell(String(clock))
  if (clockMs === null) return 'bad-clock'
  if (parsed.kind !== 'date') return 'bad'
  return { ms: wallClockToEpochMs(parsed.ms + clockMs, zone), kind: 'naive' }
}

type Names = {
  time: string
  clock: string | null
  open: string
  high: string
  low: string
  close: string
  volume: string | null
}

/**
 * Validates raw rows as seed 001 states (prices > 0, high ≥ low, high ≥ open and close, low ≤ open
 * and close, volume ≥ 0, a readable time) and orders them by time. Unsorted input is sorted with a
 * warning; two rows with the same time are an error naming both lines. Never throws for bad input.
 */
export function buildBars(
  rows: readonly RawBarRow[],
  names: Names,
  options: BarReadOptions & { decimalComma?: boolean },
): Result<
  { bars: BarColumns; warnings: string[]; lines: number[]; timeKind: TimeKind | 'mixed' },
  BarParseError
> {
  const file = options.fileName
  const zone = options.tz ?? 'UTC'
  const latestMs = (options.nowMs ?? Date.now()) + BAR_HORIZON_DAYS * 86_400_000
  const issues: BarIssue[] = []
  let truncated = false
  const issue = (line: number, field: string, message: string): void => {
    if (issues.length >= MAX_ISSUES) truncated = true
    else issues.push({ file, line, field, message })
  }
  if (!isValidZone(zone)) {
    issue(0, 'tz', `unknown time zone "${zone}"`)
    return err(summarise(issues, truncated))
  }
  if (rows.length === 0) {
    issue(1, '(file)', 'no bars: the file has no data rows')
    return err(summarise(issues, truncated))
  }
  const n = rows.length
  const time = new Float64Array(n)
  const open = new Float64Array(n)
  const high = new Float64Array(n)
  const low = new Float64Array(n)
  const close = new Float64Array(n)
  const volume = new Float64Array(n)
  const kinds = new Set<TimeKind>()
  const decimalComma = options.decimalComma ?? false
  for (let i = 0; i < n; i++) {
    const row = rows[i] as RawBarRow
    const t = timeOf(row.time, names.clock ? row.clock : undefined, zone)
    if (t === 'empty') issue(row.line, names.time, 'time is empty')
    else if (t === 'bad') issue(row.line, names.time, `"${String(row.time)}" is not a date or time`)
    else if (t === 'bad-clock')
      issue(
        row.line,
        names.clock ?? 'time',
        `"${String(row.clock)}" is not a clock time (HH:MM[:SS])`,
      )
    else if (t.ms < MIN_BAR_MS) {
      issue(row.line, names.time, `${isoOf(t.ms)} is before 1900`)
    } else if (t.ms > latestMs) {
      issue(
        row.line,
        names.time,
        `${isoOf(t.ms)} is more than ${BAR_HORIZON_DAYS} days in the future`,
      )
    } else {
      time[i] = t.ms
      kinds.add(t.kind)
    }
    let pricesOk = true
    const prices = [
      ['open', row.open, open],
      ['high', row.high, high],
      ['low', row.low, low],
      ['close', row.close, close],
    ] as const
    for (const [role, cell, column] of prices) {
      const field = names[role]
      const value = numberOf(cell, decimalComma)
      if (value === 'empty') {
        issue(row.line, field, `${role} is empty`)
        pricesOk = false
      } else if (value === 'nan') {
        issue(row.line, field, `"${String(cell)}" is not a number`)
        pricesOk = false
      } else if (value <= 0) {
        issue(row.line, field, `${role} must be > 0, got ${value}`)
        pricesOk = false
      } else column[i] = value
    }
    if (pricesOk) {
      const o = open[i] as number
      const h = high[i] as number
      const l = low[i] as number
      const c = close[i] as number
      if (h < l) issue(row.line, names.high, `high ${h} is below low ${l}`)
      else if (h < o || h < c)
        issue(row.line, names.high, `high ${h} is below ${h < o ? `open ${o}` : `close ${c}`}`)
      else if (l > o || l > c)
        issue(row.line, names.low, `low ${l} is above ${l > o ? `open ${o}` : `close ${c}`}`)
    }
    if (names.volume) {
      const value = numberOf(row.volume, decimalComma)
      if (value === 'empty') issue(row.line, names.volume, 'volume is empty')
      else if (value === 'nan')
        issue(row.line, names.volume, `"${String(row.volume)}" is not a number`)
      else if (value < 0) issue(row.line, names.volume, `volume must be ≥ 0, got ${value}`)
      else volume[i] = value
    }
  }
  if (issues.length > 0) return err(summarise(issues, truncated))

  const warnings: string[] = []
  const order = Array.from({ length: n }, (_, i) => i)
  let isSorted = true
  for (let i = 1; i < n; i++) {
    if ((time[i] as number) <= (time[i - 1] as number)) {
      isSorted = false
      break
    }
  }
  if (!isSorted) order.sort((a, b) => (time[a] as number) - (time[b] as number) || a - b)
  for (let k = 1; k < n; k++) {
    const a = order[k - 1] as number
    const b = order[k] as number
    if (time[a] === time[b]) {
      const first = rows[a] as RawBarRow
      const second = rows[b] as RawBarRow
      issue(
        second.line,
        names.time,
        `duplicate time ${isoOf(time[b] as number)}: line ${first.line} has the same time`,
      )
    }
  }
  if (issues.length > 0) return err(summarise(issues, truncated))
  if (!isSorted) warnings.push('rows were not in time order; they were sorted by time')
  const pick = (column: Float64Array): Float64Array =>
    isSorted ? column : Float64Array.from(order, (i) => column[i] as number)
  const lines = order.map((i) => (rows[i] as RawBarRow).line)
  const timeKind = kinds.size === 1 ? ([...kinds][0] as TimeKind) : 'mixed'
  return ok({
    bars: {
      time: pick(time),
      open: pick(open),
      high: pick(high),
      low: pick(low),
      close: pick(close),
      volume: pick(volume),
    },
    warnings,
    lines,
    timeKind,
  })
}

function summarise(issues: BarIssue[], truncated: boolean): BarParseError {
  const first = issues[0] as BarIssue
  const more = issues.length > 1 ? ` (and ${issues.length - 1}${truncated ? '+' : ''} more)` : ''
  const where = first.line > 0 ? `${first.file}:${first.line}` : first.file
  return { message: `${where}: ${first.field}: ${first.message}${more}`, issues, truncated }
}

/** Wraps a single file-level problem (no data rows, missing columns) as a parse error. */
export function fileError(
  file: string,
  line: number,
  field: string,
  message: string,
): BarParseError {
  return summarise([{ file, line, field, message }], false)
}
