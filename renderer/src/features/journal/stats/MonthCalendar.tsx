import { useMemo, useState } from 'react'
import type { JournalStatsDto } from '../../../../../electron/core/contract/index'
import { Button } from '../../../components/Button'
import { formatMoney, signClass } from '../../../lib/format'
import { monthOf, monthWeeks, shiftMonth } from './calendar-month'

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

type Day = JournalStatsDto['calendar'][number]

/**
 * Daily net P&L as a month calendar: each trading day with its amount in the statistics'
 * currency, a total per week and per month, and buttons to move between months (it opens on
 * the latest month with trades).
 */
export function MonthCalendar({
  calendar,
  currency,
}: {
  calendar: JournalStatsDto['calendar']
  currency: JournalStatsDto['currency']
}) {
  const byDate = useMemo(() => new Map(calendar.map((d) => [d.date, d])), [calendar])
  const firstMonth = calendar[0] ? monthOf(calendar[0].date) : null
  const lastMonth = calendar.length > 0 ? monthOf(calendar[calendar.length - 1]!.date) : null
  const [picked, setPicked] = useState<string | null>(null)
  if (!firstMonth || !lastMonth) return <p className="muted">No trading days yet.</p>
  // A pick outside the data (after a filter changed) falls back to the latest month.
  const month = picked && picked >= firstMonth && picked <= lastMonth ? picked : lastMonth
  const weeks = monthWeeks(month)
  const money = (v: number) => formatMoney(v, currency, { isSigned: true })
  const inMonth = calendar.filter((d) => monthOf(d.date) === month)
  const monthNet = sum(inMonth)
  const [y, m] = month.split('-').map(Number) as [number, number]
  // Months with trades, to jump over empty stretches.
  const months = [...new Set(calendar.map((d) => monthOf(d.date)))]
  const previous = months.filter((x) => x < month).pop()
  const next = months.find((x) => x > month)

  return (
    <div className="month-cal" data-testid="month-calendar">
      <div className="month-cal-nav">
        <Button
          size="sm"
          variant="ghost"
          onClick={() => setPicked(shiftMonth(month, -1))}
          disabled={month <= firstMonth}
          aria-label="Previous month"
        >
          ‹
        </Button>
        <h3 className="month-cal-title" data-testid="calendar-month" aria-live="polite">
          {MONTHS[m - 1]} {y}
        </h3>
        <Button
          size="sm"
          variant="ghost"
          onClick={() => setPicked(shiftMonth(month, 1))}
          disabled={month >= lastMonth}
          aria-label="Next month"
        >
          ›
        </Button>
        <span className="muted small">
          {previous && (
            <button type="button" className="link-button" onClick={() => setPicked(previous)}>
              ← last traded {previous}
            </button>
          )}
          {next && (
            <button type="button" className="link-button" onClick={() => setPicked(next)}>
              next traded {next} →
            </button>
          )}
        </span>
        <span className={`num month-cal-total ${signClass(monthNet)}`} data-testid="month-net">
          {inMonth.length > 0
            ? `${money(monthNet)} in ${inMonth.length} ${inMonth.length === 1 ? 'day' : 'days'}`
            : 'No trades'}
        </span>
      </div>
      <table className="month-cal-grid">
        <caption className="sr-only">
          Daily net P&amp;L, {MONTHS[m - 1]} {y}
        </caption>
        <thead>
          <tr>
            {WEEKDAYS.map((w) => (
              <th key={w} scope="col">
                {w}
              </th>
            ))}
            <th scope="col">Week</th>
          </tr>
        </thead>
        <tbody>
          {weeks.map((week, i) => {
            const traded = week.flatMap((date) => (date ? (byDate.get(date) ?? []) : []))
            return (
              <tr key={i}>
                {week.map((date, j) => {
                  const day = date ? byDate.get(date) : undefined
                  return (
                    <td
                      key={date ?? `pad-${j}`}
                      className={`month-cal-day ${date ? '' : 'is-outside'} ${day ? `is-traded ${signClass(day.netPnl)}` : ''}`}
                      data-testid={day ? 'cal-day' : undefined}
                      data-date={day ? date : undefined}
                      title={
                        day
                          ? `${date}: ${day.campaigns} campaigns (${day.wins} W / ${day.losses} L)`
                          : undefined
                      }
                    >
                      {date && <span className="month-cal-date">{Number(date.slice(8))}</span>}
                      {day && <span className="num month-cal-amount">{money(day.netPnl)}</span>}
                      {day && <span className="muted small">{day.campaigns} closed</span>}
                    </td>
                  )
                })}
                <td className={`month-cal-week num ${signClass(sum(traded))}`}>
                  {traded.length > 0 ? money(sum(traded)) : ''}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

// Summed in cents: the days' amounts are rounded to cents already.
function sum(days: readonly Day[]): number {
  return days.reduce((cents, d) => cents + Math.round(d.netPnl * 100), 0) / 100
}
