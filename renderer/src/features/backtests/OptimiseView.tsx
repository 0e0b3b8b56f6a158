import { useEffect } from 'react'
import type {
  ConvergencePointDto,
  IndividualDto,
  NumericMetric,
  WalkWindowDto,
} from '../../../../electron/core/contract/index'
import { NUMERIC_METRICS } from '../../../../electron/core/contract/index'
import { Button } from '../../components/Button'
import { Card } from '../../components/Card'
import { ErrorView } from '../../components/ErrorView'
import { Field } from '../../components/Field'
import { Table, type Column } from '../../components/Table'
import { formatNumber } from '../../lib/format'
import { useOptimiseStore } from '../../stores/optimise-store'
import { LineChart } from './LineChart'
import { RunForm } from './RunForm'
import { formatMetric, metricLabel } from './stat-format'

const genesText = (g: Record<string, number> | null): string =>
  g
    ? Object.entries(g)
        .map(([k, v]) => `${k} = ${v}`)
        .join(', ')
    : '—'

/** Best objective value per generation as a small line (generations run left to right). */
function ConvergenceChart({ points }: { points: ConvergencePointDto[] }) {
  const values = points.map((p) => p.best).filter((v): v is number => v !== null)
  if (values.length === 0) return <p className="muted">No generation has a value yet.</p>
  const min = Math.min(...values)
  const max = Math.max(...values)
  const w = 600
  const h = 160
  const x = (i: number) => (points.length > 1 ? (i / (points.length - 1)) * (w - 20) + 10 : w / 2)
  const y = (v: number) => (max > min ? h - 10 - ((v - min) / (max - min)) * (h - 20) : h / 2)
  const line = points
    .map((p, i) => (p.best === null ? null : `${x(i).toFixed(1)},${y(p.best).toFixed(1)}`))
    .filter(Boolean)
    .join(' ')
  return (
    <svg
      viewBox={`0 0 ${w} ${h}`}
      width="100%"
      height={h}
      role="img"
      aria-label="Best fitness per generation"
      data-testid="convergence-chart"
    >
      <polyline points={line} fill="none" stroke="var(--accent, #2f6fdf)" strokeWidth={2} />
      {points.map((p, i) =>
        p.best === null ? null : (
          <circle key={i} cx={x(i)} cy={y(p.best)} r={3} fill="var(--accent, #2f6fdf)">
            <title>
              generation {p.generation}: {p.best}
            </title>
          </circle>
        ),
      )}
    </svg>
  )
}

function Settings() {
  const form = useOptimiseStore((s) => s.form)
  const { setForm } = useOptimiseStore.getState()
  return (
    <div className="row">
      <Field label="Method">
        <select
          value={form.method}
          onChange={(e) => setForm({ method: e.target.value as typeof form.method })}
          data-testid="opt-method"
        >
          <option value="genetic">Genetic algorithm</option>
          <option value="random">Random search</option>
          <option value="tpe">TPE (model-based)</option>
        </select>
      </Field>
      <Field label="Objective">
        <select
          value={form.objective}
          onChange={(e) => setForm({ objective: e.target.value as NumericMetric })}
          data-testid="opt-objective"
        >
          {NUMERIC_METRICS.map((m) => (
            <option key={m} value={m}>
              {metricLabel(m)}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Direction">
        <select
          value={form.direction}
          onChange={(e) => setForm({ direction: e.target.value as 'max' | 'min' })}
        >
          <option value="max">Maximise</option>
          <option value="min">Minimise</option>
        </select>
      </Field>
      <Field label="Budget">
        <input
          type="number"
          value={form.budget}
          onChange={(e) => setForm({ budget: e.target.value })}
          data-testid="opt-budget"
        />
      </Field>
      <Field label="Population">
        <input
          type="number"
          value={form.population}
          onChange={(e) => setForm({ population: e.target.value })}
          disabled={form.method !== 'genetic'}
          data-testid="opt-population"
        />
      </Field>
      <Field label="Seed">
        <input
          type="number"
          value={form.seed}
          onChange={(e) => setForm({ seed: e.target.value })}
          data-testid="opt-seed"
        />
      </Field>
    </div>
  )
}

function Status({ status, done, total }: { status: string; done: number; total: number }) {
  const { cancel } = useOptimiseStore.getState()
  return (
    <div className="row" data-testid="opt-progress">
      <span
        className={`badge ${status === 'completed' ? 'badge-pos' : status === 'running' ? 'badge-accent' : 'badge-neg'}`}
        data-testid="opt-status"
      >
        {status}
      </span>
      <progress max={total || 1} value={done} style={{ flex: 1 }} />
      <span className="num">
        {formatNumber(done)} / {formatNumber(total)}
      </span>
      {status === 'running' && (
        <Button size="sm" variant="danger" onClick={() => void cancel()} data-testid="opt-cancel">
          Cancel
        </Button>
      )}
    </div>
  )
}

function OptimiseResults() {
  const job = useOptimiseStore((s) => s.job)
  const individuals = useOptimiseStore((s) => s.individuals)
  const progress = useOptimiseStore((s) => s.progress)
  if (!job) return null
  const done = job.status === 'running' && progress ? progress.done : job.evaluations
  const columns: Column<IndividualDto>[] = [
    { key: 'rank', header: 'Rank', render: (r) => r.rank ?? '—', align: 'right', width: 64 },
    { key: 'gen', header: 'Generation', render: (r) => r.generation, align: 'right' },
    { key: 'genes', header: 'Parameters', render: (r) => genesText(r.genes) },
    {
      key: 'fitness',
      header: metricLabel(job.objective),
      render: (r) => (r.fitness === null ? '—' : formatMetric(job.objective, r.fitness)),
      align: 'right',
    },
    {
      key: 'ret',
      header: metricLabel('returnPct'),
      render: (r) => {
        const v = r.objectives?.returnPct
        return typeof v === 'number' ? formatMetric('returnPct', v) : '—'
      },
      align: 'right',
    },
  ]
  return (
    <>
      <Card title="Optimiser" className="span-2">
        <Status status={job.status} done={done} total={job.budget} />
        {job.best && (
          <p data-testid="opt-best">
            Best {metricLabel(job.objective)}{' '}
            {job.bestValue === null ? '—' : formatMetric(job.objective, job.bestValue)} at{' '}
            {genesText(job.best)} after {formatNumber(job.evaluations)} evaluations (seed {job.seed}
            )
          </p>
        )}
        {job.convergence.length > 0 && <ConvergenceChart points={job.convergence} />}
      </Card>
      {individuals.status === 'ready' && (
        <Card title={`Individuals (${individuals.value.total})`} className="span-2">
          <Table
            columns={columns}
            rows={individuals.value.individuals}
            rowKey={(r) => `${r.generation}-${genesText(r.genes)}`}
            caption="Individuals"
            testId="individuals-table"
          />
        </Card>
      )}
    </>
  )
}

function WalkForwardResults() {
  const walk = useOptimiseStore((s) => s.walk)
  const progress = useOptimiseStore((s) => s.progress)
  if (!walk) return null
  const columns: Column<WalkWindowDto>[] = [
    { key: 'i', header: '#', render: (w) => w.index, align: 'right', width: 48 },
    {
      key: 'is',
      header: 'In sample',
      render: (w) => `${w.isFrom.slice(0, 10)} … ${w.isTo.slice(0, 10)}`,
    },
    {
      key: 'oos',
      header: 'Out of sample',
      render: (w) => `${w.oosFrom.slice(0, 10)} … ${w.oosTo.slice(0, 10)}`,
    },
    { key: 'best', header: 'Best parameters', render: (w) => genesText(w.best) },
    {
      key: 'isv',
      header: `IS ${metricLabel(walk.objective)}`,
      render: (w) => (w.isValue === null ? '—' : formatMetric(walk.objective, w.isValue)),
      align: 'right',
    },
    {
      key: 'oosv',
      header: `OOS ${metricLabel(walk.objective)}`,
      render: (w) => (w.oosValue === null ? '—' : formatMetric(walk.objective, w.oosValue)),
      align: 'right',
    },
    {
      key: 'ret',
      header: 'OOS return',
      render: (w) => (w.oosReturnPct === null ? '—' : formatMetric('returnPct', w.oosReturnPct)),
      align: 'right',
    },
    {
      key: 'wfe',
      header: 'WFE',
      render: (w) => (w.efficiency === null ? '—' : w.efficiency.toFixed(2)),
      align: 'right',
    },
  ]
  const done = walk.status === 'running' && progress ? progress.done : (progress?.total ?? 0)
  return (
    <>
      <Card title="Walk-forward" className="span-2">
        <Status status={walk.status} done={done} total={progress?.total ?? 0} />
        {walk.stitched && (
          <p data-testid="wf-summary">
            Stitched out-of-sample return {formatMetric('returnPct', walk.stitched.stats.returnPct)}
            , Sharpe{' '}
            {walk.stitched.stats.sharpe === null ? '—' : walk.stitched.stats.sharpe.toFixed(2)},
            walk-forward efficiency{' '}
            <span data-testid="wf-efficiency">
              {walk.efficiency === null ? '—' : walk.efficiency.toFixed(2)}
            </span>{' '}
            (annualised out-of-sample over in-sample return, Pardo 2008)
          </p>
        )}
        {walk.stitched && (
          <LineChart time={walk.stitched.time} values={walk.stitched.equity} testId="wf-equity" />
        )}
      </Card>
      <Card title={`Windows (${walk.windows.length})`} className="span-2">
        <Table
          columns={columns}
          rows={walk.windows}
          rowKey={(w) => String(w.index)}
          caption="Walk-forward windows"
          testId="wf-windows"
        />
      </Card>
    </>
  )
}

/** The optimise tab: optimisers and walk-forward over the run form's series and strategy. */
export function OptimiseView() {
  const form = useOptimiseStore((s) => s.form)
  const formError = useOptimiseStore((s) => s.formError)
  const error = useOptimiseStore((s) => s.error)
  const job = useOptimiseStore((s) => s.job)
  const walk = useOptimiseStore((s) => s.walk)
  const { setForm, startOptimise, startWalkForward } = useOptimiseStore.getState()
  useEffect(() => useOptimiseStore.getState().watch(), [])
  const isRunning = job?.status === 'running' || walk?.status === 'running'
  return (
    <div className="page-grid">
      <Card title="Optimise" className="span-2">
        <RunForm isGrid />
        <Settings />
        <div className="row">
          <Button
            variant="primary"
            onClick={() => void startOptimise()}
            disabled={isRunning}
            data-testid="run-optimise"
          >
            Optimise
          </Button>
          <Field label="In-sample bars" inline>
            <input
              type="number"
              value={form.inSample}
              onChange={(e) => setForm({ inSample: e.target.value })}
              data-testid="wf-in-sample"
            />
          </Field>
          <Field label="Out-of-sample bars" inline>
            <input
              type="number"
              value={form.outOfSample}
              onChange={(e) => setForm({ outOfSample: e.target.value })}
              data-testid="wf-out-of-sample"
            />
          </Field>
          <label>
            <input
              type="checkbox"
              checked={form.anchored}
              onChange={(e) => setForm({ anchored: e.target.checked })}
              data-testid="wf-anchored"
            />{' '}
            Anchored
          </label>
          <Button
            onClick={() => void startWalkForward()}
            disabled={isRunning}
            data-testid="run-walkforward"
          >
            Walk forward
          </Button>
        </div>
        {formError && <p className="neg">{formError}</p>}
        {error && <ErrorView error={error} />}
      </Card>
      <OptimiseResults />
      <WalkForwardResults />
    </div>
  )
}
