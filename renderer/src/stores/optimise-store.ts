import { create } from 'zustand'
import type {
  IndividualDto,
  NumericMetric,
  OptimiseJobDto,
  WalkForwardDto,
  WireError,
} from '../../../electron/core/contract/index'
import { callSafe, on, onDataChanged } from '../api/client'
import type { Loadable } from './app-store'
import { requestOf, useBacktestStore } from './backtest-store'

/** The optimiser settings as typed; numbers stay text until the run. */
export type OptimiseForm = {
  method: 'genetic' | 'random' | 'tpe'
  objective: NumericMetric
  direction: 'max' | 'min'
  budget: string
  population: string
  seed: string
  inSample: string
  outOfSample: string
  anchored: boolean
}

type OptimiseState = {
  form: OptimiseForm
  formError: string | null
  job: OptimiseJobDto | null
  individuals: Loadable<{ total: number; individuals: IndividualDto[] }>
  walk: WalkForwardDto | null
  error: WireError | null
  progress: { jobId: string; done: number; total: number } | null
  setForm: (patch: Partial<OptimiseForm>) => void
  startOptimise: () => Promise<void>
  startWalkForward: () => Promise<void>
  cancel: () => Promise<void>
  refresh: () => Promise<void>
  /** Follows `backtest-progress` and job ends; returns the unsubscribe. */
  watch: () => () => void
}

function int(text: string): number | null {
  const n = Number(text.trim())
  return text.trim() !== '' && Number.isInteger(n) ? n : null
}

// The backtest request of the run form without its parameters: the optimiser searches the
// strategy's own ranges (a parameter given would be held fixed).
function baseRequest(
  form: OptimiseForm,
): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  const run = requestOf(useBacktestStore.getState().form)
  if (!run.ok) return run
  const budget = int(form.budget)
  const seed = int(form.seed)
  if (budget === null) return { ok: false, message: 'Budget is not a whole number' }
  if (seed === null) return { ok: false, message: 'Seed is not a whole number' }
  const population = int(form.population)
  return {
    ok: true,
    value: {
      ...run.value,
      params: {},
      method: form.method,
      objective: form.objective,
      direction: form.direction,
      budget,
      seed,
      ...(form.method === 'genetic' && population !== null ? { population } : {}),
    },
  }
}

/** Optimisers and walk-forward of the Backtests page: the form, the job, its results. */
export const useOptimiseStore = create<OptimiseState>()((set, get) => ({
  form: {
    method: 'genetic',
    objective: 'sharpe',
    direction: 'max',
    budget: '200',
    population: '20',
    seed: '1',
    inSample: '500',
    outOfSample: '100',
    anchored: false,
  },
  formError: null,
  job: null,
  individuals: { status: 'idle' },
  walk: null,
  error: null,
  progress: null,
  setForm(patch) {
    set({ form: { ...get().form, ...patch }, formError: null })
  },
  async startOptimise() {
    const request = baseRequest(get().form)
    if (!request.ok) return set({ formError: request.message })
    set({ error: null, walk: null, individuals: { status: 'idle' }, progress: null })
    const result = await callSafe('optimise-run', request.value as never)
    if (!result.ok) return set({ error: result.error })
    set({ job: result.value })
    await get().refresh()
  },
  async startWalkForward() {
    const request = baseRequest(get().form)
    if (!request.ok) return set({ formError: request.message })
    const inSample = int(get().form.inSample)
    const outOfSample = int(get().form.outOfSample)
    if (inSample === null || outOfSample === null) {
      return set({ formError: 'In-sample and out-of-sample lengths are whole numbers of bars' })
    }
    set({ error: null, job: null, individuals: { status: 'idle' }, progress: null })
    const result = await callSafe('optimise-walkforward-run', {
      ...request.value,
      inSample,
      outOfSample,
      anchored: get().form.anchored,
    } as never)
    if (!result.ok) return set({ error: result.error })
    set({ walk: result.value })
  },
  async cancel() {
    const id = get().job?.id ?? get().walk?.id
    if (!id) return
    const result = await callSafe('optimise-cancel', { jobId: id })
    if (!result.ok) set({ error: result.error })
    await get().refresh()
  },
  async refresh() {
    const { job, walk } = get()
    if (job) {
      const next = await callSafe('optimise-get', { jobId: job.id })
      if (!next.ok) return set({ error: next.error })
      set({ job: next.value })
      const page = await callSafe('optimise-individuals', {
        runId: job.id,
        limit: 200,
        ascending: next.value.direction === 'min',
      })
      set({
        individuals: page.ok
          ? { status: 'ready', value: page.value }
          : { status: 'error', error: page.error },
      })
    } else if (walk) {
      const next = await callSafe('optimise-walkforward-get', { jobId: walk.id })
      if (!next.ok) return set({ error: next.error })
      set({ walk: next.value })
    }
  },
  watch() {
    const offProgress = on('backtest-progress', (p) => {
      const id = get().job?.id ?? get().walk?.id
      if (id && p.jobId === id) set({ progress: { jobId: id, done: p.done, total: p.total } })
    })
    const offChanged = onDataChanged(['backtest'], () => {
      const status = get().job?.status ?? get().walk?.status
      if (status === 'running') void get().refresh()
    })
    return () => {
      offProgress()
      offChanged()
    }
  },
}))
