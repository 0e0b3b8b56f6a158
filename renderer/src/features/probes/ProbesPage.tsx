import { useEffect, useMemo, useState } from 'react'
import type {
  ProbeHeatmapDto,
  ProbeLeaderboardRow,
  ProbeJobDto,
  ProbeLeaderboardDto,
} from '../../../../electron/core/contract/index'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { EmptyState } from '../../components/EmptyState'
import { ErrorView } from '../../components/ErrorView'
import { Field } from '../../components/Field'
import { ProbeIcon } from '../../components/icons'
import { PageHeader } from '../../components/PageHeader'
import { Table, type Column } from '../../components/Table'
import { formatNumber, signClass } from '../../lib/format'
import { useProbeStore, type BoardSortKey } from '../../stores/probe-store'
import type { PageProps } from '../routes'
import { ProbeDrill } from './ProbeDrill'

// The catalogue's families (domain/probes/catalogue.ts); the field also takes any other name.
const FAMILIES = [
  'trend',
  'breakout',
  'momentum',
  'mean_reversion',
  'volatility',
  'volume',
  'pattern',
  'seasonal',
]

const num = (v: number | null, digits = 2): string =>
  v === null ? '—' : formatNumber(v, { digits })
const share = (v: number | null): string => (v === null ? '—' : `${Math.round(v * 100)}%`)

function heatColour(value: number | null, min: number, max: number): string | undefined {
  if (value === null || !Number.isFinite(value)) return undefined
  if (value >= 0) {
    const part = max > 0 ? Math.round((value / max) * 70) : 0
    return `color-mix(in srgb, var(--pos) ${part}%, transparent)`
  }
  const part = min < 0 ? Math.round((value / min) * 70) : 0
  return `color-mix(in srgb, var(--neg) ${part}%, transparent)`
}

function RunCard() {
  const form = useProbeStore((s) => s.form)
  const series = useProbeStore((s) => s.series)
  const job = useProbeStore((s) => s.job)
  const jobs = useProbeStore((s) => s.jobs)
  const jobError = useProbeStore((s) => s.jobError)
  const { setForm, start, openJob } = useProbeStore.getState()
  const timeframes =
    series.status === 'ready' ? [...new Set(series.value.map((s) => s.timeframe))] : []
  return (
    <Card title="Run a probe" className="span-2">
      <div className="row">
        <Field label="Family" hint="empty: every family">
          <input
            list="probe-families"
            value={form.family}
            onChange={(e) => setForm({ family: e.target.value })}
            data-testid="probe-family"
          />
        </Field>
        <datalist id="probe-families">
          {FAMILIES.map((f) => (
            <option key={f} value={f} />
          ))}
        </datalist>
        <Field label="Timeframe">
          <select
            value={form.timeframe}
            onChange={(e) => setForm({ timeframe: e.target.value })}
            data-testid="probe-timeframe"
          >
            {(timeframes.length ? timeframes : [form.timeframe]).map((tf) => (
              <option key={tf} value={tf}>
                {tf}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Symbols" hint="comma-separated; empty: every stored series">
          <input
            value={form.symbols}
            onChange={(e) => setForm({ symbols: e.target.value })}
            data-testid="probe-symbols"
          />
        </Field>
        <Field label="From">
          <input
            type="date"
            value={form.from}
            onChange={(e) => setForm({ from: e.target.value })}
          />
        </Field>
        <Field label="To">
          <input type="date" value={form.to} onChange={(e) => setForm({ to: e.target.value })} />
        </Field>
        <Field label="Commission" hint="a rate of traded value">
          <input
            value={form.commission}
            onChange={(e) => setForm({ commission: e.target.value })}
          />
        </Field>
      </div>
      <div className="row">
        <Button
          variant="primary"
          onClick={() => void start()}
          disabled={job?.status === 'running'}
          data-testid="run-probe"
        >
          Run probe
        </Button>
        {jobs.status === 'ready' && jobs.value.length > 0 && (
          <Field label="Earlier runs" inline>
            <select
              value={job?.id ?? ''}
              onChange={(e) => void openJob(e.target.value)}
              data-testid="probe-runs"
            >
              <option value="">—</option>
              {jobs.value.map((j) => (
                <option key={j.id} value={j.id}>
                  {j.createdAt.slice(0, 16).replace('T', ' ')} · {j.name} · {j.status}
                </option>
              ))}
            </select>
          </Field>
        )}
      </div>
      {jobError && <ErrorView error={jobError} />}
      {job && <Progress job={job} />}
    </Card>
  )
}

function Progress({ job }: { job: ProbeJobDto }) {
  const progress = useProbeStore((s) => s.progress)
  const { cancel, resume } = useProbeStore.getState()
  const done = progress?.done ?? job.completed
  const total = progress?.total || job.total
  return (
    <div className="row" data-testid="probe-progress">
      <progress value={done} max={Math.max(1, total)} />
      <span className="muted">
        {job.status} · {done}/{total} symbol × strategy pairs · {job.strategies} strategies ×{' '}
        {job.symbols.length} symbols
      </span>
      {job.status === 'running' && (
        <Button size="sm" variant="danger" onClick={() => void cancel()} data-testid="cancel-probe">
          Cancel
        </Button>
      )}
      {(job.status === 'cancelled' || job.status === 'interrupted' || job.status === 'failed') && (
        <Button size="sm" onClick={() => void resume(job.id)} data-testid="resume-probe">
          Resume
        </Button>
      )}
      {job.error && <span className="neg">{job.error}</span>}
    </div>
  )
}

const SORTABLE: {
  key: BoardSortKey
  label: string
  align?: 'right'
  render: (r: ProbeLeaderboardRow) => string
}[] = [
  { key: 'rank', label: '#', align: 'right', render: (r) => String(r.rank) },
  { key: 'strategy', label: 'Strategy', render: (r) => r.displayName },
  { key: 'family', label: 'Family', render: (r) => r.family },
  {
    key: 'medianSharpe',
    label: 'Median Sharpe',
    align: 'right',
    render: (r) => num(r.medianSharpe),
  },
  {
    key: 'profitableShare',
    label: 'Profitable',
    align: 'right',
    render: (r) => share(r.profitableShare),
  },
  {
    key: 'medianReturnPct',
    label: 'Median return %',
    align: 'right',
    render: (r) => num(r.medianReturnPct),
  },
  {
    key: 'medianExcessPct',
    label: 'vs buy & hold %',
    align: 'right',
    render: (r) => num(r.medianExcessPct),
  },
  {
    key: 'beatBuyHoldShare',
    label: 'Beats B&H',
    align: 'right',
    render: (r) => share(r.beatBuyHoldShare),
  },
  {
    key: 'medianDrawdownPct',
    label: 'Median DD %',
    align: 'right',
    render: (r) => num(r.medianDrawdownPct),
  },
  {
    key: 'worstDrawdownPct',
    label: 'Worst DD %',
    align: 'right',
    render: (r) => num(r.worstDrawdownPct),
  },
  { key: 'trades', label: 'Trades', align: 'right', render: (r) => String(r.trades) },
  {
    key: 'symbols',
    label: 'Symbols',
    align: 'right',
    render: (r) => `${r.symbols}${r.failed ? ` (+${r.failed} failed)` : ''}`,
  },
]

function compare(a: ProbeLeaderboardRow, b: ProbeLeaderboardRow, by: BoardSortKey): number {
  const x = a[by]
  const y = b[by]
  if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1
  if (typeof x === 'string' && typeof y === 'string') return x.localeCompare(y)
  return (x as number) - (y as number)
}

function Leaderboard({ board }: { board: ProbeLeaderboardDto }) {
  const sort = useProbeStore((s) => s.sort)
  const { setSort, openDrill, exportCsv } = useProbeStore.getState()
  const [symbol, setSymbol] = useState(board.leaderboard.symbols[0] ?? '')
  const [csvError, setCsvError] = useState<string | null>(null)
  const rows = useMemo(() => {
    const sorted = [...board.leaderboard.rows].sort((a, b) => compare(a, b, sort.by))
    // Missing figures stay last whichever way the column sorts.
    if (sort.dir === 'desc') {
      const present = sorted.filter((r) => r[sort.by] !== null).reverse()
      return [...present, ...sorted.filter((r) => r[sort.by] === null)]
    }
    return sorted
  }, [board, sort])
  const columns: Column<ProbeLeaderboardRow>[] = SORTABLE.map((c) => ({
    key: c.key,
    align: c.align ?? 'left',
    header: (
      <button
        type="button"
        className="link"
        onClick={() => setSort(c.key)}
        data-testid={`sort-${c.key}`}
      >
        {c.label}
        {sort.by === c.key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
      </button>
    ),
    render: (r) =>
      c.key === 'medianSharpe' || c.key === 'medianReturnPct' || c.key === 'medianExcessPct' ? (
        <span className={signClass(r[c.key])}>{c.render(r)}</span>
      ) : (
        c.render(r)
      ),
  }))
  const leader = board.leaderboard.leader
  const download = async () => {
    const result = await exportCsv()
    if (!result.ok) {
      setCsvError(result.error.message)
      return
    }
    const url = URL.createObjectURL(new Blob([result.csv], { type: 'text/csv' }))
    const a = document.createElement('a')
    a.href = url
    a.download = result.filename
    a.click()
    URL.revokeObjectURL(url)
  }
  return (
    <Card
      title={`Leaderboard · ${board.leaderboard.strategies} strategies × ${board.leaderboard.symbols.length} symbols`}
      className="span-2"
      actions={
        <div className="row">
          <Field label="Drill into symbol" inline>
            <select
              value={symbol}
              onChange={(e) => setSymbol(e.target.value)}
              data-testid="drill-symbol"
            >
              {board.leaderboard.symbols.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </Field>
          <Button size="sm" onClick={() => void download()} data-testid="export-csv">
            Export CSV
          </Button>
        </div>
      }
      testId="probe-leaderboard"
    >
      <p className="muted" data-testid="probe-dsr">
        {leader
          ? leader.result
            ? `Deflated Sharpe ratio of the leader (${leader.strategy}) after ${leader.trials} strategies tried: ${formatNumber(leader.result.dsr, { digits: 3 })} — the probability its Sharpe ratio is not luck of the selection (per-period Sharpe ${formatNumber(leader.sharpe, { digits: 4 })} against ${formatNumber(leader.result.expectedMaxSharpe, { digits: 4 })} expected from the best of ${leader.trials} by chance).`
            : `No deflated Sharpe ratio for the leader: ${leader.reason ?? 'no returns'}.`
          : 'No results stored yet.'}
      </p>
      {csvError && <span className="neg">{csvError}</span>}
      <Table
        columns={columns}
        rows={rows}
        rowKey={(r) => r.strategy}
        onRowClick={(r) => void openDrill(r.strategy, symbol)}
        caption="Leaderboard"
        testId="leaderboard-table"
      />
    </Card>
  )
}

function Heatmap({ map }: { map: ProbeHeatmapDto }) {
  const values = map.cells.flat().filter((v): v is number => v !== null)
  const min = Math.min(0, ...values)
  const max = Math.max(0, ...values)
  return (
    <div className="table-wrap" data-testid="probe-heatmap">
      <table className="table heatmap">
        <thead>
          <tr>
            <th scope="col">family \ symbol</th>
            {map.symbols.map((s) => (
              <th key={s} scope="col" style={{ textAlign: 'right' }}>
                {s}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {map.families.map((f, fi) => (
            <tr key={f}>
              <th scope="row">{f}</th>
              {map.symbols.map((s, si) => {
                const v = map.cells[fi]?.[si] ?? null
                return (
                  <td
                    key={s}
                    className="num"
                    style={{ textAlign: 'right', background: heatColour(v, min, max) }}
                    data-testid="probe-heat-cell"
                  >
                    {num(v)}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function Results({ board }: { board: ProbeLeaderboardDto }) {
  const metric = useProbeStore((s) => s.metric)
  const { setMetric, openDrill } = useProbeStore.getState()
  return (
    <>
      <Leaderboard board={board} />
      <Card
        title="Family × symbol (median)"
        actions={
          <select
            value={metric}
            onChange={(e) => setMetric(e.target.value as typeof metric)}
            data-testid="probe-metric"
          >
            <option value="sharpe">Sharpe</option>
            <option value="returnPct">Return %</option>
            <option value="excessPct">Return − buy & hold %</option>
          </select>
        }
      >
        <Heatmap map={board.heatmap} />
      </Card>
      <Card title="Best per symbol" testId="probe-best">
        <ul className="plain-list">
          {board.best.map((b) => (
            <li key={b.symbol}>
              <strong>{b.symbol}</strong>:{' '}
              {b.best.map((x, i) => (
                <span key={x.strategy}>
                  {i > 0 && ', '}
                  <button
                    type="button"
                    className="link"
                    onClick={() => void openDrill(x.strategy, b.symbol)}
                    data-testid="best-drill"
                  >
                    {x.strategy}
                  </button>{' '}
                  <span className={signClass(x.value)}>{num(x.value)}</span>
                </span>
              ))}
            </li>
          ))}
        </ul>
      </Card>
    </>
  )
}

/** Probes: the catalogue over many symbols as a job, ranked, mapped and drilled into. */
export function ProbesPage(_props: PageProps) {
  const series = useProbeStore((s) => s.series)
  const job = useProbeStore((s) => s.job)
  const board = useProbeStore((s) => s.board)
  const drill = useProbeStore((s) => s.drill)
  useEffect(() => {
    const { load, watch } = useProbeStore.getState()
    void load()
    return watch()
  }, [])
  const hasBars = series.status === 'ready' && series.value.length > 0
  return (
    <div className="page">
      <PageHeader title="Probes" subtitle="A catalogue of strategies across many symbols" />
      {series.status === 'ready' && !hasBars ? (
        <EmptyState icon={<ProbeIcon />} title="No bars to probe yet">
          A probe runs the strategy catalogue over stored bars. Import a series or more under Market
          (one file per symbol, or fetch them), then come back and run a probe.
        </EmptyState>
      ) : (
        <div className="page-grid">
          <RunCard />
          {!job && (
            <div className="span-2">
              <EmptyState icon={<ProbeIcon />} title="No probe run yet">
                Pick a family (or leave it empty for the whole catalogue), the symbols and a period,
                and run a probe: every strategy runs on every symbol, then they are ranked by median
                Sharpe ratio with the deflated Sharpe ratio of the leader.
              </EmptyState>
            </div>
          )}
          {board.status === 'error' && (
            <div className="span-2">
              <ErrorView error={board.error} />
            </div>
          )}
          {board.status === 'ready' && <Results board={board.value} />}
          {drill.status !== 'idle' && <ProbeDrill />}
        </div>
      )}
    </div>
  )
}
