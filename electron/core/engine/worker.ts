// Engine worker entry: long-lived; per grid it receives the bars once (shared memory) and the base
// spec, then answers batches of grid points.
import { parentPort } from 'node:worker_threads'
import type { BarColumns } from '../domain/market/bars'
import { GridRunner } from './grid-runner'
import type { EngineReply, EngineRequest } from './protocol'

const port = parentPort
if (!port) throw new Error('the engine worker must run in a worker thread')

let job = -1
let runner: GridRunner | null = null
let failure: string | null = null

function reply(msg: EngineReply): void {
  port?.postMessage(msg)
}

port.on('message', (msg: EngineRequest) => {
  if (msg.type === 'job') {
    job = msg.job
    failure = null
    const b = msg.bars
    const bars: BarColumns = {
      time: new Float64Array(b.time),
      open: new Float64Array(b.open),
      high: new Float64Array(b.high),
      low: new Float64Array(b.low),
      close: new Float64Array(b.close),
      volume: new Float64Array(b.volume),
    }
    try {
      runner = new GridRunner(bars, msg.baseSpec)
    } catch (err) {
      runner = null
      failure = err instanceof Error ? err.message : String(err)
    }
  } else if (msg.type === 'batch') {
    if (msg.job !== job) return
    if (!runner) return reply({ type: 'fatal', job, message: failure ?? 'no grid loaded' })
    const before = runner.steps
    const active = runner
    const runs = msg.points.map((p) => active.run(p))
    reply({ type: 'results', job, runs, steps: runner.steps - before })
  } else if (msg.job === job) {
    runner = null
  }
})
