// Optimiser benchmark: each method (random, genetic, TPE) as a job through the registry on GOOG
// sma-cross (evaluations on the engine workers, each individual stored), then a walk-forward.
// Figures: evaluations per second per method, the longest core-thread stall while they run,
// and evaluations until each method first reaches the best Sharpe of the full grid over the same
// space (fast 2…50 × slow 10…200, fast < slow), the issue's "within a stated number of
// evaluations". Prints one JSON summary.
import { availableParallelism, loadavg } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { openCore } from '../electron/core/core'
import type { RawIn } from '../electron/core/contract/index'

const GOOG = join(import.meta.dirname, '..', 'test', 'fixtures', 'bars', 'backtesting_py_GOOG.csv')
const SPACE = [
  { name: 'fast', min: 2, max: 50, step: 1 },
  { name: 'slow', min: 10, max: 200, step: 1 },
]
const BUDGET = 600
const SEEDS = [1, 2, 3]

async function main(): Promise<void> {
  const core = await openCore({ dataDir: null })
  const must = async <T>(
    p: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>,
  ): Promise<T> => {
    const r = await p
    if (!r.ok) throw new Error(r.error.message)
    return r.value
  }
  try {
    await must(
      core.registry.invoke('bars-import', { path: GOOG, symbol: 'GOOG', timeframe: '1Day' }),
    )
    // The grid's best over the same space (fast < slow points only).
    const grid = await must(
      core.registry.invoke('batch-run', {
        symbol: 'GOOG',
        timeframe: '1Day',
        strategy: 'sma-cross',
        grid: [
          { name: 'fast', from: 2, to: 50, step: 1 },
          { name: 'slow', from: 10, to: 200, step: 1 },
        ],
        wait: true,
      }),
    )
    const gridBest = grid.summary?.best?.value ?? null

    const lag = monitorEventLoopDelay({ resolution: 1 })
    const methods: Record<string, unknown> = {}
    let worstStall = 0
    for (const method of ['random', 'genetic', 'tpe'] as const) {
      let evaluations = 0
      let wallMs = 0
      lag.reset()
      const toGridBest: (number | null)[] = []
      for (const seed of SEEDS) {
        const request: RawIn<'optimise-run'> = {
          symbol: 'GOOG',
          timeframe: '1Day',
          strategy: 'sma-cross',
          method,
          seed,
          budget: BUDGET,
          population: 40,
          ranges: SPACE,
          wait: true,
        }
        lag.enable()
        const t0 = performance.now()
        const job = await must(core.registry.invoke('optimise-run', request))
        wallMs += performance.now() - t0
        lag.disable()
        evaluations += job.evaluations
        const page = await must(
          core.registry.invoke('optimise-individuals', { runId: job.id, limit: 10_000 }),
        )
        // Individuals in the order evaluated: by generation, then as stored.
        const byGen = [...page.individuals].sort((a, b) => a.generation - b.generation)
        const at =
          gridBest === null
            ? -1
            : byGen.findIndex((i) => i.fitness !== null && i.fitness >= gridBest - 1e-6)
        toGridBest.push(at < 0 ? null : at + 1)
      }
      methods[method] = {
        evaluations,
        wallMs: Math.round(wallMs),
        evaluationsPerSecond: Math.round((evaluations / wallMs) * 1000),
        evaluationsToGridBest: toGridBest,
        coreMaxStallMs: Number((lag.max / 1e6).toFixed(1)),
      }
      worstStall = Math.max(worstStall, lag.max)
    }
    const coreMaxStallMs = Number((worstStall / 1e6).toFixed(1))

    const t1 = performance.now()
    const wf = await must(
      core.registry.invoke('optimise-walkforward-run', {
        symbol: 'GOOG',
        timeframe: '1Day',
        strategy: 'sma-cross',
        method: 'genetic',
        budget: 200,
        population: 20,
        ranges: SPACE,
        inSample: 500,
        outOfSample: 100,
        wait: true,
      }),
    )
    const walkMs = performance.now() - t1

    console.log(
      JSON.stringify(
        {
          strategy: 'sma-cross',
          symbol: 'GOOG',
          bars: 2148,
          space: '49 × 191 values, fast < slow',
          gridRuns: grid.total,
          gridBestSharpe: gridBest,
          budgetPerRun: BUDGET,
          seeds: SEEDS,
          cores: availableParallelism(),
          methods,
          // The longest the core thread could not answer another call while optimisers ran.
          coreMaxStallMs,
          targetCoreMaxStallMs: 50,
          walkForward: {
            windows: wf.windows.length,
            evaluations: wf.windows.reduce((a, w) => a + w.evaluations, 0),
            wallMs: Math.round(walkMs),
            efficiency: wf.efficiency,
          },
          loadAverage1m: Number(loadavg()[0]?.toFixed(2)),
        },
        null,
        2,
      ),
    )
  } finally {
    await core.close()
  }
}

await main()
