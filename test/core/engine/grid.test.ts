import { afterAll, describe, expect, it } from 'vitest'
import {
  EnginePool,
  expandGrid,
  planGrid,
  rangeValues,
  runGrid,
  streamGrid,
  validateGrid,
} from '../../../electron/core/engine'
import { parsedSpec, runSpec } from '../../support/backtest'
import { loadBars } from '../../support/reference-bars'
import { smaCrossRules } from '../../support/sma-cross-rules'

const goog = loadBars('GOOG')
// One pool for the file, as a core's job runner owns one: grids reuse its started workers.
const pool = new EnginePool(2)
afterAll(() => pool.close(true))

describe('runGrid', () => {
  it('expands the cartesian grid in order and flags the cap', () => {
    const g = expandGrid(
      [
        { name: 'fast', values: [5, 10] },
        { name: 'slow', values: [20, 30, 40] },
      ],
      4,
    )
    expect(g.total).toBe(6)
    expect(g.truncated).toBe(true)
    expect(g.points.map((p) => p.params)).toEqual([
      { fast: 5, slow: 20 },
      { fast: 5, slow: 30 },
      { fast: 5, slow: 40 },
      { fast: 10, slow: 20 },
    ])
    expect(rangeValues(5, 6, 0.25)).toEqual([5, 5.25, 5.5, 5.75, 6])
  })

  it('runs on worker threads and matches single runs', async () => {
    const progress: number[] = []
    const res = await runGrid(
      goog,
      parsedSpec({ strategy: 'sma-cross', commission: 0.001 }),
      [
        { name: 'fast', values: [5, 10, 15] },
        { name: 'slow', values: [20, 30] },
      ],
      { pool, batchSize: 2, onProgress: (p) => progress.push(p.done) },
    )
    expect(res.truncated).toBe(false)
    expect(res.runs).toHaveLength(6)
    expect(progress.at(-1)).toBe(6)
    for (const run of res.runs) {
      const single = runSpec(goog, {
        strategy: 'sma-cross',
        commission: 0.001,
        params: run.params,
      })
      expect(run.stats).toEqual(single.stats)
    }
  })

  it('reports an invalid point without failing the grid', async () => {
    const res = await runGrid(
      goog,
      parsedSpec({ strategy: 'sma-cross' }),
      [{ name: 'fast', values: [10, 0] }],
      {},
    )
    expect(res.runs[0]?.stats?.trades).toBeGreaterThan(0)
    expect(res.runs[1]?.stats).toBeNull()
    expect(res.runs[1]?.error).toMatch(/fast/)
  })

  it('cancels through an AbortSignal', async () => {
    const ac = new AbortController()
    const p = runGrid(
      goog,
      parsedSpec({ strategy: 'sma-cross' }),
      [
        { name: 'fast', values: rangeValues(2, 60, 1) },
        { name: 'slow', values: rangeValues(61, 200, 1) },
      ],
      { pool, batchSize: 16, signal: ac.signal, onProgress: () => ac.abort() },
    )
    await expect(p).rejects.toMatchObject({ code: 'cancelled' })
  })
})

describe('EnginePool', () => {
  it('reuses its workers across grids and after a cancel', async () => {
    const axes = [{ name: 'fast', values: [5, 10] }]
    const a = await runGrid(goog, parsedSpec({ strategy: 'sma-cross' }), axes, {
      pool,
      batchSize: 1,
    })
    const b = await runGrid(goog, parsedSpec({ strategy: 'ema-cross' }), axes, {
      pool,
      batchSize: 1,
    })
    expect(a.runs.map((r) => r.stats?.trades)).not.toEqual(b.runs.map((r) => r.stats?.trades))
    const ac = new AbortController()
    ac.abort()
    await expect(
      runGrid(goog, parsedSpec({ strategy: 'sma-cross' }), axes, { pool, signal: ac.signal }),
    ).rejects.toMatchObject({
      code: 'cancelled',
    })
    const c = await runGrid(goog, parsedSpec({ strategy: 'sma-cross' }), axes, {
      pool,
      batchSize: 1,
    })
    expect(c.runs).toEqual(a.runs)
  })

  it('rejects an invalid base spec before starting workers', async () => {
    await expect(
      runGrid(goog, parsedSpec({ strategy: 'nope' }), [{ name: 'fast', values: [1] }], { pool }),
    ).rejects.toMatchObject({
      code: 'invalid-input',
    })
  })
})

describe('runGrid validation', () => {
  it('names an axis the strategy does not have', async () => {
    await expect(
      runGrid(goog, parsedSpec({ strategy: 'sma-cross' }), [{ name: 'period', values: [1] }], {}),
    ).rejects.toMatchObject({
      code: 'invalid-input',
      issues: [{ path: ['grid', 0, 'name'] }],
    })
  })
})

describe('runGrid resume', () => {
  it('skips indexes already done and counts them in progress', async () => {
    const axes = [
      { name: 'fast', values: [5, 10, 15] },
      { name: 'slow', values: [20, 30] },
    ]
    const all = await runGrid(goog, parsedSpec({ strategy: 'sma-cross' }), axes, {})
    const seen: { done: number; total: number }[] = []
    const rest = await runGrid(goog, parsedSpec({ strategy: 'sma-cross' }), axes, {
      pool,
      batchSize: 1,
      skip: new Set([0, 1, 4]),
      onProgress: (p) => seen.push(p),
    })
    expect(rest.runs.map((r) => r.index)).toEqual([2, 3, 5])
    expect(rest.runs).toEqual(all.runs.filter((r) => [2, 3, 5].includes(r.index)))
    expect(seen.at(-1)).toEqual({ done: 6, total: 6 })
  })
})

describe('runGrid over a rule strategy', () => {
  it('varies declared parameters like a built-in', async () => {
    const { name: _name, ...strategy } = smaCrossRules
    const axes = [
      { name: 'fast', values: [5, 10] },
      { name: 'slow', values: [20, 30] },
    ]
    const rules = await runGrid(goog, parsedSpec({ strategy }), axes, { pool })
    const builtin = await runGrid(goog, parsedSpec({ strategy: 'sma-cross' }), axes, {})
    expect(rules.runs.map((r) => r.stats)).toEqual(builtin.runs.map((r) => r.stats))
  })
})

describe('planGrid', () => {
  const axes = [
    { name: 'fast', values: [10, 20, 30] },
    { name: 'slow', values: [20, 30, 40] },
  ]

  it('runs only the points whose parameters agree, and names why the others are skipped', () => {
    const plan = planGrid(axes, 'sma-cross', {}, 10_000)
    // fast outer, slow inner: (20, 20), (30, 20) and (30, 30) have fast ≥ slow.
    expect(plan).toEqual({
      engineCap: 9,
      invalid: new Set([3, 6, 7]),
      total: 6,
      truncated: false,
      skipReason: 'fast must be < slow',
    })
  })

  it('counts the cap in runs, and only the skipped points before the last run', () => {
    const plan = planGrid(axes, 'sma-cross', {}, 4)
    // Runs (10,20) (10,30) (10,40) (20,30); (20,20) skipped on the way; (20,40) is cut.
    expect(plan).toMatchObject({ engineCap: 5, total: 4, truncated: true })
    expect([...plan.invalid]).toEqual([3])
    // A cap as large as the runs cuts nothing, however many points the grid has.
    expect(planGrid(axes, 'sma-cross', {}, 6)).toMatchObject({ total: 6, truncated: false })
  })

  it('checks one axis against the fixed or default value of the other parameter', () => {
    const lower = [{ name: 'lower', values: [30, 40, 50] }]
    expect(planGrid(lower, 'rsi-reversion', { upper: 50 }, 100)).toMatchObject({
      total: 2,
      invalid: new Set([2]),
      skipReason: 'lower must be < upper',
    })
    // sma-cross's default slow is 30.
    const fast = [{ name: 'fast', values: [10, 30, 50] }]
    expect(planGrid(fast, 'sma-cross', {}, 100)).toMatchObject({
      total: 1,
      invalid: new Set([1, 2]),
    })
  })

  it('skips nothing for a strategy without ordered parameters, or a rule strategy', () => {
    for (const strategy of ['donchian-breakout', null]) {
      expect(planGrid(axes, strategy, {}, 5)).toEqual({
        engineCap: 5,
        invalid: new Set(),
        total: 5,
        truncated: true,
        skipReason: null,
      })
    }
  })
})

describe('streamGrid', () => {
  it('holds the engine back while the store is behind, and keeps no run itself', async () => {
    const axes = [{ name: 'fast', values: [5, 6, 7, 8, 9, 10] }]
    const spec = validateGrid(goog, parsedSpec({ strategy: 'sma-cross' }), axes)
    const single = new EnginePool(1)
    let release = (): void => undefined
    const gate = new Promise<void>((r) => (release = r))
    const seen: number[] = []
    const done = streamGrid(goog, spec, axes, {
      pool: single,
      batchSize: 1,
      onRuns: (runs) => {
        for (const r of runs) seen.push(r.index)
        // The first batch's store is slow: nothing more is fed until it settles.
        return seen.length === 1 ? gate : undefined
      },
    })
    // One worker with two batches in flight: the second arrives, no third is sent.
    while (seen.length < 2) await new Promise((r) => setImmediate(r))
    for (let k = 0; k < 20; k++) await new Promise((r) => setImmediate(r))
    expect(seen).toEqual([0, 1])
    release()
    const outcome = await done
    expect(seen).toEqual([0, 1, 2, 3, 4, 5])
    expect(outcome).toMatchObject({ truncated: false, total: 6 })
    expect(outcome.steps).toBeGreaterThan(0)
    await single.close(true)
  })
})
