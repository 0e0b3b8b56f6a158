import { describe, expect, it } from 'vitest'
import {
  heatmapOf,
  planGrid,
  summariseRuns,
  SummaryFold,
  type BatchRun,
} from '../../../../electron/core/domain/backtest'

const METRICS = ['sharpe', 'returnPct'] as const

function run(runIndex: number, sharpe: number | null, returnPct = runIndex): BatchRun {
  return { runIndex, variables: { fast: runIndex }, metrics: { sharpe, returnPct } }
}

describe('SummaryFold', () => {
  it('gives the same summary whatever order the runs arrive in, ties to the lower index', () => {
    const runs = [
      run(0, 1.5),
      run(1, 2),
      run(2, null),
      run(3, 2),
      { runIndex: 4, variables: { fast: 4 }, metrics: { error: 'bad' } },
      run(5, -1),
      run(6, -1),
    ]
    const inOrder = summariseRuns(runs, 'sharpe', METRICS)
    const fold = new SummaryFold('sharpe', METRICS)
    for (const r of [...runs].reverse()) fold.add(r)
    expect(fold.result()).toEqual(inOrder)
    expect(inOrder).toMatchObject({
      metric: 'sharpe',
      runs: 7,
      failed: 1,
      best: { runIndex: 1, value: 2 },
      worst: { runIndex: 5, value: -1 },
    })
    expect(inOrder.average.sharpe).toBeCloseTo((1.5 + 2 + 2 - 1 - 1) / 5, 12)
    expect(inOrder.average.returnPct).toBeCloseTo((0 + 1 + 2 + 3 + 5 + 6) / 6, 12)
  })
})

describe('planGrid', () => {
  const axes = [
    { name: 'fast', values: [10, 20, 30] },
    { name: 'slow', values: [10, 20, 30] },
  ]

  it('skips contradicting points and counts the cap in valid ones', () => {
    const plan = planGrid(axes, 'sma-cross', {}, 2)
    // (10,10) skipped, (10,20) (10,30) valid: the cap is reached at index 2.
    expect(plan).toMatchObject({ engineCap: 3, total: 2, truncated: true })
    expect([...plan.invalid]).toEqual([0])
    expect(plan.skipReason).toBe('fast must be < slow')
  })

  it('plans a rule strategy (no parameter orders) as the plain cartesian prefix', () => {
    expect(planGrid(axes, null, {}, 5)).toMatchObject({ engineCap: 5, total: 5, truncated: true })
  })
})

describe('heatmapOf', () => {
  it('lays reduced cells on the sorted distinct axis values, null where none', () => {
    const map = heatmapOf(
      [20, 10, 20],
      [1, 2],
      [
        { x: 10, y: 1, value: 3 },
        { x: 20, y: 2, value: 4 },
        { x: 99, y: 1, value: 5 },
      ],
    )
    expect(map).toEqual({
      xs: [10, 20],
      ys: [1, 2],
      cells: [
        [3, null],
        [null, 4],
      ],
    })
  })
})
