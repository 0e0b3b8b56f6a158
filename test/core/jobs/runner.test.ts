import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeBars } from '../../../db/repos/market-repo'
import type { BarColumns } from '../../../electron/core/domain/market/bars'
import { openTestCore, type TestCore } from '../../support/core'

const GOOG = resolve(import.meta.dirname, '../../fixtures/bars/backtesting_py_GOOG.csv')

/** A deterministic minute series long enough that one backtest takes a while. */
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

const grid = (to: number) => ({
  symbol: 'GOOG',
  timeframe: '1Day',
  strategy: 'sma-cross',
  grid: [
    { name: 'fast', from: 2, to, step: 1 },
    { name: 'slow', from: 61, to: 160, step: 1 },
  ],
})

describe('backtest-run on an engine worker', () => {
  let core: TestCore
  beforeAll(async () => {
    core = await openTestCore()
    const bars = longSeries(40_000)
    await core.deps.db.transaction((tx) =>
      writeBars(tx, { symbol: 'LONG', timeframe: '1Min', bars, source: 'test' }),
    )
  })
  afterAll(() => core.close())

  it('leaves the core thread free: a cheap channel answers while a long run is running', async () => {
    let hasEnded = false
    const run = core.registry
      .invoke('backtest-run', {
        symbol: 'LONG',
        timeframe: '1Min',
        strategy: 'sma-cross',
        params: { fast: 5, slow: 50 },
        save: false,
      })
      .finally(() => (hasEnded = true))
    // Once the run is on the engine (bars read, simulation started), the core answers others.
    while (!core.deps.jobs.runPool.isBusy && !hasEnded) {
      await new Promise((r) => setImmediate(r))
    }
    const info = await core.registry.invoke('system-info', {})
    expect(info.ok).toBe(true)
    expect(hasEnded).toBe(false)
    const ran = await run
    expect(ran.ok && ran.value.equity.length).toBe(40_000)
  })

  it('keeps the engine’s invalid-input with its paths across the worker boundary', async () => {
    const bad = await core.call('backtest-run', {
      symbol: 'LONG',
      timeframe: '1Min',
      strategy: 'sma-cross',
      params: { fast: 0 },
    })
    expect(bad.ok === false && bad.error).toMatchObject({
      code: 'invalid-input',
      issues: [{ path: ['params', 'fast'] }],
    })
  })
})

describe('job runner', () => {
  const dirs: string[] = []
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })

  it('marks at open the jobs a previous process left running as interrupted, and resumes them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgebook-jobs-'))
    dirs.push(dir)
    const first = await openTestCore(dir)
    await first.value('bars-import', { path: GOOG, symbol: 'GOOG', timeframe: '1Day' })
    const job = await first.value('batch-run', grid(60))
    expect(job.status).toBe('running')
    // The core closes mid-job: nobody cancelled it, so it is stored as interrupted.
    await first.close()
    const second = await openTestCore(dir)
    try {
      const stored = await second.pg.query<{ status: string }>(
        'SELECT status FROM backtest.batch_jobs WHERE id = $1',
        [job.id],
      )
      expect(stored.rows[0]?.status).toBe('interrupted')
      // A job a crashed process left `running` is found at open too.
      await second.pg.query(`UPDATE backtest.batch_jobs SET status = 'running'`)
      await second.deps.jobs.detectOrphans()
      expect((await second.value('batch-get', { jobId: job.id })).status).toBe('interrupted')
      const resumed = await second.value('batch-resume', { jobId: job.id, wait: true })
      expect(resumed).toMatchObject({ status: 'completed', completed: 59 * 100 })
      expect(resumed.summary?.runs).toBe(59 * 100)
    } finally {
      await second.close()
    }
  })

  it('closes only its own core’s engine workers', async () => {
    const a = await openTestCore()
    const b = await openTestCore()
    try {
      for (const core of [a, b]) {
        await core.value('bars-import', { path: GOOG, symbol: 'GOOG', timeframe: '1Day' })
        const job = await core.value('batch-run', { ...grid(3), wait: true })
        expect(job.status).toBe('completed')
      }
      const started = b.deps.jobs.gridPool.started
      expect(started).toBeGreaterThan(0)
      await a.close()
      expect(a.deps.jobs.gridPool.started).toBe(0)
      expect(b.deps.jobs.gridPool.started).toBe(started)
      const again = await b.value('batch-run', { ...grid(4), wait: true })
      expect(again).toMatchObject({ status: 'completed', completed: 300 })
    } finally {
      await a.close()
      await b.close()
    }
  })
})
