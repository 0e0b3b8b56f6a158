import {
  CandlestickSeries,
  createChart,
  createSeriesMarkers,
  type SeriesMarker,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts'
import { useEffect, useRef } from 'react'
import type { CampaignDto } from '../../../../../electron/core/contract/index'
import { chartZoneOptions } from '../../../lib/zone'
import type { CampaignBars } from '../../../stores/campaign-store'

function cssVar(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim()
  return value || fallback
}

/**
 * Candles of the campaign's symbol with a marker per leg: arrows up for buys, down for sells,
 * placed on the bar the fill happened in.
 */
export function CampaignChart({
  campaign,
  bars,
  zone,
}: {
  campaign: CampaignDto
  bars: NonNullable<CampaignBars>
  /** Zone of the time-scale labels. */
  zone: string
}) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const el = ref.current
    if (!el) return
    const text = cssVar('--text-muted', '#5b6471')
    const grid = cssVar('--border', '#dde1e7')
    const pos = cssVar('--pos', '#0f8a4a')
    const neg = cssVar('--neg', '#c9302c')
    const zoned = chartZoneOptions(zone)
    const chart = createChart(el, {
      autoSize: true,
      layout: { background: { color: 'transparent' }, textColor: text },
      grid: { vertLines: { color: grid }, horzLines: { color: grid } },
      timeScale: { timeVisible: true, secondsVisible: false, ...zoned.timeScale },
      localization: zoned.localization,
    })
    const series = chart.addSeries(CandlestickSeries, {
      upColor: pos,
      downColor: neg,
      wickUpColor: pos,
      wickDownColor: neg,
      borderVisible: false,
    })
    const { time, open, high, low, close } = bars.series
    const data = time.map((t, i) => ({
      time: Math.floor(t / 1000) as UTCTimestamp,
      open: open[i] ?? 0,
      high: high[i] ?? 0,
      low: low[i] ?? 0,
      close: close[i] ?? 0,
    }))
    series.setData(data)
    // Each marker goes on the last bar that opened at or before the fill.
    const barTimes = data.map((d) => d.time as number)
    const markers: SeriesMarker<Time>[] = []
    for (const leg of campaign.legs) {
      const at = Math.floor(Date.parse(leg.executedAt) / 1000)
      let lo = 0
      let hi = barTimes.length - 1
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1
        if ((barTimes[mid] ?? 0) <= at) lo = mid
        else hi = mid - 1
      }
      const barTime = barTimes[lo]
      if (barTime === undefined || barTime > at) continue
      const isBuy = leg.qty > 0
      markers.push({
        time: barTime as UTCTimestamp,
        position: isBuy ? 'belowBar' : 'aboveBar',
        shape: isBuy ? 'arrowUp' : 'arrowDown',
        color: isBuy ? pos : neg,
        text: `${isBuy ? 'B' : 'S'} ${Math.abs(leg.qty)} @ ${leg.price}`,
      })
    }
    createSeriesMarkers(series, markers)
    chart.timeScale().fitContent()
    return () => chart.remove()
  }, [campaign, bars, zone])
  return <div ref={ref} className="campaign-chart" data-testid="campaign-chart" />
}
