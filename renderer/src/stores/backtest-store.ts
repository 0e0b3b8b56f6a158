import { create } from 'zustand'
import type {
  BacktestCompareDto,
  BacktestRunDto,
  BacktestSummaryDto,
  BarSeries,
  BatchJobDto,
  BatchPreviewDto,
  BatchRunDto,
  HeatmapDto,
  NumericMetric,
  SeriesCoverage,
  StrategiesDto,
  StrategyFamilyDto,
  WireError,
} from '../../../electron/core/contract/index'
import { callSafe, on, onDataChanged } from '../api/client'
import type { Loadable } from './app-store'

/** What the run form holds; numbers stay text until the run so the user can type freely. */
export type RunForm = {
  symbol: string
  timeframe: string
  strategy: string
  params: Record<string, string>
  cash: string
  commission: string
  spread: string
  from: string
  to: string
}

/** One grid axis as typed in the grid builder. */
export type AxisForm = { name: string; from: string; to: string; step: string }

export type BacktestTab = 'run' | 'batch' | 'optimise' | 'history'

type BacktestState = {
  tab: BacktestTab
  series: Loadable<SeriesCoverage[]>
  strategies: Loadable<StrategiesDto>
  form: RunForm
  formError: string | null
  run: Loadable<BacktestRunDto>
  runBars: BarSeries | null
  history: Loadable<BacktestSummaryDto[]>
  compareIds: number[]
  compare: Loadable<BacktestCompareDto>
  axes: AxisForm[]
  cap: string
  /**
   * What the grid as typed would run (`batch-preview`): idle while an axis is incomplete. A
   * refresh keeps the last answer shown until the new one arrives.
   */
  preview: Loadable<BatchPreviewDto>
  job: BatchJobDto | null
  jobError: WireError | null
  progress: { done: number; total: number } | null
  jobs: Loadable<BatchJobDto[]>
  runs: Loadable<{ total: number; runs: BatchRunDto[] }>
  sort: { by: string; dir: 'asc' | 'desc' }
  heatmap: Loadable<HeatmapDto>
  heat: { x: string; y: string; metric: NumericMetric }
  /** The catalogue family the form's strategy behaves like, for the strategy it was asked for. */
  family: Loadable<StrategyFamilyDto> & { strategy?: string }
  setTab: (tab: BacktestTab) => void
  load: () => Promise<void>
  setForm: (patch: Partial<RunForm>) => void
  setParam: (name: string, value: string) => void
  runBacktest: () => Promise<void>
  loadHistory: () => Promise<void>
  openRun: (id: number) => Promise<void>
  toggleCompare: (id: number) => void
  runCompare: () => Promise<void>
  setAxis: (index: number, patch: Partial<AxisForm>) => void
  addAxis: () => void
  removeAxis: (index: number) => void
  setCap: (cap: string) => void
  /** Asks the core what the grid as typed would run; a later call wins over an earlier one. */
  loadPreview: () => Promise<void>
  startBatch: () => Promise<void>
  cancelBatch: () => Promise<void>
  resumeBatch: (jobId: string) => Promise<void>
  /** Compares the form's strategy with the probe catalogue on the form's timeframe. */
  detectFamily: () => Promise<void>
  openJob: (jobId: string) => Promise<void>
  loadRuns: () => Promise<void>
  setSort: (by: string) => void
  setHeat: (patch: Partial<BacktestState['heat']>) => void
  loadHeatmap: () => Promise<void>
  /** Follows `backtest-progress` for the current job; returns the unsubscribe. */
  watch: () => () => void
}

function num(text: string): number | undefined {
  const t = text.trim()
  if (t === '') return undefined
  const n = Number(t)
  return Number.isFinite(n) ? n : Number.NaN
}

function paramsOf(form: RunForm): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [k, v] of Object.entries(form.params)) {
    const n = num(v)
    if (n !== undefined) out[k] = n
  }
  return out
}

/** The request shared by `backtest-run` and `batch-run`, or a message naming the bad field. */
export function requestOf(
  form: RunForm,
): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  if (!form.symbol)
    return { ok: false, message: 'Pick a series first (import bars under Market data).' }
  const params = paramsOf(form)
  for (const [k, v] of Object.entries(params))
    if (Number.isNaN(v)) return { ok: false, message: `Parameter ${k} is not a number` }
  const out: Record<string, unknown> = {
    symbol: form.symbol,
    timeframe: form.timeframe,
    strategy: form.strategy,
    params,
  }
  for (const key of ['cash', 'commission', 'spread'] as const) {
    const v = num(form[key])
    if (v === undefined) continue
    if (Number.isNaN(v)) return { ok: false, message: `${key} is not a number` }
    out[key] = key === 'cash' ? v : v / 100
  }
  if (form.from) out.from = form.from
  if (form.to) out.to = form.to
  return { ok: true, value: out }
}

/** The grid axes as `batch-run` takes them, or null while one is incomplete. */
function gridOf(
  axes: AxisForm[],
): { name: string; from: number; to: number; step: number }[] | null {
  const grid = axes.map((a) => ({
    name: a.name.trim(),
    from: num(a.from),
    to: num(a.to),
    step: num(a.step),
  }))
  const isComplete = grid.every(
    (a) =>
      a.name !== '' && [a.from, a.to, a.step].every((v) => v !== undefined && !Number.isNaN(v)),
  )
  return isComplete
    ? grid.map((a) => ({ name: a.name, from: a.from ?? 0, to: a.to ?? 0, step: a.step ?? 0 }))
    : null
}

let previewSeq = 0

function loadable<T>(
  result: { ok: true; value: T } | { ok: false; error: WireError },
): Loadable<T> {
  return result.ok
    ? { status: 'ready', value: result.value }
    : { status: 'error', error: result.error }
}

/** A starting range around a parameter's default: half to double it, in about five steps. */
function defaultAxis(p: {
  name: string
  default: number
  min: number
  max: number
  step: number
}): AxisForm {
  const from = Math.max(p.min, Math.round(p.default / 2))
  const to = Math.min(p.max, p.default * 2)
  const step = Math.max(p.step, Math.round((to - from) / 4 / p.step) * p.step)
  return { name: p.name, from: String(from), to: String(to), step: String(step) }
}

const DEFAULT_FORM: RunForm = {
  symbol: '',
  timeframe: '1Day',
  strategy: 'sma-cross',
  params: {},
  cash: '10000',
  commission: '0',
  spread: '0',
  from: '',
  to: '',
}

/** Backtests: the run form and its result, stored runs, comparisons and batch jobs. */
export const useBacktestStore = create<BacktestState>()((set, get) => ({
  tab: 'run',
  series: { status: 'idle' },
  strategies: { status: 'idle' },
  form: DEFAULT_FORM,
  formError: null,
  run: { status: 'idle' },
  runBars: null,
  history: { status: 'idle' },
  compareIds: [],
  compare: { status: 'idle' },
  axes: [
    { name: 'fast', from: '5', to: '20', step: '5' },
    { name: 'slow', from: '30', to: '50', step: '10' },
  ],
  cap: '10000',
  preview: { status: 'idle' },
  job: null,
  jobError: null,
  progress: null,
  jobs: { status: 'idle' },
  runs: { status: 'idle' },
  sort: { by: 'sharpe', dir: 'desc' },
  heatmap: { status: 'idle' },
  heat: { x: 'fast', y: 'slow', metric: 'sharpe' },
  family: { status: 'idle' },
  setTab(tab) {
    set({ tab })
    if (tab === 'history') void get().loadHistory()
  },
  async load() {
    set({ series: { status: 'loading' }, strategies: { status: 'loading' } })
    const [series, strategies] = await Promise.all([
      callSafe('bars-coverage', { maxGaps: 0 }),
      callSafe('strategies-list', {}),
    ])
    set({ series: loadable(series), strategies: loadable(strategies) })
    const form = get().form
    if (series.ok && !form.symbol && series.value[0]) {
      set({
        form: { ...form, symbol: series.value[0].symbol, timeframe: series.value[0].timeframe },
      })
    }
    if (strategies.ok && Object.keys(get().form.params).length === 0)
      get().setForm({ strategy: get().form.strategy })
    const jobs = await callSafe('batch-list', {})
    set({ jobs: loadable(jobs) })
  },
  setForm(patch) {
    const next = { ...get().form, ...patch }
    if (patch.strategy !== undefined) {
      const strategies = get().strategies
      const info =
        strategies.status === 'ready'
          ? strategies.value.builtin.find((s) => s.name === patch.strategy)
          : undefined
      next.params = Object.fromEntries((info?.params ?? []).map((p) => [p.name, String(p.default)]))
      const axes = (info?.params ?? []).slice(0, 2).map(defaultAxis)
      const [a, b] = axes
      if (a && b) set({ axes, heat: { ...get().heat, x: a.name, y: b.name } })
    }
    set({ form: next, formError: null })
  },
  setParam(name, value) {
    set({ form: { ...get().form, params: { ...get().form.params, [name]: value } } })
  },
  async runBacktest() {
    const request = requestOf(get().form)
    if (!request.ok) {
      set({ formError: request.message })
      return
    }
    set({ run: { status: 'loading' }, formError: null, runBars: null })
    const result = await callSafe('backtest-run', request.value as never)
    set({ run: loadable(result) })
    if (result.ok) {
      const bars = await callSafe('bars-get', {
        symbol: result.value.symbol,
        timeframe: result.value.timeframe,
        from: result.value.stats.start,
        to: result.value.stats.end,
      })
      if (bars.ok) set({ runBars: bars.value })
    }
  },
  async loadHistory() {
    set({ history: { status: 'loading' } })
    set({ history: loadable(await callSafe('backtest-list', {})) })
  },
  async openRun(id) {
    set({ tab: 'run', run: { status: 'loading' }, runBars: null })
    const result = await callSafe('backtest-get', { id })
    set({ run: loadable(result) })
    if (result.ok) {
      const bars = await callSafe('bars-get', {
        symbol: result.value.symbol,
        timeframe: result.value.timeframe,
        from: result.value.stats.start,
        to: result.value.stats.end,
      })
      if (bars.ok) set({ runBars: bars.value })
    }
  },
  async detectFamily() {
    const { strategy, timeframe } = get().form
    set({ family: { status: 'loading', strategy } })
    const result = await callSafe('strategy-family', { strategy, timeframe })
    // A later pick of another strategy makes this answer stale: keep only the current one.
    if (get().form.strategy === strategy) set({ family: { ...loadable(result), strategy } })
  },
  toggleCompare(id) {
    const ids = get().compareIds
    set({ compareIds: ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id].slice(-2) })
  },
  async runCompare() {
    const [a, b] = get().compareIds
    if (a === undefined || b === undefined) return
    set({ compare: { status: 'loading' } })
    set({ compare: loadable(await callSafe('backtest-compare', { a, b })) })
  },
  setAxis(index, patch) {
    set({ axes: get().axes.map((a, i) => (i === index ? { ...a, ...patch } : a)) })
  },
  addAxis() {
    set({ axes: [...get().axes, { name: '', from: '', to: '', step: '1' }] })
  },
  removeAxis(index) {
    set({ axes: get().axes.filter((_, i) => i !== index) })
  },
  setCap(cap) {
    set({ cap })
  },
  async loadPreview() {
    const seq = ++previewSeq
    const grid = gridOf(get().axes)
    const { strategy } = get().form
    const params = paramsOf(get().form)
    const isParamsValid = Object.values(params).every((v) => !Number.isNaN(v))
    if (!grid || !isParamsValid) {
      set({ preview: { status: 'idle' } })
      return
    }
    const result = await callSafe('batch-preview', {
      strategy,
      params,
      grid,
      cap: Number(get().cap) || 10_000,
    })
    if (seq === previewSeq) set({ preview: loadable(result) })
  },
  async startBatch() {
    const request = requestOf(get().form)
    if (!request.ok) {
      set({ formError: request.message })
      return
    }
    const grid = get().axes.map((a) => ({
      name: a.name,
      from: Number(a.from),
      to: Number(a.to),
      step: Number(a.step),
    }))
    set({
      jobError: null,
      progress: { done: 0, total: 0 },
      runs: { status: 'idle' },
      heatmap: { status: 'idle' },
    })
    const result = await callSafe('batch-run', {
      ...request.value,
      grid,
      cap: Number(get().cap) || 10_000,
    } as never)
    if (!result.ok) {
      set({ jobError: result.error, progress: null })
      return
    }
    set({ job: result.value })
    if (result.value.status !== 'running') await get().openJob(result.value.id)
  },
  async cancelBatch() {
    const job = get().job
    if (!job) return
    const result = await callSafe('batch-cancel', { jobId: job.id })
    if (result.ok) await get().openJob(job.id)
    else set({ jobError: result.error })
  },
  async resumeBatch(jobId) {
    const result = await callSafe('batch-resume', { jobId })
    if (result.ok) set({ job: result.value, jobError: null })
    else set({ jobError: result.error })
  },
  async openJob(jobId) {
    const result = await callSafe('batch-get', { jobId })
    if (!result.ok) {
      set({ jobError: result.error })
      return
    }
    const job = result.value
    const [x, y] = job.axes
    set({ job, progress: { done: job.completed, total: job.total } })
    if (x && y) set({ heat: { ...get().heat, x: x.name, y: y.name } })
    if (job.status !== 'running') {
      await Promise.all([get().loadRuns(), get().loadHeatmap()])
      set({ jobs: loadable(await callSafe('batch-list', {})) })
    }
  },
  async loadRuns() {
    const job = get().job
    if (!job) return
    const { by, dir } = get().sort
    set({
      runs: loadable(
        await callSafe('batch-runs', { jobId: job.id, sort: { by, dir }, limit: 200 }),
      ),
    })
  },
  setSort(by) {
    const sort = get().sort
    set({ sort: { by, dir: sort.by === by && sort.dir === 'desc' ? 'asc' : 'desc' } })
    void get().loadRuns()
  },
  setHeat(patch) {
    set({ heat: { ...get().heat, ...patch } })
    void get().loadHeatmap()
  },
  async loadHeatmap() {
    const job = get().job
    if (!job || job.axes.length < 2) return
    const { x, y, metric } = get().heat
    set({ heatmap: loadable(await callSafe('batch-heatmap', { jobId: job.id, x, y, metric })) })
  },
  watch() {
    const offProgress = on('backtest-progress', (p) => {
      const job = get().job
      if (job && p.jobId === job.id) set({ progress: { done: p.done, total: p.total } })
    })
    const offChanged = onDataChanged(['backtest'], () => {
      const job = get().job
      if (job && job.status === 'running') void get().openJob(job.id)
    })
    return () => {
      offProgress()
      offChanged()
    }
  },
}))
