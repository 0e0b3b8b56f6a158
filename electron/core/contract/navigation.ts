/**
 * The app's areas, in order: the navigation table the renderer's router and sidebar and the
 * Electron View menu both read, so a label, an order or a shortcut is written once.
 */
export const AREAS = [
  { id: 'journal', label: 'Journal' },
  { id: 'backtests', label: 'Backtests' },
  { id: 'probes', label: 'Probes' },
  { id: 'market', label: 'Market data' },
  { id: 'sync', label: 'Sync' },
  { id: 'settings', label: 'Settings' },
] as const

export type AreaId = (typeof AREAS)[number]['id']

/** Ctrl/Cmd + this digit opens the area: its place in the table, from 1. */
export function shortcutOf(id: AreaId): string {
  return String(AREAS.findIndex((a) => a.id === id) + 1)
}

/** Where `#/` and unknown routes land. */
export const DEFAULT_AREA: AreaId = 'journal'

/** The hash route of an area, as the renderer's router reads it. */
export function areaHash(id: AreaId): string {
  return `#/${id}`
}
