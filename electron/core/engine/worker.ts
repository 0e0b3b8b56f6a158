// Engine worker entry: long-lived; per grid it receives the bars once (shared memory), the spec
// parsed once at the boundary and the axes, then answers batches of grid indexes. A `backtest`
// message runs one whole backtest off the thread that answers the UI, and a `fresh-series`
// message groups an import's new series while the core thread writes the ledger. After a `grid`
// message, `returns` batches answer variants' per-bar returns (their buffers transferred), and an
// `overfit` message computes PBO and the best variant's statistics of such returns. A `probe`
// message loads one symbol's bars and a probe's strategies; `probe-batch` messages run them;
// `points` batches run variants named by their parameters (an optimiser's asks). A worker never
// validates a spec: it imports no schema (test/core/engine/parse-once.test.ts holds it to that).
import { parentPort } from 'node:worker_threads'
import { runBacktest } from '../domain/backtest'
import type { BarColumns } from '../domain/market/bars'
import { groupFreshSeries, groupingTransferables } from './fresh-series'
import { GridRunner } from './grid-runner'
import { overfitOf } from './overfit'
import { ProbeRunner } from './probe-runner'
import type { EngineReply, EngineRequest, SharedBars } from './protocol'

const port = parentPort
if (!port) throw new Error('the engine worker must run in a worker thread')

let job = -1
let runner: GridRunner | null = null
let failure: string | null = null
let prober: ProbeRunner | null = null

function reply(msg: EngineReply, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(msg, transfer)
}

function columns(b: SharedBars): BarColumns {
  return {
    time: new Float64Array(b.time),
    open: new Float64Array(b.open),
    high: new Float64Array(b.high),
    low: new Float64Array(b.low),
    close: new Float64Array(b.close),
    volume: new Float64Array(b.volume),
  }
}

port.on('message', (msg: EngineRequest) => {
  if (msg.type === 'grid') {
    job = msg.job
    failure = null
    try {
      runner = new GridRunner(columns(msg.bars), msg.spec, msg.axes)
    } catch (err) {
      runner = null
      failure = err instanceof Error ? err.message : String(err)
    }
  } else if (msg.type === 'batch') {
    if (msg.job !== job) return
    if (!runner) return reply({ type: 'fatal', job, message: failure ?? 'no grid loaded' })
    const before = runner.steps
    const active = runner
    const runs = msg.indexes.map((index) => active.run(index))
    reply({ type: 'results', job, runs, steps: runner.steps - before })
  } else if (msg.type === 'probe') {
    job = msg.job
    runner = null
    prober = new ProbeRunner(columns(msg.bars), msg.specs)
  } else if (msg.type === 'probe-batch') {
    if (msg.job !== job) return
    if (!prober) return reply({ type: 'fatal', job, message: 'no probe loaded' })
    const before = prober.steps
    const active = prober
    try {
      const runs = msg.indexes.map((index) => active.run(index))
      reply({ type: 'probed', job, runs, steps: active.steps - before })
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      reply({ type: 'failed', job, error: { code: 'internal', message } })
    }
  } else if (msg.type === 'points') {
    if (msg.job !== job) return
    if (!runner) return reply({ type: 'fatal', job, message: failure ?? 'no grid loaded' })
    const before = runner.steps
    const active = runner
    const runs = msg.runs.map((r) => active.runParams(r.key, r.params))
    reply({ type: 'results', job, runs, steps: runner.steps - before })
  } else if (msg.type === 'returns') {
    if (msg.job !== job) return
    if (!runner) return reply({ type: 'fatal', job, message: failure ?? 'no grid loaded' })
    try {
      const series = runner.returns(msg.runs)
      if (!series.ok) return reply({ type: 'failed', job, error: series.error })
      reply({ type: 'series', job, series: series.value }, [
        series.value.returns.buffer as ArrayBuffer,
      ])
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      reply({ type: 'failed', job, error: { code: 'internal', message } })
    }
  } else if (msg.type === 'backtest') {
    try {
      const run = runBacktest(columns(msg.bars), msg.spec)
      if (run.ok) reply({ type: 'result', job: msg.job, result: run.value })
      else reply({ type: 'failed', job: msg.job, error: run.error })
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      reply({ type: 'failed', job: msg.job, error: { code: 'internal', message } })
    }
  } else if (msg.type === 'overfit') {
    try {
      const answer = overfitOf(msg.returns, msg.variants, msg.length, msg.blocks)
      if (answer.ok) reply({ type: 'overfitting', job: msg.job, answer: answer.value })
      else reply({ type: 'failed', job: msg.job, error: answer.error })
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      reply({ type: 'failed', job: msg.job, error: { code: 'internal', message } })
    }
  } else if (msg.type === 'fresh-series') {
    try {
      const grouping = groupFreshSeries(msg.columns)
      reply({ type: 'grouped', job: msg.job, grouping }, groupingTransferables(grouping))
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      reply({ type: 'failed', job: msg.job, error: { code: 'internal', message } })
    }
  } else if (msg.job === job) {
    runner = null
    prober = null
  }
})
