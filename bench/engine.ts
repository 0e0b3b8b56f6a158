// Engine benchmark: one GOOG sma-cross run, a 10 000-point grid on the worker pool, and raw
// broker-loop throughput on every core. Prints one JSON summary.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'
import {
  IndicatorCache,
  parseSpec,
  prepareRun,
  runBacktest,
  simulate,
  TradeLog,
} from '../electron/core/domain/backtest'
import type { BarColumns } from '../electron/core/domain/market/bars'
import { rangeValues, runGrid } from '../electron/core/engine'

const here = fileURLToPath(import.meta.url)

function loadGoog(): BarColumns {
  const path = resolve(dirname(here), '../test/fixtures/bars/backtesting_py_GOOG.csv')
  const lines = readFileSync(path, 'utf8').trim().split('\n').slice(1)
  const n = lines.length
  const bars: BarColumns = {
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  }
  lines.forEach((line, i) => {
    const [t = '', o = '', h = '', l = '', c = '', v = ''] = line.split(',')
    bars.time[i] = Date.parse(`${t}T00:00:00Z`)
    bars.open[i] = Number(o)
    bars.high[i] = Number(h)
    bars.low[i] = Number(l)
    bars.close[i] = Number(c)
    bars.volume[i] = Number(v)
  })
  return bars
}

// Broker-loop throughput: the same prepared sma-cross runs simulated over and over for `ms`.
function simulateFor(ms: number): { steps: number; seconds: number } {
  const bars = loadGoog()
  const cache = new IndicatorCache()
  const runs = [5, 10, 20, 40].map((fast) =>
    prepareRun(bars, parseSpec({ strategy: 'sma-cross', params: { fast, slow: fast * 3 } }), cache),
  )
  const equity = new Float64Array(bars.close.length)
  const log = new TradeLog()
  let steps = 0
  const t0 = performance.now()
  let t = t0
  while (t - t0 < ms) {
    for (let k = 0; k < 50; k++) {
      for (const run of runs) {
        steps += simulate(run.bars, run.plan.signals, run.start, run.config, equity, log).steps
      }
    }
    t = performance.now()
  }
  return { steps, seconds: (t - t0) / 1000 }
}

if (!isMainThread) {
  parentPort?.postMessage(simulateFor((workerData as { ms: number }).ms))
} else {
  await main()
}

function spawnSelf(ms: number): Promise<{ steps: number; seconds: number }> {
  const pkg = createRequire(import.meta.url).resolve('tsx/package.json')
  const api = pathToFileURL(join(dirname(pkg), 'dist/esm/api/index.mjs')).href
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}) })`
  return new Promise((res, rej) => {
    const w = new Worker(boot, { eval: true, workerData: { ms } })
    w.once('message', (m: { steps: number; seconds: number }) => {
      res(m)
      void w.terminate()
    })
    w.once('error', rej)
  })
}

async function main(): Promise<void> {
  const bars = loadGoog()
  const spec = { strategy: 'sma-cross', params: { fast: 10, slow: 30 } }
  for (let k = 0; k < 200; k++) runBacktest(bars, spec)
  const times: number[] = []
  for (let k = 0; k < 500; k++) {
    const t0 = performance.now()
    runBacktest(bars, spec)
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)

  const cores = availableParallelism()
  const fast = rangeValues(2, 101, 1)
  const slow = rangeValues(102, 201, 1)
  const g0 = performance.now()
  const grid = await runGrid(bars, { strategy: 'sma-cross' }, [
    { name: 'fast', values: fast },
    { name: 'slow', values: slow },
  ])
  const gridMs = performance.now() - g0
  const failed = grid.runs.filter((r) => !r.stats).length

  const single = simulateFor(1000)
  const parallel = await Promise.all(Array.from({ length: cores }, () => spawnSelf(1500)))
  const parallelRate = parallel.reduce((acc, r) => acc + r.steps / r.seconds, 0)

  const summary = {
    bars: bars.close.length,
    cores,
    singleRun: {
      strategy: 'sma-cross 10/30 GOOG (runBacktest: parse, indicators, simulate, stats, curves)',
      medianMs: Number((times[times.length >> 1] as number).toFixed(3)),
      p95Ms: Number((times[Math.floor(times.length * 0.95)] as number).toFixed(3)),
      targetMs: 5,
    },
    grid: {
      combinations: grid.runs.length,
      failed,
      workers: cores,
      wallMs: Math.round(gridMs),
      runsPerSecond: Math.round(grid.runs.length / (gridMs / 1000)),
      barStepsPerSecond: Math.round(grid.steps / (gridMs / 1000)),
      targetMs: 2000,
    },
    simulation: {
      what: 'broker loop over precomputed signals, GOOG sma-cross',
      singleThreadBarStepsPerSecond: Math.round(single.steps / single.seconds),
      allCoresBarStepsPerSecond: Math.round(parallelRate),
      target: 100_000_000,
    },
  }
  console.log(JSON.stringify(summary, null, 2))
}
