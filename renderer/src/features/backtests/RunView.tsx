import { useMemo } from 'react'
import type {
  BacktestRunDto,
  BacktestStatsDto,
  BacktestTradeDto,
} from '../../../../electron/core/contract/index'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { ErrorView } from '../../components/ErrorView'
import { Stat } from '../../components/Stat'
import { Table, type Column } from '../../components/Table'
import { formatMoney, formatNumber, signClass } from '../../lib/format'
import { useBacktestStore } from '../../stores/backtest-store'
import { CandleChart, type BarMarker } from '../market/CandleChart'
import { LineChart } from './LineChart'
import { formatStat, STAT_LABELS } from './stat-format'
import { RunForm } from './RunForm'

const tradeColumns: Column<BacktestTradeDto & { n: number }>[] = [
  { key: 'n', header: '#', render: (t) => t.n, align: 'right', width: 48 },
  { key: 'side', header: 'Side', render: (t) => (t.size > 0 ? 'long' : 'short') },
  { key: 'size', header: 'Size', render: (t) => formatNumber(Math.abs(t.size)), align: 'right' },
  { key: 'entry', header: 'Entry', render: (t) => t.entryTime.slice(0, 10) },
  {
    key: 'entryPrice',
    header: 'Entry price',
    render: (t) => formatNumber(t.entryPrice, { digits: 2 }),
    align: 'right',
  },
  { key: 'exit', header: 'Exit', render: (t) => t.exitTime.slice(0, 10) },
  {
    key: 'exitPrice',
    header: 'Exit price',
    render: (t) => formatNumber(t.exitPrice, { digits: 2 }),
    align: 'right',
  },
  {
    key: 'pnl',
    header: 'P&L',
    render: (t) => (
      <span className={signClass(t.pnl)}>{formatMoney(t.pnl, 'USD', { isSigned: true })}</span>
    ),
    align: 'right',
  },
  {
    key: 'ret',
    header: 'Return',
    render: (t) => (
      <span className={signClass(t.returnPct)}>
        {formatNumber(t.returnPct, { digits: 2, isSigned: true })}%
      </span>
    ),
    align: 'right',
  },
  { key: 'days', header: 'Days', render: (t) => formatNumber(t.durationDays), align: 'right' },
  { key: 'reason', header: 'Exit reason', render: (t) => t.exitReason },
]

/** Stats as a two-column table. */
export function StatsTable({ stats, testId }: { stats: BacktestStatsDto; testId?: string }) {
  return (
    <table className="table" data-testid={testId}>
      <tbody>
        {STAT_LABELS.map((s) => (
          <tr key={s.key} data-stat={s.key}>
            <th scope="row">{s.label}</th>
            <td className="num" style={{ textAlign: 'right' }}>
              {formatStat(stats[s.key], s.unit)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function Result({ run }: { run: BacktestRunDto }) {
  const runBars = useBacktestStore((s) => s.runBars)
  const markers = useMemo<BarMarker[]>(
    () =>
      run.trades.flatMap((t) => [
        { timeMs: Date.parse(t.entryTime), isUp: t.size > 0, text: t.size > 0 ? 'Buy' : 'Sell' },
        { timeMs: Date.parse(t.exitTime), isUp: t.size < 0, text: 'Exit' },
      ]),
    [run],
  )
  const drawdownPct = useMemo(() => run.drawdown.map((d) => -d * 100), [run])
  const trades = useMemo(() => run.trades.map((t, i) => ({ ...t, n: i + 1 })), [run])
  const s = run.stats
  return (
    <>
      <div className="stat-row span-2" data-testid="backtest-summary">
        <Stat
          label="Return"
          value={formatStat(s.returnPct, '%')}
          tone={s.returnPct > 0 ? 'pos' : s.returnPct < 0 ? 'neg' : ''}
          testId="stat-return"
        />
        <Stat label="Buy & hold" value={formatStat(s.buyHoldReturnPct, '%')} />
        <Stat label="Sharpe" value={formatStat(s.sharpe, '')} testId="stat-sharpe" />
        <Stat label="Max drawdown" value={formatStat(s.maxDrawdownPct, '%')} tone="neg" />
        <Stat label="Trades" value={formatNumber(s.trades)} testId="stat-trades" />
        <Stat label="Win rate" value={formatStat(s.winRatePct, '%')} />
      </div>
      <Card
        title={`Equity · ${run.strategy.name} ${JSON.stringify(run.strategy.params)}${run.id ? ` · run #${run.id}` : ''}`}
        className="span-2"
      >
        <LineChart time={run.time} values={run.equity} testId="equity-chart" />
        <LineChart
          time={run.time}
          values={drawdownPct}
          kind="drawdown"
          height={140}
          testId="drawdown-chart"
        />
      </Card>
      {runBars && (
        <Card title={`${run.symbol} · ${run.timeframe} · trades`} className="span-2">
          <CandleChart bars={runBars} markers={markers} testId="trade-candles" />
        </Card>
      )}
      {/* Full width: every column of a trade, P&L to exit reason, fits a 1440 px window. */}
      <Card title={`Trades (${run.trades.length})`} className="span-2">
        <Table
          columns={tradeColumns}
          rows={trades}
          rowKey={(t) => String(t.n)}
          caption="Trades"
          testId="trades-table"
        />
      </Card>
      <Card title="Statistics">
        <StatsTable stats={s} testId="stats-table" />
      </Card>
      <Card title={`Semantics (${run.mode} mode)`}>
        <ul data-testid="backtest-semantics">
          {run.semantics.map((line) => (
            <li key={line} className="muted">
              {line}
            </li>
          ))}
        </ul>
      </Card>
    </>
  )
}

/** The run tab: the form, then the result of the last run. */
export function RunView() {
  const run = useBacktestStore((s) => s.run)
  const formError = useBacktestStore((s) => s.formError)
  const runBacktest = useBacktestStore((s) => s.runBacktest)
  return (
    <div className="page-grid">
      <Card title="Strategy" className="span-2">
        <RunForm />
        <div className="row">
          <Button
            variant="primary"
            onClick={() => void runBacktest()}
            disabled={run.status === 'loading'}
            data-testid="run-backtest"
          >
            {run.status === 'loading' ? 'Running…' : 'Run backtest'}
          </Button>
          {formError && <span className="neg">{formError}</span>}
        </div>
      </Card>
      {run.status === 'error' && (
        <div className="span-2">
          <ErrorView error={run.error} />
        </div>
      )}
      {run.status === 'ready' && <Result run={run.value} />}
    </div>
  )
}
