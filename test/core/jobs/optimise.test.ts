import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeBars } from '../../../db/repos/market-repo'
import type { BarColumns } from '../../../electron/core/domain/market/bars'
import { planWindows } from '../../../electron/core/domain/optimise'
import { openTestCore, type TestCore } from '../../support/core'
import { loadBars } from '../../support/reference-bars'
import { unwrap } from '../../support/backtest'

const GOOG = resolve(import.meta.dirname, '../../fixtures/bars/backtesting_py_GOOG.csv')

/** A deterministic minute series long enough that an optimiser takes a while. */
function longSeries(n: number): BarColumns {
  const time = new Float64Array(n)
  const close = new Float64Array(n)
  let price = 100
  for (let i = 0; i < n; i++) {
    time[i] = Date.UTC(2020, 0, 1) + i * 60_000
    price *= 1 + 0.002 * Math.sin(i / 37) + 0.001 * Math.sin(i / 11)
    close[i] = price
  }
  return {
    time,
    open: close.slice(),
    high: close.map((c) => c * 1.001),
    low: close.map((c) => c * 0.999),
    close,
    volume: new Float64Array(n).fill(1000),
  }
}

const GA = {
  symbol: 'GOOG',
  timeframe: '1Day',
  strategy: 'sma-cross',
  method: 'genetic' as const,
  objective: 'sharpe' as const,
  seed: 7,
  budget: 120,
  population: 20,
  ranges: [
    { name: 'fast', min: 2, max: 40, step: 1 },
    { name: 'slow', min: 10, max: 120, step: 1 },
  ],
  wait: true,
}

describe('optimise jobs', () => {
  let core: TestCore
  beforeAll(async () => {
    core = await openTestCore()
    await core.value('bars-import', { path: GOOG, symbol: 'GOOG', timeframe: '1Day' })
    await core.deps.db.transaction((tx) =>
      writeBars(tx, {
        symbol: 'LONG',
        timeframe: '1Min',
        bars: longSeries(30_000),
        source: 'test',
      }),
    )
  }, 120_000)
  afterAll(() => core.close())

  it('runs a genetic algorithm on the engine workers and stores the run and every individual', async () => {
    const job = await core.value('optimise-run', GA)
    expect(job.status).toBe('completed')
    expect(job.method).toBe('genetic')
    // ⌊120 / 20⌋ generations, each with its best (which never falls).
    expect(job.convergence).toHaveLength(6)
    const page = await core.value('optimise-individuals', { runId: job.id, limit: 10_000 })
    expect(page.total).toBe(job.evaluations)
    expect(page.total).toBeGreaterThan(20)
    const keys = new Set(page.individuals.map((i) => `${i.genes.fast},${i.genes.slow}`))
    expect(keys.size).toBe(page.total)
    for (const i of page.individuals) expect(i.genes.fast!).toBeLessThan(i.genes.slow!)
    const values = page.individuals.map((i) => i.fitness).filter((v): v is number => v !== null)
    expect(job.bestValue).toBeCloseTo(Math.max(...values), 5)
    expect(page.individuals[0]!.fitness).toBeCloseTo(job.bestValue!, 5)
    expect(page.individuals[0]!.objectives).toHaveProperty('sharpe')
    // The individual's statistics are those of the backtest of its parameters.
    const check = await core.value('backtest-run', {
      symbol: 'GOOG',
      timeframe: '1Day',
      strategy: 'sma-cross',
      params: job.best!,
      save: false,
    })
    expect(check.stats.sharpe).toBeCloseTo(job.bestValue!, 5)
    // The same seed gives the same best.
    const again = await core.value('optimise-run', GA)
    expect(again.best).toEqual(job.best)
    expect(again.convergence).toEqual(job.convergence)
  }, 120_000)

  it('scores a parameter set by the median over several symbols, and minimises on request', async () => {
    const job = await core.value('optimise-run', {
      ...GA,
      method: 'tpe',
      budget: 40,
      objective: 'maxDrawdownPct',
      direction: 'min',
      symbols: ['GOOG'],
    })
    expect(job.status).toBe('completed')
    expect(job.symbols).toEqual(['GOOG'])
    const page = await core.value('optimise-individuals', {
      runId: job.id,
      limit: 1000,
      ascending: true,
    })
    const values = page.individuals.map((i) => i.fitness).filter((v): v is number => v !== null)
    expect(job.bestValue).toBeCloseTo(Math.min(...values), 5)
  }, 120_000)

  it('cancels, then resumes without evaluating a stored individual again, ending as an uninterrupted run', async () => {
    const request = {
      ...GA,
      symbol: 'LONG',
      timeframe: '1Min',
      budget: 320,
      population: 40,
      wait: false,
    }
    const started = await core.value('optimise-run', request)
    const stored = async (): Promise<number> =>
      (await core.value('optimise-individuals', { runId: started.id, limit: 1 })).total
    while ((await stored()) === 0) await new Promise((r) => setTimeout(r, 20))
    const cancelled = await core.value('optimise-cancel', { jobId: started.id })
    expect(cancelled.status).toBe('cancelled')
    const before = await stored()
    expect(before).toBeGreaterThan(0)
    expect(before).toBeLessThan(320)
    const firstPage = await core.value('optimise-individuals', { runId: started.id, limit: 10_000 })

    const resumed = await core.value('optimise-resume', { jobId: started.id, wait: true })
    expect(resumed.status).toBe('completed')
    const after = await core.value('optimise-individuals', { runId: started.id, limit: 10_000 })
    const keys = after.individuals.map((i) => `${i.genes.fast},${i.genes.slow}`)
    expect(new Set(keys).size).toBe(keys.length)
    // What was stored before the cancel is still there, unchanged.
    for (const i of firstPage.individuals) {
      const same = after.individuals.find(
        (j) => j.genes.fast === i.genes.fast && j.genes.slow === i.genes.slow,
      )
      expect(same?.fitness).toBe(i.fitness)
    }

    const whole = await core.value('optimise-run', { ...request, wait: true })
    const wholePage = await core.value('optimise-individuals', { runId: whole.id, limit: 10_000 })
    const sorted = (xs: string[]) => [...xs].sort()
    expect(sorted(keys)).toEqual(
      sorted(wholePage.individuals.map((i) => `${i.genes.fast},${i.genes.slow}`)),
    )
    const done = await core.value('optimise-get', { jobId: started.id })
    expect(done.best).toEqual(whole.best)
    expect(done.convergence).toEqual(whole.convergence)
  }, 300_000)

  it('walks forward: a window table, the stitched out-of-sample equity and its efficiency', async () => {
    const wf = await core.value('optimise-walkforward-run', {
      ...GA,
      method: 'random',
      budget: 24,
      inSample: 500,
      outOfSample: 250,
    })
    expect(wf.status).toBe('completed')
    const n = loadBars('GOOG').close.length
    const windows = unwrap(planWindows(n, { inSample: 500, outOfSample: 250, isAnchored: false }))
    expect(wf.windows).toHaveLength(windows.length)
    expect(wf.stitched!.equity).toHaveLength(windows.length * 250)
    for (const [k, w] of wf.windows.entries()) {
      expect(w.best!.fast!).toBeLessThan(w.best!.slow!)
      // The window's out-of-sample figure is the backtest of its slice with its best parameters.
      const slice = await core.value('backtest-run', {
        symbol: 'GOOG',
        timeframe: '1Day',
        strategy: 'sma-cross',
        params: w.best!,
        from: w.oosFrom,
        to: w.oosTo,
        save: false,
      })
      expect(slice.stats.returnPct).toBeCloseTo(w.oosReturnPct!, 6)
      expect(slice.equity).toHaveLength(250)
      expect(w.index).toBe(k)
      const runs = await core.value('optimise-individuals', { runId: w.runId, limit: 1000 })
      expect(runs.total).toBe(w.evaluations)
    }
    const growth = wf.windows.reduce((g, w) => g * (1 + w.oosReturnPct! / 100), 1)
    expect(wf.stitched!.stats.returnPct).toBeCloseTo((growth - 1) * 100, 6)
    expect(wf.efficiency === null || Number.isFinite(wf.efficiency)).toBe(true)
    const got = await core.value('optimise-walkforward-get', { jobId: wf.id })
    expect(got.windows).toEqual(wf.windows)
  }, 300_000)
})
