// Small display helpers of the campaign pages.
import type { CampaignDto } from '../../../../../electron/core/contract/index'

/** A holding time as `45s`, `12m`, `3h 05m`, `2d 4h`. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—'
  const s = Math.round(ms / 1000)
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m`
  const h = Math.floor(m / 60)
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, '0')}m`
  return `${Math.floor(h / 24)}d ${h % 24}h`
}

/**
 * Net P&L summed per currency (in cents, so the total is exact to the cent), currencies in
 * alphabetical order: money of two currencies is never added together.
 */
export function netByCurrency(
  rows: readonly Pick<CampaignDto, 'netPnl' | 'currency'>[],
): { currency: string; net: number }[] {
  const cents = new Map<string, number>()
  for (const c of rows) {
    cents.set(c.currency, (cents.get(c.currency) ?? 0) + Math.round((c.netPnl ?? 0) * 100))
  }
  return [...cents]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, net]) => ({ currency, net: net / 100 }))
}
