import type { SyncVersion } from '../../../../electron/core/contract/index'

/** One field of a conflicting row, as both versions hold it. */
export type FieldDiff = {
  field: string
  label: string
  mine: string
  theirs: string
  isDifferent: boolean
}

// Columns the sync machinery or the database keeps; a trader compares what they wrote.
const HIDDEN = new Set(['id', 'created_at', 'hlc', 'device_id', 'origin_device'])

/** `decision_context_id` → `Decision context id`. */
export function fieldLabel(field: string): string {
  const words = field
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** A cell value as text: `—` for none, lists and objects as compact JSON. */
export function fieldText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—'
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}

/** The time an HLC was taken (its wall clock part: 12 hex digits of milliseconds), or null. */
export function hlcTime(hlc: string): Date | null {
  const wall = /^([0-9a-f]{12})-/.exec(hlc)?.[1]
  if (!wall) return null
  const ms = parseInt(wall, 16)
  return Number.isFinite(ms) ? new Date(ms) : null
}

/**
 * Both versions of a row field by field (the union of their fields, differing ones first, then
 * in the row's order). A deleted version reads as `deleted` in every field.
 */
export function diffVersions(mine: SyncVersion, theirs: SyncVersion): FieldDiff[] {
  const fields = [
    ...new Set([...Object.keys(mine.row ?? {}), ...Object.keys(theirs.row ?? {})]),
  ].filter((f) => !HIDDEN.has(f))
  const text = (v: SyncVersion, f: string): string =>
    v.op === 'del' ? 'deleted' : fieldText(v.row?.[f])
  const rows = fields.map((field) => {
    const a = text(mine, field)
    const b = text(theirs, field)
    return { field, label: fieldLabel(field), mine: a, theirs: b, isDifferent: a !== b }
  })
  return [...rows.filter((r) => r.isDifferent), ...rows.filter((r) => !r.isDifferent)]
}
