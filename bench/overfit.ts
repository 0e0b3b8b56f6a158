// Overfitting benchmark: `overfit-pbo` over a stored 1 000-run GOOG sma-cross grid through the
// registry (simulations and statistics on the engine workers), against the same work done inline
// on one thread. The figure that matters is how long the core thread stays blocked: the longest
// event-loop stall while the PBO is in progress. Prints one JSON summary.
import { readFileSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { openCore } from '../electron/core/core'
import type { RawIn } from '../electron/core/contract/index'
import { backtestSpecSchema } from '../electron/core/contract/backtest-spec'
import { runBacktest } from '../electron/core/domain/backtest'
import { parseBarCsv } from '../electron/core/domain/market/bar-csv'
import { overfitOf } from '../electron/core/engine'

const GOOG = join(import.meta.dirname, '..', 'test', 'fixtures', 'bars', 'backtesting_py_GOOG.csv')
const GRID: RawIn<'batch-run'> = {
  symbol: 'GOOG',
  timeframe: '1Day',
  strategy: 'sma-cross',
  grid: [
    { name: 'fast', from: 2, to: 51, step: 1 },
    { name: 'slow', from: 60, to: 250, step: 10 },
  ],
  wait: true,
}
const BLOCKS = 16

async function main(): Promise<void> {
  const core = await openCore({ dataDir: null })
  try {
    const must = async <T>(
      p: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>,
    ): Promise<T> => {
      const r = await p
      if (!r.ok) throw new Error(r.error.message)
      return r.value
    }
    await must(
      core.registry.invoke('bars-import', { path: GOOG, symbol: 'GOOG', timeframe: '1Day' }),
    )
    const job = await must(core.registry.invoke('batch-run', GRID))
    // Warm-up: the engine workers start and compile the engine.
    await must(core.registry.invoke('overfit-pbo', { jobId: job.id, blocks: BLOCKS }))

    const lag = monitorEventLoopDelay({ resolution: 1 })
    let ticks = 0
    const ticker = setInterval(() => void ticks++, 1)
    lag.enable()
    const t0 = performance.now()
    const answer = await must(
      core.registry.invoke('overfit-pbo', { jobId: job.id, blocks: BLOCKS }),
    )
    const workersMs = performance.now() - t0
    lag.disable()
    clearInterval(ticker)

    // The same work inline, as the core did before: every run simulated again, then the statistic.
    const parsed = parseBarCsv(readFileSync(GOOG, 'utf8'), { fileName: 'GOOG.csv' })
    if (!parsed.ok) throw new Error(parsed.error.message)
    const runs = await must(core.registry.invoke('batch-runs', { jobId: job.id, limit: 5000 }))
    const spec = backtestSpecSchema.parse({ strategy: 'sma-cross' })
    const t1 = performance.now()
    const series: number[][] = []
    for (const run of runs.runs) {
      const r = runBacktest(parsed.value.bars, { ...spec, params: run.variables })
      if (!r.ok) throw new Error(r.error.message)
      const e = r.value.equity
      series.push(e.slice(1).map((v, t) => v / (e[t] as number) - 1))
    }
    const simulatedMs = performance.now() - t1
    const length = series[0]?.length ?? 0
    const flat = new Float64Array(series.length * length)
    series.forEach((s, j) => flat.set(s, j * length))
    const inline = overfitOf(flat, series.length, length, BLOCKS)
    const inlineMs = performance.now() - t1
    if (!inline.ok) throw new Error(inline.error.message)

    const summary = {
      runs: answer.variants,
      bars: length + 1,
      blocks: BLOCKS,
      combinations: answer.combinations,
      cores: availableParallelism(),
      onWorkers: {
        wallMs: Math.round(workersMs),
        // The longest the core thread could not answer another call while the PBO ran.
        coreMaxStallMs: Number((lag.max / 1e6).toFixed(1)),
        coreTimerTicks: ticks,
        targetCoreMaxStallMs: 50,
      },
      inline: {
        wallMs: Math.round(inlineMs),
        simulateMs: Math.round(simulatedMs),
        // Inline, the thread is blocked for the whole computation.
        coreMaxStallMs: Math.round(inlineMs),
      },
      samePbo: inline.value.pbo.pbo === answer.pbo,
      loadAverage1m: Number(loadavg()[0]?.toFixed(2)),
    }
    console.log(JSON.stringify(summary, null, 2))
  } finally {
    await core.close()
  }
}

await main()
