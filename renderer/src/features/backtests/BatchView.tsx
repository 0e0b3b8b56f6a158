import { useEffect } from 'react'
import type {
  BatchJobDto,
  BatchPreviewDto,
  BatchRunDto,
  HeatmapDto,
  NumericMetric,
} from '../../../../electron/core/contract/index'
import { NUMERIC_METRICS } from '../../../../electron/core/contract/index'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { ErrorView } from '../../components/ErrorView'
import { Field } from '../../components/Field'
import { Table, type Column } from '../../components/Table'
import { formatNumber } from '../../lib/format'
import { useBacktestStore } from '../../stores/backtest-store'
import { RunForm } from './RunForm'
import { formatMetric, metricLabel } from './stat-format'

const SHOWN_METRICS: NumericMetric[] = [
  'returnPct',
  'sharpe',
  'sortino',
  'maxDrawdownPct',
  'winRatePct',
  'trades',
  'profitFactor',
  'sqn',
]

// Typing into the builder settles before the core is asked what the grid would run.
const PREVIEW_DELAY_MS = 250

/** What the grid as typed will run: runs, the cut of the cap and the points skipped. */
function previewText(p: BatchPreviewDto, cap: number): string {
  const runs = `${formatNumber(p.runs)} ${p.runs === 1 ? 'run' : 'runs'}`
  const cut = p.truncated ? ` (cut at ${formatNumber(cap)})` : ''
  const skipped =
    p.skipped > 0
      ? `, ${formatNumber(p.skipped)} skipped${p.skipReason ? ` (${p.skipReason})` : ''}`
      : ''
  return `${runs}${cut}${skipped}`
}

function GridBuilder() {
  const axes = useBacktestStore((s) => s.axes)
  const cap = useBacktestStore((s) => s.cap)
  const strategy = useBacktestStore((s) => s.form.strategy)
  const params = useBacktestStore((s) => s.form.params)
  const preview = useBacktestStore((s) => s.preview)
  const { setAxis, addAxis, removeAxis, setCap, loadPreview } = useBacktestStore.getState()
  useEffect(() => {
    const timer = setTimeout(() => void loadPreview(), PREVIEW_DELAY_MS)
    return () => clearTimeout(timer)
  }, [axes, cap, strategy, params, loadPreview])
  return (
    <div className="stack" data-testid="grid-builder">
      {axes.map((a, i) => (
        <div className="row" key={i}>
          <Field label="Variable">
            <input
              value={a.name}
              onChange={(e) => setAxis(i, { name: e.target.value })}
              data-testid={`axis-${i}-name`}
            />
          </Field>
          <Field label="From">
            <input
              type="number"
              value={a.from}
              onChange={(e) => setAxis(i, { from: e.target.value })}
              data-testid={`axis-${i}-from`}
            />
          </Field>
          <Field label="To">
            <input
              type="number"
              value={a.to}
              onChange={(e) => setAxis(i, { to: e.target.value })}
              data-testid={`axis-${i}-to`}
            />
          </Field>
          <Field label="Step">
            <input
              type="number"
              value={a.step}
              onChange={(e) => setAxis(i, { step: e.target.value })}
              data-testid={`axis-${i}-step`}
            />
          </Field>
          <Button
            size="sm"
            variant="ghost"
            onClick={() => removeAxis(i)}
            disabled={axes.length <= 1}
          >
            Remove
          </Button>
        </div>
      ))}
      <div className="row">
        <Button size="sm" onClick={addAxis} disabled={axes.length >= 6}>
          Add variable
        </Button>
        <Field label="Cap" inline>
          <input
            type="number"
            value={cap}
            onChange={(e) => setCap(e.target.value)}
            data-testid="grid-cap"
          />
        </Field>
        <span
          className={preview.status === 'error' ? 'neg' : 'muted'}
          data-testid="grid-count"
          title={
            preview.status === 'ready'
              ? `${formatNumber(preview.value.points)} combinations in the grid`
              : undefined
          }
        >
          {preview.status === 'ready'
            ? previewText(preview.value, Number(cap) || 10_000)
            : preview.status === 'error'
              ? preview.error.message
              : '—'}
        </span>
      </div>
    </div>
  )
}

function Progress({ job }: { job: BatchJobDto }) {
  const progress = useBacktestStore((s) => s.progress)
  const { cancelBatch, resumeBatch } = useBacktestStore.getState()
  const done = job.status === 'running' ? (progress?.done ?? job.completed) : job.completed
  const total = job.status === 'running' ? progress?.total || job.total : job.total
  return (
    <div className="row" data-testid="batch-progress">
      <span
        className={`badge ${job.status === 'completed' ? 'badge-pos' : job.status === 'running' ? 'badge-accent' : 'badge-neg'}`}
        data-testid="batch-status"
      >
        {job.status}
      </span>
      <progress max={total || 1} value={done} style={{ flex: 1 }} />
      <span className="num">
        {formatNumber(done)} / {formatNumber(total)}
        {job.truncated ? ' (truncated by cap)' : ''}
        {job.skipped > 0 ? ` · ${formatNumber(job.skipped)} skipped` : ''}
      </span>
      {job.status === 'running' && (
        <Button
          size="sm"
          variant="danger"
          onClick={() => void cancelBatch()}
          data-testid="batch-cancel"
        >
          Cancel
        </Button>
      )}
      {(job.status === 'cancelled' || job.status === 'interrupted' || job.status === 'failed') && (
        <Button size="sm" onClick={() => void resumeBatch(job.id)}>
          Resume
        </Button>
      )}
    </div>
  )
}

function heatColour(value: number | null, min: number, max: number): string | undefined {
  if (value === null || !Number.isFinite(value)) return undefined
  if (value >= 0) {
    const share = max > 0 ? Math.round((value / max) * 70) : 0
    return `color-mix(in srgb, var(--pos) ${share}%, transparent)`
  }
  const share = min < 0 ? Math.round((value / min) * 70) : 0
  return `color-mix(in srgb, var(--neg) ${share}%, transparent)`
}

function Heatmap({ map }: { map: HeatmapDto }) {
  const values = map.cells.flat().filter((v): v is number => v !== null)
  const min = Math.min(0, ...values)
  const max = Math.max(0, ...values)
  return (
    <div className="table-wrap" data-testid="heatmap">
      <table className="table heatmap">
        <thead>
          <tr>
            <th scope="col">
              {map.y.name} \ {map.x.name}
            </th>
            {map.x.values.map((x) => (
              <th key={x} scope="col" style={{ textAlign: 'right' }}>
                {x}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {map.y.values.map((y, yi) => (
            <tr key={y}>
              <th scope="row">{y}</th>
              {map.x.values.map((x, xi) => {
                const v = map.cells[yi]?.[xi] ?? null
                return (
                  <td
                    key={x}
                    className="num"
                    style={{ textAlign: 'right', background: heatColour(v, min, max) }}
                    data-testid="heat-cell"
                  >
                    {v === null ? '—' : formatMetric(map.metric, v)}
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

function Results({ job }: { job: BatchJobDto }) {
  const runs = useBacktestStore((s) => s.runs)
  const sort = useBacktestStore((s) => s.sort)
  const heatmap = useBacktestStore((s) => s.heatmap)
  const heat = useBacktestStore((s) => s.heat)
  const { setSort, setHeat } = useBacktestStore.getState()
  const header = (key: string, label: string) => (
    <button type="button" className="link" onClick={() => setSort(key)} data-testid={`sort-${key}`}>
      {label}
      {sort.by === key ? (sort.dir === 'desc' ? ' ↓' : ' ↑') : ''}
    </button>
  )
  const columns: Column<BatchRunDto>[] = [
    { key: 'i', header: '#', render: (r) => r.runIndex, align: 'right', width: 56 },
    ...job.axes.map((a) => ({
      key: `v-${a.name}`,
      header: header(a.name, a.name),
      render: (r: BatchRunDto) => r.variables[a.name],
      align: 'right' as const,
    })),
    ...SHOWN_METRICS.map((m) => ({
      key: m,
      header: header(m, metricLabel(m)),
      render: (r: BatchRunDto) => {
        const v = r.metrics[m]
        return typeof v === 'number' ? formatMetric(m, v) : (r.metrics.error ?? '—')
      },
      align: 'right' as const,
    })),
  ]
  const names = job.axes.map((a) => a.name)
  return (
    <>
      {job.summary?.best && (
        <p data-testid="batch-summary">
          Best {metricLabel(job.summary.metric)}{' '}
          {formatMetric(job.summary.metric, job.summary.best.value)} at{' '}
          {Object.entries(job.summary.best.variables)
            .map(([k, v]) => `${k} = ${v}`)
            .join(', ')}
          ; worst {formatMetric(job.summary.metric, job.summary.worst?.value)}; average return{' '}
          {formatMetric('returnPct', job.summary.average.returnPct)} over{' '}
          {formatNumber(job.summary.runs)} runs
        </p>
      )}
      {job.skipped > 0 && (
        <p className="muted" data-testid="batch-skipped">
          {formatNumber(job.skipped)} {job.skipped === 1 ? 'combination' : 'combinations'} skipped
          {job.skipReason ? ` (${job.skipReason})` : ''}.
        </p>
      )}
      {names.length >= 2 && (
        <Card title="Heatmap" className="span-2">
          <div className="row">
            <Field label="x" inline>
              <select value={heat.x} onChange={(e) => setHeat({ x: e.target.value })}>
                {names.map((n) => (
                  <option key={n}>{n}</option>
                ))}
              </select>
            </Field>
            <Field label="y" inline>
              <select value={heat.y} onChange={(e) => setHeat({ y: e.target.value })}>
                {names.map((n) => (
                  <option key={n}>{n}</option>
                ))}
              </select>
            </Field>
            <Field label="Metric" inline>
              <select
                value={heat.metric}
                onChange={(e) => setHeat({ metric: e.target.value as NumericMetric })}
                data-testid="heat-metric"
              >
                {NUMERIC_METRICS.map((m) => (
                  <option key={m} value={m}>
                    {metricLabel(m)}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          {heatmap.status === 'error' && <ErrorView error={heatmap.error} compact />}
          {heatmap.status === 'ready' && <Heatmap map={heatmap.value} />}
        </Card>
      )}
      <Card
        title={runs.status === 'ready' ? `Runs (${runs.value.total})` : 'Runs'}
        className="span-2"
      >
        {runs.status === 'error' && <ErrorView error={runs.error} />}
        {runs.status === 'ready' && (
          <Table
            columns={columns}
            rows={runs.value.runs}
            rowKey={(r) => String(r.runIndex)}
            caption="Runs"
            testId="runs-table"
          />
        )}
      </Card>
    </>
  )
}

/** The batch tab: grid builder, progress with cancel, runs table and heatmap. */
export function BatchView() {
  const job = useBacktestStore((s) => s.job)
  const jobError = useBacktestStore((s) => s.jobError)
  const jobs = useBacktestStore((s) => s.jobs)
  const { startBatch, openJob } = useBacktestStore.getState()
  const isRunning = job?.status === 'running'
  return (
    <div className="page-grid">
      <Card title="Grid" className="span-2">
        <RunForm isGrid />
        <GridBuilder />
        <div className="row">
          <Button
            variant="primary"
            onClick={() => void startBatch()}
            disabled={isRunning}
            data-testid="run-batch"
          >
            Run grid
          </Button>
          {jobs.status === 'ready' && jobs.value.length > 0 && (
            <Field label="Earlier jobs" inline>
              <select value={job?.id ?? ''} onChange={(e) => void openJob(e.target.value)}>
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
      {job && job.status !== 'running' && <Results job={job} />}
    </div>
  )
}
