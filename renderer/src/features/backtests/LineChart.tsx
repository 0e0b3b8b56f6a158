import { AreaSeries, createChart, LineSeries, type UTCTimestamp } from 'lightweight-charts'
import { useEffect, useRef } from 'react'

function cssVar(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim()
  return value || fallback
}

/**
 * One series over time: a line (equity) or a filled area below zero (drawdown, in percent).
 * `time` is epoch ms, aligned with `values`.
 */
export function LineChart({
  time,
  values,
  kind = 'line',
  height = 220,
  testId,
}: {
  time: readonly number[]
  values: readonly number[]
  kind?: 'line' | 'drawdown'
  height?: number
  testId?: string
}) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const el = ref.current
    if (!el) return
    const text = cssVar('--text-muted', '#5b6471')
    const grid = cssVar('--border', '#dde1e7')
    const accent = cssVar('--accent', '#2f6fdf')
    const neg = cssVar('--neg', '#c9302c')
    const chart = createChart(el, {
      autoSize: true,
      layout: { background: { color: 'transparent' }, textColor: text },
      grid: { vertLines: { color: grid }, horzLines: { color: grid } },
    })
    const data = time.map((t, i) => ({
      time: Math.floor(t / 1000) as UTCTimestamp,
      value: values[i] ?? 0,
    }))
    if (kind === 'drawdown') {
      const series = chart.addSeries(AreaSeries, {
        lineColor: neg,
        topColor: `${neg}22`,
        bottomColor: `${neg}66`,
        invertFilledArea: true,
        priceFormat: { type: 'percent' },
      })
      series.setData(data)
    } else {
      const series = chart.addSeries(LineSeries, { color: accent, lineWidth: 2 })
      series.setData(data)
    }
    chart.timeScale().fitContent()
    return () => chart.remove()
  }, [time, values, kind])
  return <div ref={ref} style={{ height }} data-testid={testId} className="chart" />
}
