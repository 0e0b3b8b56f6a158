// Probe benchmark: a catalogue of strategies × symbols × daily bars, end to end through the
// registry, from stored bars to every result, open-day row and trade stored (the target of issue
// 12: 100 × 100 × 2,520 in ≤ 5 s on a 2-core machine). The shipped catalogue is seeded elsewhere;
// this bench inserts its own: five rules of today's language (SMA cross, Donchian breakout,
// RSI(2), Bollinger reversion, MACD cross) in parameter variants. Symbols are deterministic
// synthetic series plus the real GOOG file. Also reports the longest stall of the core thread
// while the probe runs. Prints one JSON summary. Options: --strategies N --symbols N --bars N.
import { availableParallelism, loadavg } from 'node:os'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { writeBars } from '../db/repos/market-repo'
import { countProbeRows, countProbeTrades } from '../db/repos/probe-results-repo'
import { openCore } from '../electron/core/core'
import type { RulesStrategyInput } from '../electron/core/domain/backtest'
import type { BarColumns } from '../electron/core/domain/market/bars'
import type { CatalogueEntry } from '../electron/core/domain/probes/catalogue'
import { insertProbeFixtures, probeFixtures } from '../test/support/probe-fixtures'
import { loadBars } from '../test/support/reference-bars'

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : fallback
}

const STRATEGIES = arg('strategies', 100)
const SYMBOLS = arg('symbols', 100)
const BARS = arg('bars', 2_520)

/** A rule with every literal indicator parameter and every `param` default scaled by `k`. */
function variant(rules: RulesStrategyInput, k: number, name: string): RulesStrategyInput {
  const scale = (v: unknown): unknown =>
    typeof v === 'number' ? Math.max(2, Math.round(v * k)) : v
  return {
    ...rules,
    name,
    elements: rules.elements.map((e) => {
      if (e.type === 'param') return { ...e, default: scale(e.default) as number, max: 10_000 }
      if (e.type === 'indicator' && e.params) {
        const params = Object.fromEntries(
          Object.entries(e.params).map(([p, v]) => [p, p === 'k' ? v : (scale(v) as number)]),
        )
        return { ...e, params }
      }
      return e
    }),
  }
}

/** `n` catalogue entries: the five fixture rules, each in parameter variants. */
function catalogue(n: number): CatalogueEntry[] {
  const out: CatalogueEntry[] = []
  for (let i = 0; out.length < n; i++) {
    const base = probeFixtures[i % probeFixtures.length] as CatalogueEntry
    const k = 0.5 + 0.1 * Math.floor(i / probeFixtures.length)
    const name = `${base.name}-v${i}`
    out.push({ ...base, name, rules: variant(base.rules, k, name) })
  }
  return out
}

/** A deterministic daily series: a seeded walk with drift, cycles and noise. */
function synthetic(n: number, seed: number): BarColumns {
  const time = new Float64Array(n)
  const close = new Float64Array(n)
  let s = seed * 7919 + 17
  let price = 20 + (seed % 80)
  for (let i = 0; i < n; i++) {
    s = (s * 16807) % 2147483647
    price *= 1 + (s / 2147483647 - 0.5) * 0.04 + 0.0003 + 0.004 * Math.sin(i / (15 + (seed % 40)))
    time[i] = Date.UTC(2010, 0, 4) + i * 86_400_000
    close[i] = price
  }
  const open = close.map((c, i) => (i ? (close[i - 1] as number) : c))
  return {
    time,
    open,
    high: close.map((c, i) => Math.max(c, open[i] as number) * 1.008),
    low: close.map((c, i) => Math.min(c, open[i] as number) * 0.992),
    close,
    volume: new Float64Array(n).fill(1e6),
  }
}

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
    await insertProbeFixtures(core.deps.db, catalogue(STRATEGIES))
    const symbols: string[] = []
    let bars = 0
    await core.deps.db.transaction(async (tx) => {
      const goog = loadBars('GOOG')
      await writeBars(tx, { symbol: 'GOOG', timeframe: '1Day', bars: goog, source: 'bench' })
      symbols.push('GOOG')
      bars += goog.time.length
      for (let k = 1; symbols.length < SYMBOLS; k++) {
        const series = synthetic(BARS, k)
        await writeBars(tx, { symbol: `S${k}`, timeframe: '1Day', bars: series, source: 'bench' })
        symbols.push(`S${k}`)
        bars += BARS
      }
    })
    // Warm-up: the engine workers start and compile the engine on a small probe.
    await must(
      core.registry.invoke('probes-run', { timeframe: '1Day', symbols: ['S1'], wait: true }),
    )

    const lag = monitorEventLoopDelay({ resolution: 1 })
    lag.enable()
    const t0 = performance.now()
    const job = await must(
      core.registry.invoke('probes-run', { timeframe: '1Day', symbols, wait: true }),
    )
    const wallMs = performance.now() - t0
    lag.disable()
    if (job.status !== 'completed') throw new Error(`the probe ended ${job.status}: ${job.error}`)
    const t1 = performance.now()
    const board = await must(core.registry.invoke('probes-leaderboard', { jobId: job.id }))
    const leaderboardMs = performance.now() - t1
    const rows = await countProbeRows(core.deps.db, job.id)
    const trades = await countProbeTrades(core.deps.db, job.id)
    const steps = Number(job.summary?.steps ?? 0)
    const runs = STRATEGIES * symbols.length
    console.log(
      JSON.stringify(
        {
          strategies: STRATEGIES,
          symbols: symbols.length,
          barsPerSymbol: BARS,
          barsStored: bars,
          runs,
          cores: availableParallelism(),
          wallMs: Math.round(wallMs),
          targetWallMs: 5_000,
          runsPerSecond: Math.round(runs / (wallMs / 1000)),
          barStepsPerSecond: Math.round(steps / (wallMs / 1000)),
          stored: { results: rows.results, openDayRows: rows.days, trades },
          // Time spent in the store's insert statements (on the core thread, PGlite).
          storeMs: Number(job.summary?.storeMs ?? 0),
          // The longest the core thread could not answer another call while the probe ran.
          coreMaxStallMs: Number((lag.max / 1e6).toFixed(1)),
          leaderboardMs: Math.round(leaderboardMs),
          leaderDsr: board.leaderboard.leader?.result?.dsr ?? null,
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
