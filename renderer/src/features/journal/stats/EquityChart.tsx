import { AreaSeries, createChart, type UTCTimestamp } from 'lightweight-charts'
import { useEffect, useRef } from 'react'
import type { JournalStatsDto } from '../../../../../electron/core/contract/index'
import { formatMoney } from '../../../lib/format'
import { chartZoneOptions } from '../../../lib/zone'

function cssVar(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim()
  return value || fallback
}

/** Closed-campaign equity over time, in `currency`: one point per campaign, at its closing time. */
export function EquityChart({
  equity,
  currency,
  zone,
}: {
  equity: JournalStatsDto['equity']
  currency: JournalStatsDto['currency']
  /** Zone of the time-scale labels. */
  zone: string
}) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const el = ref.current
    if (!el || equity.length === 0) return
    const accent = cssVar('--accent', '#2f6fdf')
    const zoned = chartZoneOptions(zone)
    const chart = createChart(el, {
      autoSize: true,
      layout: {
        background: { color: 'transparent' },
        textColor: cssVar('--text-muted', '#5b6471'),
      },
      grid: {
        vertLines: { color: cssVar('--border', '#dde1e7') },
        horzLines: { color: cssVar('--border', '#dde1e7') },
      },
      timeScale: { timeVisible: true, ...zoned.timeScale },
      localization: {
        ...zoned.localization,
        priceFormatter: (value: number) => formatMoney(value, currency),
      },
    })
    const series = chart.addSeries(AreaSeries, {
      lineColor: accent,
      topColor: `${accent}55`,
      bottomColor: `${accent}05`,
      lineWidth: 2,
    })
    // The chart needs strictly increasing times: campaigns closing in the same second stack on
    // the last point of that second.
    const points: { time: UTCTimestamp; value: number }[] = []
    for (const p of equity) {
      const time = Math.floor(Date.parse(p.at) / 1000) as UTCTimestamp
      const last = points[points.length - 1]
      if (last && last.time >= time) last.value = p.equity
      else points.push({ time, value: p.equity })
    }
    series.setData(points)
    chart.timeScale().fitContent()
    return () => chart.remove()
  }, [equity, currency, zone])
  if (equity.length === 0) return <p className="muted">No closed campaigns yet.</p>
  return <div ref={ref} className="equity-chart" data-testid="equity-chart" />
}
