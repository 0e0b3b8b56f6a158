import type { JournalStatsDto } from '../../../../../electron/core/contract/index'
import { formatMoney } from '../../../lib/format'

const DAY_MS = 86_400_000
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']

/**
 * Daily net P&L as a heat map: one column per week, one row per weekday, green for profit and
 * red for loss, shaded by size relative to the largest day. Days without trades stay blank.
 */
export function CalendarHeatmap({
  calendar,
  currency,
}: {
  calendar: JournalStatsDto['calendar']
  currency: JournalStatsDto['currency']
}) {
  if (calendar.length === 0) return <p className="muted">No trading days yet.</p>
  const byDate = new Map(calendar.map((d) => [d.date, d]))
  const first = Date.parse(`${calendar[0]?.date ?? ''}T00:00:00Z`)
  const last = Date.parse(`${calendar[calendar.length - 1]?.date ?? ''}T00:00:00Z`)
  // Weeks start on Monday: back up to the Monday on or before the first day.
  const start = first - ((new Date(first).getUTCDay() + 6) % 7) * DAY_MS
  const weeks = Math.floor((last - start) / DAY_MS / 7) + 1
  const maxAbs = Math.max(...calendar.map((d) => Math.abs(d.netPnl)), 0.01)
  const cells = []
  for (let w = 0; w < weeks; w++) {
    for (let d = 0; d < 7; d++) {
      const at = start + (w * 7 + d) * DAY_MS
      const date = new Date(at).toISOString().slice(0, 10)
      const day = byDate.get(date)
      const strength = day ? 0.15 + 0.85 * (Math.abs(day.netPnl) / maxAbs) : 0
      const tone = day ? (day.netPnl > 0 ? 'pos' : day.netPnl < 0 ? 'neg' : 'flat') : 'none'
      cells.push(
        <div
          key={date}
          className={`cal-cell cal-${tone}`}
          style={{ gridColumn: w + 2, gridRow: d + 1, opacity: day ? strength : undefined }}
          title={
            day
              ? `${date}: ${formatMoney(day.netPnl, currency, { isSigned: true })} · ${day.campaigns} campaigns (${day.wins} W / ${day.losses} L)`
              : date
          }
          data-testid={day ? 'cal-day' : undefined}
          data-date={day ? date : undefined}
        />,
      )
    }
  }
  return (
    <div className="cal-wrap">
      <div className="cal-grid" style={{ gridTemplateColumns: `auto repeat(${weeks}, 14px)` }}>
        {WEEKDAYS.map((w, i) => (
          <div key={w} className="cal-label" style={{ gridColumn: 1, gridRow: i + 1 }}>
            {i % 2 === 0 ? w : ''}
          </div>
        ))}
        {cells}
      </div>
    </div>
  )
}
