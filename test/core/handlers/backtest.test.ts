import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { RulesStrategyInput } from '../../../electron/core/domain/backtest'
import { parseBarCsv } from '../../../electron/core/domain/market/bar-csv'
import { runSpec } from '../../support/backtest'
import { openTestCore, type TestCore } from '../../support/core'

const GOOG = resolve(import.meta.dirname, '../../fixtures/bars/backtesting_py_GOOG.csv')

let core: TestCore

const rules: RulesStrategyInput = {
  elements: [
    { type: 'param', name: 'fast', default: 10 },
    { type: 'param', name: 'slow', default: 30 },
    { type: 'indicator', id: 'f', indicator: 'sma', params: { period: '$fast' } },
    { type: 'indicator', id: 's', indicator: 'sma', params: { period: '$slow' } },
    {
      type: 'entry',
      side: 'long',
      when: { type: 'cross', left: 'f', direction: 'above', right: 's' },
    },
    {
      type: 'exit',
      side: 'long',
      when: { type: 'cross', left: 'f', direction: 'below', right: 's' },
    },
  ],
}

beforeAll(async () => {
  core = await openTestCore()
  await core.value('bars-import', { path: GOOG, symbol: 'GOOG', timeframe: '1Day' })
})
afterAll(async () => {
  await core.close()
})
beforeEach(async () => {
  await core.pg.exec(
    'TRUNCATE backtest.backtest_results, backtest.batch_jobs, backtest.batch_job_runs, strategy.variable_lists CASCADE',
  )
})

describe('backtest-run', () => {
  it('equals the engine’s result on the same bars, and is stored with its snapshot', async () => {
    const parsed = parseBarCsv(readFileSync(GOOG, 'utf8'), { fileName: 'GOOG.csv' })
    if (!parsed.ok) throw new Error(parsed.error.message)
    const spec = { strategy: 'sma-cross', params: { fast: 10, slow: 20 }, commission: 0.002 }
    const direct = JSON.parse(JSON.stringify(runSpec(parsed.value.bars, spec))) as ReturnType<
      typeof runSpec
    >
    const run = await core.value('backtest-run', { symbol: 'GOOG', timeframe: '1Day', ...spec })
    expect(run.stats).toEqual(direct.stats)
    expect(run.trades).toEqual(direct.trades)
    expect(run.equity).toEqual(direct.equity)
    expect(run.mode).toBe('reference')
    expect(run.semantics.length).toBeGreaterThan(3)
    expect(run.id).toBeGreaterThan(0)
    const stored = await core.value('backtest-get', { id: run.id as number })
    expect(stored.stats).toEqual(run.stats)
    expect(stored.trades).toEqual(run.trades)
    expect(stored.spec).toMatchObject({
      strategy: 'sma-cross',
      params: { fast: 10, slow: 20 },
      commission: 0.002,
      symbol: 'GOOG',
    })
    const list = await core.value('backtest-list', {})
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({
      id: run.id,
      strategy: 'sma-cross',
      returnPct: run.stats.returnPct,
      trades: run.stats.trades,
    })
  })

  it('respects from/to and does not store when save is false', async () => {
    const run = await core.value('backtest-run', {
      symbol: 'GOOG',
      timeframe: '1Day',
      strategy: 'buy-hold',
      from: '2010-01-01',
      to: '2010-12-31',
      save: false,
    })
    expect(run.id).toBeNull()
    expect(run.stats.start.slice(0, 4)).toBe('2010')
    expect(run.stats.end.slice(0, 4)).toBe('2010')
    expect(await core.value('backtest-list', {})).toEqual([])
  })

  it('compares two stored runs metric by metric', async () => {
    const a = await core.value('backtest-run', {
      symbol: 'GOOG',
      timeframe: '1Day',
      strategy: 'sma-cross',
    })
    const b = await core.value('backtest-run', {
      symbol: 'GOOG',
      timeframe: '1Day',
      strategy: 'sma-cross',
      params: { fast: 5, slow: 50 },
    })
    const cmp = await core.value('backtest-compare', { a: a.id as number, b: b.id as number })
    const ret = cmp.diff.find((d) => d.metric === 'returnPct')
    expect(ret).toEqual({
      metric: 'returnPct',
      a: a.stats.returnPct,
      b: b.stats.returnPct,
      delta: b.stats.returnPct - a.stats.returnPct,
    })
    expect(cmp.a.id).toBe(a.id)
    expect(cmp.b.strategy.params).toEqual({ fast: 5, slow: 50 })
  })

  it('names the problem for an unknown strategy, bad costs, missing bars', async () => {
    const unknown = await core.call('backtest-run', {
      symbol: 'GOOG',
      timeframe: '1Day',
      strategy: 'no-such',
    })
    expect(unknown.ok === false && unknown.error.code).toBe('invalid-input')
    const costs = await core.call('backtest-run', {
      symbol: 'GOOG',
      timeframe: '1Day',
      strategy: 'sma-cross',
      spread: 0.9,
    })
    expect(costs.ok === false && costs.error.code).toBe('invalid-input')
    // Checked at the boundary, with the path into a rule strategy's bad element.
    const malformed = await core.call('backtest-run', {
      symbol: 'GOOG',
      timeframe: '1Day',
      strategy: { elements: [{ type: 'indicator', id: 'x', indicator: 'smaa' }] } as never,
    })
    expect(malformed.ok === false && malformed.error).toMatchObject({
      code: 'invalid-input',
      issues: [{ path: ['strategy', 'elements', 0, 'indicator'] }],
    })
    expect(malformed.ok === false && malformed.error.message).toMatch(
      /^Invalid input for backtest-run at strategy\.elements\.0\.indicator: /,
    )
    // Checked by the domain on the bars: the message and paths a trader reads.
    const params = await core.call('backtest-run', {
      symbol: 'GOOG',
      timeframe: '1Day',
      strategy: 'sma-cross',
      params: { fast: 0 },
    })
    expect(params.ok === false && params.error).toMatchObject({
      code: 'invalid-input',
      message: 'invalid parameters for "sma-cross" (params.fast: must be between 2 and 200)',
      issues: [{ path: ['params', 'fast'] }],
    })
    const none = await core.call('backtest-run', {
      symbol: 'MSFT',
      timeframe: '1Day',
      strategy: 'sma-cross',
    })
    expect(none.ok === false && none.error).toMatchObject({
      code: 'not-found',
      message: 'No 1Day bars stored for MSFT; import them first',
    })
  })
})

describe('strategies', () => {
  it('lists the catalogue and saves, runs and deletes a user rule strategy', async () => {
    const list = await core.value('strategies-list', {})
    expect(list.builtin.map((s) => s.name)).toEqual(
      expect.arrayContaining([
        'sma-cross',
        'ema-cross',
        'rsi-reversion',
        'bollinger-reversion',
        'donchian-breakout',
        'macd-trend',
        'buy-hold',
      ]),
    )
    const saved = await core.value('strategy-save', { name: 'my cross', rules })
    expect((await core.value('strategies-list', {})).user.map((u) => u.name)).toEqual(['my cross'])
    const run = await core.value('backtest-run', {
      symbol: 'GOOG',
      timeframe: '1Day',
      strategy: `user:${saved.id}`,
      save: false,
    })
    const inline = await core.value('backtest-run', {
      symbol: 'GOOG',
      timeframe: '1Day',
      strategy: { ...rules, name: 'my cross' },
      save: false,
    })
    expect(run.stats).toEqual(inline.stats)
    expect(run.stats.trades).toBeGreaterThan(0)
    expect(await core.value('strategy-delete', { id: saved.id })).toEqual({ deleted: true })
    expect((await core.value('strategies-list', {})).user).toEqual([])
  })

  it('refuses invalid rules with the path of the problem', async () => {
    const bad = await core.call('strategy-save', {
      name: 'bad',
      rules: { elements: [{ type: 'indicator', id: 'x', indicator: 'nope' }] } as never,
    })
    expect(bad.ok).toBe(false)
    if (bad.ok) return
    expect(bad.error.code).toBe('invalid-input')
    expect(bad.error.issues?.[0]?.path.slice(0, 3)).toEqual(['rules', 'elements', 0])
    const dangling = await core.call('strategy-save', {
      name: 'dangling',
      rules: {
        elements: [
          {
            type: 'entry',
            side: 'long',
            when: { type: 'compare', left: 'ghost', op: '>', right: 1 },
          },
        ],
      },
    })
    expect(dangling.ok === false && dangling.error.code).toBe('invalid-input')
  })
})

describe('batch jobs', () => {
  it('stores one row per run, answers filters, sorting, a summary and a heatmap', async () => {
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
    expect(job).toMatchObject({ status: 'completed', total: 12, completed: 12, truncated: false })
    expect(job.summary?.runs).toBe(12)
    const count = await core.pg.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM backtest.batch_job_runs',
    )
    expect(count.rows[0]?.n).toBe(12)
    // Each stored run equals a single run with the same parameters.
    const single = await core.value('backtest-run', {
      symbol: 'GOOG',
      timeframe: '1Day',
      strategy: 'sma-cross',
      params: { fast: 10, slow: 40 },
      save: false,
    })
    const all = await core.value('batch-runs', { jobId: job.id, limit: 100 })
    const same = all.runs.find((r) => r.variables.fast === 10 && r.variables.slow === 40)
    expect(same?.metrics.returnPct).toBe(single.stats.returnPct)
    expect(same?.metrics.sharpe).toBe(single.stats.sharpe)
    // Filters and sort.
    const good = await core.value('batch-runs', {
      jobId: job.id,
      where: [{ metric: 'returnPct', op: '>', value: 300 }],
      sort: { by: 'returnPct', dir: 'desc' },
    })
    expect(good.total).toBe(all.runs.filter((r) => (r.metrics.returnPct ?? -Infinity) > 300).length)
    const values = good.runs.map((r) => r.metrics.returnPct as number)
    expect(values).toEqual([...values].sort((x, y) => y - x))
    const byVar = await core.value('batch-runs', {
      jobId: job.id,
      sort: { by: 'slow', dir: 'asc' },
      limit: 4,
    })
    expect(byVar.runs.map((r) => r.variables.slow)).toEqual([30, 30, 30, 30])
    // Summary best is the max sharpe.
    const sharpes = all.runs
      .map((r) => r.metrics.sharpe)
      .filter((v): v is number => typeof v === 'number')
    expect(job.summary?.best?.value).toBe(Math.max(...sharpes))
    expect(job.summary?.worst?.value).toBe(Math.min(...sharpes))
    // Heatmap.
    const heat = await core.value('batch-heatmap', {
      jobId: job.id,
      x: 'fast',
      y: 'slow',
      metric: 'returnPct',
    })
    expect(heat.x.values).toEqual([5, 10, 15, 20])
    expect(heat.y.values).toEqual([30, 40, 50])
    expect(heat.cells[1]?.[1]).toBe(single.stats.returnPct)
    expect(heat.cells.flat().every((c) => typeof c === 'number')).toBe(true)
    const unknownAxis = await core.call('batch-run', {
      symbol: 'GOOG',
      timeframe: '1Day',
      strategy: 'sma-cross',
      grid: [{ name: 'fastest', values: [1, 2] }],
    })
    expect(unknownAxis.ok === false && unknownAxis.error.code).toBe('invalid-input')
    expect((await core.value('batch-list', {})).map((j) => j.id)).toEqual([job.id])
    const bad = await core.call('batch-heatmap', {
      jobId: job.id,
      x: 'fast',
      y: 'nope',
      metric: 'sharpe',
    })
    expect(bad.ok === false && bad.error.code).toBe('invalid-input')
    // Progress counts stored runs: it only ever grows, and its last event is the 12 runs stored.
    const progress = core.events
      .filter((e) => e.event === 'backtest-progress')
      .map((e) => e.payload as { jobId: string; done: number; total: number })
      .filter((p) => p.jobId === job.id)
    expect(progress.length).toBeGreaterThan(0)
    expect(progress.map((p) => p.done)).toEqual(
      [...progress.map((p) => p.done)].sort((a, b) => a - b),
    )
    expect(progress.at(-1)).toMatchObject({ done: 12, total: 12 })
  })

  it('applies the named 0.6.5 statistics convention in single runs and on the engine workers', async () => {
    const base = { symbol: 'GOOG', timeframe: '1Day', strategy: 'sma-cross' } as const
    const params = { fast: 10, slow: 30 }
    const now = await core.value('backtest-run', { ...base, params, save: false })
    const old = await core.value('backtest-run', {
      ...base,
      params,
      statsConvention: '0.6.5',
    })
    // backtesting.py 0.6.5 (tag 0.6.5, backtesting/test/_test.py, test_compute_stats).
    expect(old.stats.sharpe).toBeCloseTo(0.5803778344714113, 12)
    expect(now.stats.sharpe).toBeCloseTo(0.5806232244485349, 12)
    expect(old.semantics.join(' ')).toMatch(/0\.6\.5 convention/)
    const stored = await core.value('backtest-get', { id: old.id as number })
    expect(stored.spec).toMatchObject({ statsConvention: '0.6.5' })
    expect(stored.semantics).toEqual(old.semantics)

    const job = await core.value('batch-run', {
      ...base,
      statsConvention: '0.6.5',
      grid: [
        { name: 'fast', values: [10] },
        { name: 'slow', values: [30, 40] },
      ],
      wait: true,
    })
    const runs = await core.value('batch-runs', { jobId: job.id })
    const same = runs.runs.find((r) => r.variables.slow === 30)
    expect(same?.metrics.sharpe).toBe(old.stats.sharpe)
    expect(same?.metrics.cagrPct).toBe(old.stats.cagrPct)
  })

  it('caps the grid and says so', async () => {
    const job = await core.value('batch-run', {
      symbol: 'GOOG',
      timeframe: '1Day',
      strategy: 'sma-cross',
      grid: [
        { name: 'fast', from: 2, to: 11, step: 1 },
        { name: 'slow', values: [30, 60] },
      ],
      cap: 5,
      wait: true,
    })
    expect(job).toMatchObject({ total: 5, completed: 5, truncated: true, status: 'completed' })
  })

  it('skips grid points whose parameters contradict each other, and says how many', async () => {
    const job = await core.value('batch-run', {
      symbol: 'GOOG',
      timeframe: '1Day',
      strategy: 'sma-cross',
      grid: [
        { name: 'fast', values: [10, 20, 30] },
        { name: 'slow', values: [10, 20, 30] },
      ],
      wait: true,
    })
    // Only fast < slow runs: (10, 20), (10, 30), (20, 30).
    expect(job).toMatchObject({
      status: 'completed',
      total: 3,
      completed: 3,
      skipped: 6,
      skipReason: 'fast must be < slow',
    })
    const runs = await core.value('batch-runs', { jobId: job.id })
    expect(runs.runs.map((r) => [r.variables.fast, r.variables.slow])).toEqual([
      [10, 20],
      [10, 30],
      [20, 30],
    ])
    // One axis alone is checked against the other parameter's value (here the default slow 30).
    const rsi = await core.value('batch-run', {
      symbol: 'GOOG',
      timeframe: '1Day',
      strategy: 'rsi-reversion',
      params: { upper: 50 },
      grid: [{ name: 'lower', values: [30, 40, 50] }],
      wait: true,
    })
    expect(rsi).toMatchObject({ total: 2, completed: 2, skipped: 1 })
    // The cap counts runs that are made, and a resumed job does not run the skipped points.
    const capped = await core.value('batch-run', {
      symbol: 'GOOG',
      timeframe: '1Day',
      strategy: 'ema-cross',
      grid: [
        { name: 'slow', values: [10, 20, 30] },
        { name: 'fast', values: [10, 20, 30] },
      ],
      cap: 2,
      wait: true,
    })
    // slow outer, fast inner: (10,10) (10,20) (10,30) (20,10) (20,20) (20,30) (30,10): five
    // skipped before the second valid point, and (30, 20) left out by the cap.
    expect(capped).toMatchObject({ total: 2, completed: 2, truncated: true, skipped: 5 })
    await core.pg.query(`UPDATE backtest.batch_jobs SET status = 'running' WHERE id = $1`, [
      capped.id,
    ])
    await core.pg.query('DELETE FROM backtest.batch_job_runs WHERE batch_job_id = $1', [capped.id])
    const resumed = await core.value('batch-resume', { jobId: capped.id, wait: true })
    expect(resumed).toMatchObject({ status: 'completed', completed: 2 })
    const again = await core.value('batch-runs', { jobId: capped.id })
    expect(again.runs.every((r) => (r.variables.fast ?? 0) < (r.variables.slow ?? 0))).toBe(true)
  })

  it('previews what a grid will run with the counts the job then reports', async () => {
    const requests = [
      {
        strategy: 'sma-cross',
        grid: [
          { name: 'fast', from: 10, to: 30, step: 10 },
          { name: 'slow', from: 20, to: 40, step: 10 },
        ],
      },
      {
        strategy: 'ema-cross',
        grid: [
          { name: 'slow', values: [10, 20, 30] },
          { name: 'fast', values: [10, 20, 30] },
        ],
        cap: 2,
      },
      {
        strategy: 'rsi-reversion',
        params: { upper: 50 },
        grid: [{ name: 'lower', values: [30, 40, 50] }],
      },
      { strategy: rules, grid: [{ name: 'fast', values: [5, 10, 15] }], cap: 2 },
    ]
    const previews = []
    for (const request of requests) {
      const preview = await core.value('batch-preview', request)
      const job = await core.value('batch-run', {
        symbol: 'GOOG',
        timeframe: '1Day',
        ...request,
        wait: true,
      })
      expect(preview, JSON.stringify(request)).toEqual({
        points: job.axes.reduce((n, a) => n * a.values.length, 1),
        runs: job.total,
        skipped: job.skipped,
        skipReason: job.skipReason,
        truncated: job.truncated,
      })
      expect(job.completed).toBe(preview.runs)
      previews.push(preview)
    }
    expect(previews.map((p) => [p.points, p.runs, p.skipped, p.truncated])).toEqual([
      [9, 6, 3, false],
      [9, 2, 5, true],
      [3, 2, 1, false],
      [3, 2, 0, true],
    ])
    expect(previews[0]?.skipReason).toBe('fast must be < slow')
  })

  it('answers a preview of a bad grid as batch-run would', async () => {
    const bad = [
      // to below from
      { strategy: 'sma-cross', grid: [{ name: 'fast', from: 30, to: 10, step: 5 }] },
      // a parameter the strategy does not have
      { strategy: 'sma-cross', grid: [{ name: 'fsat', values: [5, 10] }] },
      // the same variable twice
      {
        strategy: 'sma-cross',
        grid: [
          { name: 'fast', values: [5] },
          { name: 'fast', values: [10] },
        ],
      },
      // an unknown saved strategy
      {
        strategy: 'user:0190a0a0-0000-7000-8000-000000000000',
        grid: [{ name: 'fast', values: [5] }],
      },
    ]
    const answers = []
    for (const request of bad) {
      const preview = await core.call('batch-preview', request)
      const run = await core.call('batch-run', { symbol: 'GOOG', timeframe: '1Day', ...request })
      expect(preview.ok, JSON.stringify(request)).toBe(false)
      expect(run.ok).toBe(false)
      if (preview.ok || run.ok) continue
      expect(preview.error.code).toBe(run.error.code)
      expect(preview.error.issues).toEqual(run.error.issues)
      answers.push([preview.error.code, preview.error.issues?.[0]?.path])
    }
    expect(answers).toEqual([
      ['invalid-input', ['grid', 0, 'to']],
      ['invalid-input', ['grid', 0, 'name']],
      ['invalid-input', ['grid', 1, 'name']],
      ['not-found', undefined],
    ])
    // Nothing was started.
    expect(await core.value('batch-list', {})).toEqual([])
  })

  it('takes a grid axis from a saved variable list', async () => {
    const list = await core.value('variable-lists-save', { name: 'slow periods', values: [25, 35] })
    expect((await core.value('variable-lists-list', {})).map((l) => l.name)).toEqual([
      'slow periods',
    ])
    const job = await core.value('batch-run', {
      symbol: 'GOOG',
      timeframe: '1Day',
      strategy: 'sma-cross',
      grid: [
        { name: 'fast', values: [5, 10] },
        { name: 'slow', listId: list.id },
      ],
      wait: true,
    })
    expect(job.axes).toEqual([
      { name: 'fast', values: [5, 10] },
      { name: 'slow', values: [25, 35] },
    ])
    expect(job.completed).toBe(4)
    expect(await core.value('variable-lists-delete', { id: list.id })).toEqual({ deleted: true })
  })

  it('resumes an interrupted job from the runs not yet stored', async () => {
    const job = await core.value('batch-run', {
      symbol: 'GOOG',
      timeframe: '1Day',
      strategy: 'sma-cross',
      grid: [
        { name: 'fast', values: [5, 10, 15] },
        { name: 'slow', values: [30, 40] },
      ],
      wait: true,
    })
    const before = await core.value('batch-runs', { jobId: job.id })
    // Simulate a process that died mid-job: half the runs gone, the job still marked running.
    await core.pg.query(
      'DELETE FROM backtest.batch_job_runs WHERE batch_job_id = $1 AND run_index >= 3',
      [job.id],
    )
    await core.pg.query(
      `UPDATE backtest.batch_jobs SET status = 'running', completed = 3, summary = NULL WHERE id = $1`,
      [job.id],
    )
    const ids = await core.pg.query<{ id: number; run_index: number }>(
      'SELECT id, run_index FROM backtest.batch_job_runs WHERE batch_job_id = $1 ORDER BY run_index',
      [job.id],
    )
    expect((await core.value('batch-get', { jobId: job.id })).status).toBe('interrupted')
    const resumed = await core.value('batch-resume', { jobId: job.id, wait: true })
    expect(resumed).toMatchObject({ status: 'completed', completed: 6 })
    const after = await core.value('batch-runs', { jobId: job.id })
    expect(after.runs).toEqual(before.runs)
    // The three stored runs were kept, not rewritten.
    const kept = await core.pg.query<{ id: number; run_index: number }>(
      'SELECT id, run_index FROM backtest.batch_job_runs WHERE batch_job_id = $1 AND run_index < 3 ORDER BY run_index',
      [job.id],
    )
    expect(kept.rows).toEqual(ids.rows)
  })

  it('cancels a running job, keeps its stored runs, and resumes it', async () => {
    const started = await core.value('batch-run', {
      symbol: 'GOOG',
      timeframe: '1Day',
      strategy: 'sma-cross',
      grid: [
        { name: 'fast', from: 2, to: 60, step: 1 },
        { name: 'slow', from: 61, to: 160, step: 1 },
      ],
    })
    expect(started.status).toBe('running')
    const cancelled = await core.value('batch-cancel', { jobId: started.id })
    expect(cancelled.status).toBe('cancelled')
    expect(cancelled.completed).toBeLessThan(cancelled.total)
    const again = await core.call('batch-cancel', { jobId: started.id })
    expect(again.ok === false && again.error.code).toBe('conflict')
    const resumed = await core.value('batch-resume', { jobId: started.id, wait: true })
    expect(resumed).toMatchObject({ status: 'completed', completed: 59 * 100 })
  })
})
