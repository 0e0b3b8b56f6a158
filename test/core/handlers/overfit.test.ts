import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type {
  DrawdownsDto,
  DsrDto,
  MinTrlDto,
  PsrDto,
} from '../../../electron/core/contract/overfit'
import { parseBarCsv } from '../../../electron/core/domain/market/bar-csv'
import {
  backtestOverfitting,
  type DrawdownDistribution,
  type DsrResult,
  type MinTrlResult,
  type PsrResult,
} from '../../../electron/core/domain/overfit'
import { runSpec } from '../../support/backtest'
import { openTestCore, type TestCore } from '../../support/core'

// The contract mirrors the domain's answers field for field (a drift fails the typecheck).
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
const mirrors = [
  true satisfies Same<PsrResult, PsrDto>,
  true satisfies Same<DsrResult, DsrDto>,
  true satisfies Same<MinTrlResult, MinTrlDto>,
  true satisfies Same<DrawdownDistribution, DrawdownsDto>,
]

const GOOG = resolve(import.meta.dirname, '../../fixtures/bars/backtesting_py_GOOG.csv')

let core: TestCore

// A grid of 400 valid sma-cross runs: enough work for the engine workers to still be at it while
// the core answers other calls.
const GRID_400 = {
  symbol: 'GOOG',
  timeframe: '1Day',
  strategy: 'sma-cross',
  grid: [
    { name: 'fast', from: 2, to: 41, step: 1 },
    { name: 'slow', from: 50, to: 140, step: 10 },
  ],
  wait: true,
}

/** Yields to the event loop until `isDone()` holds. */
async function until(isDone: () => boolean): Promise<void> {
  while (!isDone()) await new Promise((r) => setImmediate(r))
}

beforeAll(async () => {
  core = await openTestCore()
  await core.value('bars-import', { path: GOOG, symbol: 'GOOG', timeframe: '1Day' })
})
afterAll(async () => {
  await core.close()
})

describe('overfit-psr, overfit-dsr, overfit-mintrl', () => {
  it('answer the published examples (pypbo d5464572 pypbo/tests/pbo_tests.py)', async () => {
    expect(mirrors.every(Boolean)).toBe(true)
    // test_psr: 0.91323430688486018
    const psr = await core.value('overfit-psr', {
      sharpe: 1.585 / Math.sqrt(12),
      observations: 24,
      skew: -2.448,
      kurtosis: 10.164,
    })
    expect(psr.psr).toBeCloseTo(0.91323430688486018, 12)
    // test_dsr: 0.90039683444939034
    const dsr = await core.value('overfit-dsr', {
      sharpe: 2.5 / Math.sqrt(250),
      trials: 100,
      sharpeVariance: 0.5 / 250,
      observations: 1250,
      skew: -3,
      kurtosis: 10,
    })
    expect(dsr.dsr).toBeCloseTo(0.90039683444939034, 10)
    // test_minTRL, monthly non-normal case: 27.352920196040301 years
    const trl = await core.value('overfit-mintrl', {
      sharpe: 3 / Math.sqrt(12),
      benchmark: 2.5 / Math.sqrt(12),
      skew: -0.72,
      kurtosis: 5.78,
    })
    expect(trl.observations / 12).toBeCloseTo(27.352920196040301, 9)
  })

  it('answer invalid-input for figures with no answer', async () => {
    const trl = await core.call('overfit-mintrl', { sharpe: 0.1, benchmark: 0.2 })
    expect(trl.ok).toBe(false)
    if (!trl.ok) expect(trl.error.code).toBe('invalid-input')
    const psr = await core.call('overfit-psr', { sharpe: 0.1, observations: 1 })
    expect(psr.ok).toBe(false)
    if (!psr.ok) expect(psr.error.code).toBe('invalid-input')
  })
})

describe('overfit-pbo', () => {
  it('recomputes every run of a stored grid and ranks the best', async () => {
    const job = await core.value('batch-run', {
      symbol: 'GOOG',
      timeframe: '1Day',
      strategy: 'sma-cross',
      grid: [
        { name: 'fast', from: 5, to: 20, step: 5 },
        { name: 'slow', values: [30, 40, 50] },
      ],
      wait: true,
    })
    expect(job.status).toBe('completed')
    const answer = await core.value('overfit-pbo', { jobId: job.id, blocks: 8, logits: true })
    expect(answer.jobId).toBe(job.id)
    expect(answer.variants).toBe(12)
    expect(answer.combinations).toBe(70)
    expect(answer.logits).toHaveLength(70)

    // The same statistic from the engine's own equity curves, run here one by one.
    const parsed = parseBarCsv(readFileSync(GOOG, 'utf8'), { fileName: 'GOOG.csv' })
    if (!parsed.ok) throw new Error(parsed.error.message)
    const runs = await core.value('batch-runs', { jobId: job.id, limit: 100 })
    runs.runs.sort((a, b) => a.runIndex - b.runIndex)
    const series = runs.runs.map((run) => {
      const result = runSpec(parsed.value.bars, {
        strategy: 'sma-cross',
        params: run.variables,
      })
      // Recomputed runs end where the stored ones did.
      expect(result.stats.equityFinal).toBeCloseTo(run.metrics.equityFinal as number, 6)
      return result.equity.slice(1).map((e, t) => e / (result.equity[t] as number) - 1)
    })
    const matrix = series[0]!.map((_, t) => series.map((s) => s[t]!))
    const direct = backtestOverfitting(matrix, { blocks: 8 })
    if (!direct.ok) throw new Error(direct.error.message)
    expect(answer.pbo).toBe(direct.value.pbo)
    expect(answer.logits).toEqual(direct.value.logits)

    // The best run is the one with the highest per-period Sharpe ratio, deflated by 12 trials.
    expect(answer.best.trials).toBe(12)
    expect(answer.best.variables).not.toBeNull()
    expect(answer.best.dsr).toBeLessThanOrEqual(answer.best.psr)
    expect(answer.best.expectedMaxSharpe).toBeGreaterThan(0)
  }, 240_000)

  it('simulates on the engine workers: the core answers other channels meanwhile', async () => {
    const job = await core.value('batch-run', GRID_400)
    expect(job.completed).toBe(400)
    const pool = core.deps.jobs.gridPool
    const order: string[] = []
    const pbo = core.value('overfit-pbo', { jobId: job.id, blocks: 8 }).finally(() => {
      order.push('overfit-pbo')
    })
    // Once the pool is busy the runs are on the engine workers; a loop on this thread would
    // have answered before ever making it busy.
    await until(() => pool.isBusy || order.length > 0)
    expect(order).toEqual([])
    const info = await core.value('system-info')
    order.push('system-info')
    expect(info.migrations).toBeGreaterThan(0)
    const answer = await pbo
    expect(order).toEqual(['system-info', 'overfit-pbo'])
    expect(answer.variants).toBe(400)
    expect(answer.best.trials).toBe(400)
  }, 240_000)

  it('ends as cancelled when the core closes while its runs are on the workers', async () => {
    const own = await openTestCore()
    try {
      await own.value('bars-import', { path: GOOG, symbol: 'GOOG', timeframe: '1Day' })
      const job = await own.value('batch-run', GRID_400)
      let isSettled = false
      const pbo = own.call('overfit-pbo', { jobId: job.id }).finally(() => (isSettled = true))
      await until(() => own.deps.jobs.gridPool.isBusy || isSettled)
      expect(isSettled).toBe(false)
      await own.close()
      const answer = await pbo
      expect(answer.ok).toBe(false)
      if (!answer.ok) expect(answer.error.code).toBe('cancelled')
      expect(own.deps.jobs.gridPool.started).toBe(0)
    } finally {
      await own.close()
    }
  }, 240_000)

  it('takes a returns matrix: one variant dominating everywhere gives 0', async () => {
    const returns = Array.from({ length: 64 }, (_, t) => [
      0.01 + 0.001 * Math.sin(t),
      0.01 * Math.sin(3 * t),
      0.01 * Math.cos(5 * t),
    ])
    const answer = await core.value('overfit-pbo', { returns, blocks: 4 })
    expect(answer.pbo).toBe(0)
    expect(answer.best.index).toBe(0)
    expect(answer.logits).toBeUndefined()
  })

  it('answers the domain refusal from the engine worker as invalid-input', async () => {
    // 8 blocks need at least 16 periods: the statistic runs on a worker and its refusal keeps
    // its code and the path of the bad input.
    const returns = Array.from({ length: 10 }, (_, t) => [0.01 * Math.sin(t), 0.01 * Math.cos(t)])
    const answer = await core.call('overfit-pbo', { returns, blocks: 8 })
    expect(answer.ok).toBe(false)
    if (!answer.ok) {
      expect(answer.error.code).toBe('invalid-input')
      expect(answer.error.message).toMatch(/at least 16 rows/)
    }
  })

  it('answers not-found for an unknown job', async () => {
    const answer = await core.call('overfit-pbo', { jobId: 'nope' })
    expect(answer.ok).toBe(false)
    if (!answer.ok) expect(answer.error.code).toBe('not-found')
  })
})

describe('overfit-drawdowns', () => {
  it('is the same for the same seed', async () => {
    const input = { tradeReturns: [0.05, -0.02, 0.03, -0.04, 0.01, -0.03], runs: 200, seed: 9 }
    const a = await core.value('overfit-drawdowns', input)
    const b = await core.value('overfit-drawdowns', input)
    expect(a).toEqual(b)
    expect(a.quantiles.map((q) => q.p)).toEqual([0.05, 0.25, 0.5, 0.75, 0.95])
  })
})
