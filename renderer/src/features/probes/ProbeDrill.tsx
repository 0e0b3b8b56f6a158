import { useMemo } from 'react'
import { Card } from '../../components/Card'
import { ErrorView } from '../../components/ErrorView'
import { Stat } from '../../components/Stat'
import { formatNumber } from '../../lib/format'
import { useProbeStore } from '../../stores/probe-store'
import { LineChart } from '../backtests/LineChart'
import { StatsTable } from '../backtests/RunView'
import { formatStat } from '../backtests/stat-format'
import { CandleChart, type BarMarker } from '../market/CandleChart'

/** One strategy on one symbol of a probe, as a full backtest with its charts. */
export function ProbeDrill() {
  const drill = useProbeStore((s) => s.drill)
  const key = useProbeStore((s) => s.drillKey)
  const ready = drill.status === 'ready' ? drill.value : null
  const markers = useMemo<BarMarker[]>(
    () =>
      (ready?.run.trades ?? []).flatMap((t) => [
        { timeMs: Date.parse(t.entryTime), isUp: t.size > 0, text: t.size > 0 ? 'Buy' : 'Sell' },
        { timeMs: Date.parse(t.exitTime), isUp: t.size < 0, text: 'Exit' },
      ]),
    [ready],
  )
  const drawdownPct = useMemo(() => (ready?.run.drawdown ?? []).map((d) => -d * 100), [ready])
  const title = key ? `${key.strategy} on ${key.symbol}` : 'Drill-down'
  return (
    <Card title={`Backtest · ${title}`} className="span-2" testId="probe-drill">
      {drill.status === 'loading' && <p className="muted">Running the backtest…</p>}
      {drill.status === 'error' && <ErrorView error={drill.error} />}
      {ready && (
        <>
          <div className="stat-row">
            <Stat label="Return" value={formatStat(ready.run.stats.returnPct, '%')} />
            <Stat label="Buy & hold" value={formatStat(ready.run.stats.buyHoldReturnPct, '%')} />
            <Stat
              label="Sharpe"
              value={formatStat(ready.run.stats.sharpe, '')}
              testId="drill-sharpe"
            />
            <Stat
              label="Max drawdown"
              value={formatStat(ready.run.stats.maxDrawdownPct, '%')}
              tone="neg"
            />
            <Stat
              label="Trades"
              value={formatNumber(ready.run.stats.trades)}
              testId="drill-trades"
            />
          </div>
          <LineChart time={ready.run.time} values={ready.run.equity} testId="drill-equity" />
          <LineChart time={ready.run.time} values={drawdownPct} kind="drawdown" height={120} />
          {ready.bars && <CandleChart bars={ready.bars} markers={markers} testId="drill-candles" />}
          <StatsTable stats={ready.run.stats} />
        </>
      )}
    </Card>
  )
}
