import {
  CandlestickSeries,
  createChart,
  createSeriesMarkers,
  HistogramSeries,
  type SeriesMarker,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts'
import { useEffect, useRef } from 'react'
import type { BarSeries } from '../../../../electron/core/contract/index'

function cssVar(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim()
  return value || fallback
}

/** A marker on a bar: a trade entry or exit. */
export type BarMarker = { timeMs: number; isUp: boolean; text: string }

/** Candles with a volume histogram underneath, and optional markers (trades). */
export function CandleChart({
  bars,
  markers = [],
  height = 360,
  testId,
}: {
  bars: BarSeries
  markers?: readonly BarMarker[]
  height?: number
  testId?: string
}) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const el = ref.current
    if (!el) return
    const text = cssVar('--text-muted', '#5b6471')
    const grid = cssVar('--border', '#dde1e7')
    const pos = cssVar('--pos', '#0f8a4a')
    const neg = cssVar('--neg', '#c9302c')
    const chart = createChart(el, {
      autoSize: true,
      layout: { background: { color: 'transparent' }, textColor: text },
      grid: { vertLines: { color: grid }, horzLines: { color: grid } },
      timeScale: { timeVisible: bars.timeframe.endsWith('Min') || bars.timeframe.endsWith('Hour') },
    })
    const candles = chart.addSeries(CandlestickSeries, {
      upColor: pos,
      downColor: neg,
      wickUpColor: pos,
      wickDownColor: neg,
      borderVisible: false,
    })
    candles.priceScale().applyOptions({ scaleMargins: { top: 0.05, bottom: 0.25 } })
    const volume = chart.addSeries(HistogramSeries, {
      priceScaleId: 'volume',
      priceFormat: { type: 'volume' },
    })
    volume.priceScale().applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } })
    const times = bars.time.map((t) => Math.floor(t / 1000) as UTCTimestamp)
    candles.setData(
      times.map((time, i) => ({
        time,
        open: bars.open[i] ?? 0,
        high: bars.high[i] ?? 0,
        low: bars.low[i] ?? 0,
        close: bars.close[i] ?? 0,
      })),
    )
    volume.setData(
      times.map((time, i) => ({
        time,
        value: bars.volume[i] ?? 0,
        color: (bars.close[i] ?? 0) >= (bars.open[i] ?? 0) ? `${pos}66` : `${neg}66`,
      })),
    )
    if (markers.length > 0) {
      const list: SeriesMarker<Time>[] = markers
        .map((m) => ({
          time: Math.floor(m.timeMs / 1000) as UTCTimestamp,
          position: m.isUp ? ('belowBar' as const) : ('aboveBar' as const),
          shape: m.isUp ? ('arrowUp' as const) : ('arrowDown' as const),
          color: m.isUp ? pos : neg,
          text: m.text,
        }))
        .sort((a, b) => a.time - b.time)
      createSeriesMarkers(candles, list)
    }
    chart.timeScale().fitContent()
    return () => chart.remove()
  }, [bars, markers])
  return <div ref={ref} style={{ height }} data-testid={testId} className="chart" />
}
