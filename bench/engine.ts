// Engine benchmark: one GOOG sma-cross run, a 10 000-point grid on the worker pool, and raw
// broker-loop throughput on every core. Prints one JSON summary.
import { createRequire } from 'node:module'
import { availableParallelism, loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'
import { backtestSpecSchema } from '../electron/core/contract/backtest-spec'
import {
  IndicatorCache,
  prepareRun,
  runBacktest,
  simulate,
  TradeLog,
  type BacktestSpec,
  type ParsedBacktestSpec,
} from '../electron/core/domain/backtest'
import type { BarColumns } from '../electron/core/domain/market/bars'
import type { Result } from '../electron/core/domain/result'
import { EnginePool, rangeValues, runGrid } from '../electron/core/engine'
import { loadBars } from '../test/support/reference-bars'

const loadGoog = (): BarColumns => loadBars('GOOG')

// A spec as the boundary parses it (once, outside every timed loop).
function parsed(spec: BacktestSpec): ParsedBacktestSpec {
  return backtestSpecSchema.parse(spec)
}

function must<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

// Broker-loop throughput: the same prepared sma-cross runs simulated over and over for `ms`.
function simulateFor(ms: number): { steps: number; seconds: number } {
  const bars = loadGoog()
  const cache = new IndicatorCache()
  const runs = [5, 10, 20, 40].map((fast) =>
    must(
      prepareRun(bars, parsed({ strategy: 'sma-cross', params: { fast, slow: fast * 3 } }), cache),
    ),
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
  // Warm up, report ready, and run the timed loop only on `go`, so the parent can sample the
  // process CPU time around the timed window alone (no start-up or transpiling in it).
  simulateFor(200)
  parentPort?.once('message', () =>
    parentPort?.postMessage(simulateFor((workerData as { ms: number }).ms)),
  )
  parentPort?.postMessage('ready')
} else {
  await main()
}

type Rate = { steps: number; seconds: number }

async function parallelSimulation(
  cores: number,
  ms: number,
): Promise<{ rates: Rate[]; cpuSeconds: number }> {
  const pkg = createRequire(import.meta.url).resolve('tsx/package.json')
  const api = pathToFileURL(join(dirname(pkg), 'dist/esm/api/index.mjs')).href
  const boot = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}) })`
  const workers = Array.from(
    { length: cores },
    () => new Worker(boot, { eval: true, workerData: { ms } }),
  )
  await Promise.all(workers.map((w) => new Promise((res) => w.once('message', res))))
  const c0 = process.cpuUsage()
  const rates = await Promise.all(
    workers.map(
      (w) =>
        new Promise<Rate>((res) => {
          w.once('message', (m: Rate) => res(m))
          w.postMessage('go')
        }),
    ),
  )
  const cpu = process.cpuUsage(c0)
  await Promise.all(workers.map((w) => w.terminate()))
  return { rates, cpuSeconds: (cpu.user + cpu.system) / 1e6 }
}

async function main(): Promise<void> {
  const bars = loadGoog()
  const spec = parsed({ strategy: 'sma-cross', params: { fast: 10, slow: 30 } })
  for (let k = 0; k < 200; k++) must(runBacktest(bars, spec))
  const times: number[] = []
  for (let k = 0; k < 500; k++) {
    const t0 = performance.now()
    must(runBacktest(bars, spec))
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)

  const cores = availableParallelism()
  const axes = [
    { name: 'fast', values: rangeValues(2, 101, 1) },
    { name: 'slow', values: rangeValues(102, 201, 1) },
  ]
  const pool = new EnginePool(cores)
  // Cold: the pool's workers start inside the measurement (in source through tsx, which
  // transpiles the engine in each worker). Warm: the same grid again on the started pool.
  const timeGrid = async (): Promise<{
    wallMs: number
    cpuMs: number
    runs: number
    failed: number
    steps: number
  }> => {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    const g = await runGrid(bars, parsed({ strategy: 'sma-cross' }), axes, { pool })
    const wallMs = performance.now() - t0
    const cpu = process.cpuUsage(c0)
    return {
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      runs: g.runs.length,
      failed: g.runs.filter((r) => !r.stats).length,
      steps: g.steps,
    }
  }
  const cold = await timeGrid()
  const warm = await timeGrid()
  await pool.close()

  const single = simulateFor(1000)
  const par = await parallelSimulation(cores, 1500)
  const parallelSteps = par.rates.reduce((acc, r) => acc + r.steps, 0)
  const parallelRate = par.rates.reduce((acc, r) => acc + r.steps / r.seconds, 0)
  const simCpuSeconds = par.cpuSeconds

  const summary = {
    bars: bars.close.length,
    cores,
    singleRun: {
      strategy:
        'sma-cross 10/30 GOOG (runBacktest of a parsed spec: indicators, simulate, stats, curves)',
      medianMs: Number((times[times.length >> 1] as number).toFixed(3)),
      p95Ms: Number((times[Math.floor(times.length * 0.95)] as number).toFixed(3)),
      targetMs: 5,
    },
    grid: {
      combinations: warm.runs,
      failed: warm.failed,
      workers: cores,
      coldWallMs: Math.round(cold.wallMs),
      warmWallMs: Math.round(warm.wallMs),
      warmCpuMs: Math.round(warm.cpuMs),
      // What the wall time would be with the cores to ourselves: CPU time spread over the cores.
      warmCpuBoundMs: Math.round(warm.cpuMs / cores),
      runsPerSecondWarm: Math.round(warm.runs / (warm.wallMs / 1000)),
      barSteps: warm.steps,
      targetMs: 2000,
    },
    simulation: {
      what: 'broker loop over precomputed signals, GOOG sma-cross',
      singleThreadBarStepsPerSecond: Math.round(single.steps / single.seconds),
      allCoresBarStepsPerSecond: Math.round(parallelRate),
      // Steps per CPU-second times the cores: the rate on an otherwise idle machine.
      allCoresBarStepsPerCpuSecondTimesCores: Math.round((parallelSteps / simCpuSeconds) * cores),
      target: 100_000_000,
    },
    loadAverage1m: Number(loadavg()[0]?.toFixed(2)),
  }
  console.log(JSON.stringify(summary, null, 2))
}
