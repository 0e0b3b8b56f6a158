import { create } from 'zustand'
import type {
  BacktestRunDto,
  BarSeries,
  ProbeLeaderboardRow,
  ProbeJobDto,
  ProbeLeaderboardDto,
  ProbeMetricName,
  SeriesCoverage,
  WireError,
} from '../../../electron/core/contract/index'
import { callSafe, on, onDataChanged } from '../api/client'
import type { Loadable } from './app-store'

/** The run form as typed; numbers stay text until the run. */
export type ProbeForm = {
  /** Empty: every family. */
  family: string
  timeframe: string
  /** Comma-separated; empty: every stored series of the timeframe. */
  symbols: string
  from: string
  to: string
  commission: string
}

/** A column the leaderboard sorts by. */
export type BoardSortKey = Exclude<keyof ProbeLeaderboardRow, 'displayName'>

type ProbeState = {
  series: Loadable<SeriesCoverage[]>
  form: ProbeForm
  job: ProbeJobDto | null
  jobError: WireError | null
  progress: { done: number; total: number } | null
  jobs: Loadable<ProbeJobDto[]>
  board: Loadable<ProbeLeaderboardDto>
  metric: ProbeMetricName
  sort: { by: BoardSortKey; dir: 'asc' | 'desc' }
  drill: Loadable<{ run: BacktestRunDto; bars: BarSeries | null }>
  drillKey: { strategy: string; symbol: string } | null
  load: () => Promise<void>
  setForm: (patch: Partial<ProbeForm>) => void
  start: () => Promise<void>
  cancel: () => Promise<void>
  resume: (jobId: string) => Promise<void>
  openJob: (jobId: string) => Promise<void>
  loadBoard: () => Promise<void>
  setMetric: (metric: ProbeMetricName) => void
  setSort: (by: BoardSortKey) => void
  openDrill: (strategy: string, symbol: string) => Promise<void>
  /** The leaderboard as CSV, or the error. */
  exportCsv: () => Promise<
    { ok: true; filename: string; csv: string } | { ok: false; error: WireError }
  >
  /** Follows progress of the current job and data changes; returns the unsubscribe. */
  watch: () => () => void
}

function loadable<T>(
  result: { ok: true; value: T } | { ok: false; error: WireError },
): Loadable<T> {
  return result.ok
    ? { status: 'ready', value: result.value }
    : { status: 'error', error: result.error }
}

/** Probes: the run form, the current run with its progress, its leaderboard and drill-down. */
export const useProbeStore = create<ProbeState>()((set, get) => ({
  series: { status: 'idle' },
  form: { family: '', timeframe: '1Day', symbols: '', from: '', to: '', commission: '0' },
  job: null,
  jobError: null,
  progress: null,
  jobs: { status: 'idle' },
  board: { status: 'idle' },
  metric: 'sharpe',
  sort: { by: 'rank', dir: 'asc' },
  drill: { status: 'idle' },
  drillKey: null,
  async load() {
    const [series, jobs] = await Promise.all([
      callSafe('bars-coverage', { maxGaps: 0 }),
      callSafe('probes-list', {}),
    ])
    set({ series: loadable(series), jobs: loadable(jobs) })
    const timeframes = series.ok ? [...new Set(series.value.map((s) => s.timeframe))] : []
    const tf = get().form.timeframe
    if (timeframes.length && !timeframes.includes(tf)) get().setForm({ timeframe: timeframes[0] })
    const latest = jobs.ok ? jobs.value[0] : undefined
    if (!get().job && latest) await get().openJob(latest.id)
  },
  setForm(patch) {
    set({ form: { ...get().form, ...patch } })
  },
  async start() {
    const f = get().form
    const symbols = f.symbols
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
    const commission = Number(f.commission || '0')
    set({
      jobError: null,
      progress: { done: 0, total: 0 },
      board: { status: 'idle' },
      drill: { status: 'idle' },
    })
    const result = await callSafe('probes-run', {
      timeframe: f.timeframe,
      ...(f.family.trim() ? { family: f.family.trim() } : {}),
      ...(symbols.length ? { symbols } : {}),
      ...(f.from ? { from: f.from } : {}),
      ...(f.to ? { to: f.to } : {}),
      ...(Number.isFinite(commission) ? { commission } : {}),
    })
    if (!result.ok) {
      set({ jobError: result.error, progress: null })
      return
    }
    set({
      job: result.value,
      progress: { done: result.value.completed, total: result.value.total },
    })
    if (result.value.status !== 'running') await get().openJob(result.value.id)
  },
  async cancel() {
    const job = get().job
    if (!job) return
    const result = await callSafe('probes-cancel', { jobId: job.id })
    if (result.ok) await get().openJob(job.id)
    else set({ jobError: result.error })
  },
  async resume(jobId) {
    const result = await callSafe('probes-resume', { jobId })
    if (result.ok) set({ job: result.value, jobError: null })
    else set({ jobError: result.error })
  },
  async openJob(jobId) {
    const result = await callSafe('probes-get', { jobId })
    if (!result.ok) {
      set({ jobError: result.error })
      return
    }
    const job = result.value
    set({ job, progress: { done: job.completed, total: job.total } })
    if (job.status !== 'running') {
      await get().loadBoard()
      set({ jobs: loadable(await callSafe('probes-list', {})) })
    }
  },
  async loadBoard() {
    const job = get().job
    if (!job) return
    set({
      board: loadable(
        await callSafe('probes-leaderboard', { jobId: job.id, metric: get().metric }),
      ),
    })
  },
  setMetric(metric) {
    set({ metric })
    void get().loadBoard()
  },
  setSort(by) {
    const sort = get().sort
    const dir =
      sort.by === by
        ? sort.dir === 'asc'
          ? 'desc'
          : 'asc'
        : by === 'rank' || by === 'strategy' || by === 'family'
          ? 'asc'
          : 'desc'
    set({ sort: { by, dir } })
  },
  async openDrill(strategy, symbol) {
    const job = get().job
    if (!job) return
    set({ drill: { status: 'loading' }, drillKey: { strategy, symbol } })
    const run = await callSafe('probes-backtest', { jobId: job.id, strategy, symbol })
    if (!run.ok) {
      set({ drill: { status: 'error', error: run.error } })
      return
    }
    const bars = await callSafe('bars-get', {
      symbol,
      timeframe: job.timeframe,
      ...(job.from ? { from: job.from } : {}),
      ...(job.to ? { to: job.to } : {}),
    })
    set({
      drill: { status: 'ready', value: { run: run.value, bars: bars.ok ? bars.value : null } },
    })
  },
  async exportCsv() {
    const job = get().job
    if (!job) return { ok: false, error: { code: 'not-found', message: 'No probe run open' } }
    const result = await callSafe('probes-export', { jobId: job.id })
    return result.ok ? { ok: true, ...result.value } : result
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
