// Engine worker entry: receives the bars once (shared memory) and answers batches of grid points.
import { parentPort, workerData } from 'node:worker_threads'
import type { BarColumns } from '../domain/market/bars'
import { GridRunner } from './grid-runner'
import type { EngineReply, EngineRequest, EngineWorkerData } from './protocol'

const port = parentPort
if (!port) throw new Error('the engine worker must run in a worker thread')
const data = workerData as EngineWorkerData
const bars: BarColumns = {
  time: new Float64Array(data.bars.time),
  open: new Float64Array(data.bars.open),
  high: new Float64Array(data.bars.high),
  low: new Float64Array(data.bars.low),
  close: new Float64Array(data.bars.close),
  volume: new Float64Array(data.bars.volume),
}
let runner: GridRunner | null = null
try {
  runner = new GridRunner(bars, data.baseSpec)
} catch (err) {
  const reply: EngineReply = {
    type: 'fatal',
    message: err instanceof Error ? err.message : String(err),
  }
  port.postMessage(reply)
}
port.on('message', (msg: EngineRequest) => {
  if (!runner || msg.type !== 'batch') return
  const before = runner.steps
  const runs = msg.points.map((p) => runner.run(p))
  const reply: EngineReply = { type: 'results', id: msg.id, runs, steps: runner.steps - before }
  port.postMessage(reply)
})
