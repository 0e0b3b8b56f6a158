import { useEffect } from 'react'
import type {
  BacktestCompareDto,
  BacktestSummaryDto,
} from '../../../../electron/core/contract/index'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { ErrorView } from '../../components/ErrorView'
import { Table, type Column } from '../../components/Table'
import { formatNumber, signClass } from '../../lib/format'
import { useBacktestStore } from '../../stores/backtest-store'
import { LineChart } from './LineChart'
import { compareVerdict, formatMetricDelta, formatStat, STAT_LABELS } from './stat-format'

function Compare({ cmp }: { cmp: BacktestCompareDto }) {
  const label = (r: BacktestCompareDto['a']) =>
    `#${r.id} ${r.symbol} ${r.strategy.name} ${Object.entries(r.strategy.params)
      .map(([k, v]) => `${k} = ${String(v)}`)
      .join(', ')}`
  return (
    <div className="page-grid span-2" data-testid="compare">
      <Card title={`A: ${label(cmp.a)}`}>
        <LineChart time={cmp.a.time} values={cmp.a.equity} height={180} />
      </Card>
      <Card title={`B: ${label(cmp.b)}`}>
        <LineChart time={cmp.b.time} values={cmp.b.equity} height={180} />
      </Card>
      <Card title="Side by side" className="span-2">
        <p className="muted">
          Δ is B − A, green where B is better and red where it is worse (a lower drawdown,
          volatility or drawdown duration is better).
        </p>
        <table className="table" data-testid="compare-table">
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col" style={{ textAlign: 'right' }}>
                A (#{cmp.a.id})
              </th>
              <th scope="col" style={{ textAlign: 'right' }}>
                B (#{cmp.b.id})
              </th>
              <th scope="col" style={{ textAlign: 'right' }}>
                Δ B − A
              </th>
            </tr>
          </thead>
          <tbody>
            {STAT_LABELS.map((s) => {
              const d = cmp.diff.find((x) => x.metric === s.key)
              const verdict = d ? compareVerdict(d.metric, d.delta) : null
              return (
                <tr key={s.key} data-testid={`compare-row-${s.key}`}>
                  <th scope="row">{s.label}</th>
                  <td className="num" style={{ textAlign: 'right' }}>
                    {formatStat(cmp.a.stats[s.key], s.unit)}
                  </td>
                  <td className="num" style={{ textAlign: 'right' }}>
                    {formatStat(cmp.b.stats[s.key], s.unit)}
                  </td>
                  <td
                    className={`num ${verdict === 'better' ? 'pos' : verdict === 'worse' ? 'neg' : ''}`}
                    style={{ textAlign: 'right' }}
                    title={
                      verdict === 'better'
                        ? 'B is better'
                        : verdict === 'worse'
                          ? 'B is worse'
                          : undefined
                    }
                    data-verdict={verdict ?? ''}
                  >
                    {d ? formatMetricDelta(d.metric, d.delta) : ''}
                    {verdict && <span className="sr-only">{` (B is ${verdict})`}</span>}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </Card>
    </div>
  )
}

/** Stored runs: reopen one, or tick two and compare them side by side. */
export function HistoryView() {
  const history = useBacktestStore((s) => s.history)
  const compareIds = useBacktestStore((s) => s.compareIds)
  const compare = useBacktestStore((s) => s.compare)
  const { loadHistory, openRun, toggleCompare, runCompare } = useBacktestStore.getState()
  useEffect(() => {
    void loadHistory()
  }, [loadHistory])
  const columns: Column<BacktestSummaryDto>[] = [
    {
      key: 'pick',
      header: 'Compare',
      render: (r) => (
        <input
          type="checkbox"
          checked={compareIds.includes(r.id)}
          onChange={() => toggleCompare(r.id)}
          onClick={(e) => e.stopPropagation()}
          aria-label={`Compare run ${r.id}`}
          data-testid={`compare-${r.id}`}
        />
      ),
      width: 72,
    },
    { key: 'id', header: '#', render: (r) => r.id, align: 'right' },
    { key: 'series', header: 'Series', render: (r) => `${r.symbol ?? ''} ${r.timeframe ?? ''}` },
    {
      key: 'strategy',
      header: 'Strategy',
      render: (r) =>
        `${r.strategy} ${Object.entries(r.params)
          .map(([k, v]) => `${k} = ${String(v)}`)
          .join(', ')}`,
    },
    { key: 'period', header: 'Period', render: (r) => `${r.startDate} … ${r.endDate}` },
    {
      key: 'ret',
      header: 'Return',
      render: (r) => <span className={signClass(r.returnPct)}>{formatStat(r.returnPct, '%')}</span>,
      align: 'right',
    },
    { key: 'sharpe', header: 'Sharpe', render: (r) => formatStat(r.sharpe, ''), align: 'right' },
    {
      key: 'dd',
      header: 'Max DD',
      render: (r) => formatStat(r.maxDrawdownPct, '%'),
      align: 'right',
    },
    { key: 'trades', header: 'Trades', render: (r) => formatNumber(r.trades), align: 'right' },
    { key: 'at', header: 'Run at', render: (r) => r.createdAt.slice(0, 16).replace('T', ' ') },
  ]
  return (
    <div className="page-grid">
      <Card
        title="Stored runs"
        className="span-2"
        actions={
          <Button
            onClick={() => void runCompare()}
            disabled={compareIds.length !== 2}
            data-testid="compare-button"
          >
            Compare {compareIds.length}/2
          </Button>
        }
      >
        {history.status === 'error' && <ErrorView error={history.error} />}
        {history.status === 'ready' && (
          <Table
            columns={columns}
            rows={history.value}
            rowKey={(r) => String(r.id)}
            onRowClick={(r) => void openRun(r.id)}
            caption="Stored runs"
            testId="history-table"
            empty="No stored runs yet."
          />
        )}
      </Card>
      {compare.status === 'error' && <ErrorView error={compare.error} />}
      {compare.status === 'ready' && <Compare cmp={compare.value} />}
    </div>
  )
}
