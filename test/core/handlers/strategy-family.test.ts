import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import { probeStrategies, strategies } from '../../../db/schema/index'
import type { RulesStrategyInput } from '../../../electron/core/domain/backtest'
import type {
  CatalogueDetails,
  StrategyFamily,
} from '../../../electron/core/domain/probes/catalogue'
import { openTestCore, type TestCore } from '../../support/core'

// A small catalogue of two families, written in the rule language the way the shipped one is:
// trend followers (moving-average crosses, a channel breakout) and mean reverters (Connors'
// RSI(2), a Bollinger band touch). A strategy is compared with them on GOOG's daily bars.
const GOOG = resolve(import.meta.dirname, '../../fixtures/bars/backtesting_py_GOOG.csv')

const cross = (fast: number, slow: number, kind: 'sma' | 'ema'): RulesStrategyInput => ({
  elements: [
    { type: 'indicator', id: 'f', indicator: kind, params: { period: fast } },
    { type: 'indicator', id: 's', indicator: kind, params: { period: slow } },
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
})
const rsiReversion = (period: number, low: number, high: number): RulesStrategyInput => ({
  elements: [
    { type: 'indicator', id: 'r', indicator: 'rsi', params: { period } },
    { type: 'entry', side: 'long', when: { type: 'compare', left: 'r', op: '<', right: low } },
    { type: 'exit', side: 'long', when: { type: 'compare', left: 'r', op: '>', right: high } },
  ],
})
const CATALOGUE: { name: string; family: StrategyFamily; rules: RulesStrategyInput }[] = [
  { name: 'sma-20-50', family: 'trend', rules: cross(20, 50, 'sma') },
  { name: 'ema-12-26', family: 'trend', rules: cross(12, 26, 'ema') },
  {
    name: 'donchian-20',
    family: 'breakout',
    rules: {
      elements: [
        { type: 'indicator', id: 'dc', indicator: 'donchian', params: { period: 20 } },
        {
          type: 'entry',
          side: 'long',
          when: { type: 'compare', left: 'close', op: '>=', right: { ref: 'dc.upper', offset: 1 } },
        },
        {
          type: 'exit',
          side: 'long',
          when: { type: 'compare', left: 'close', op: '<=', right: { ref: 'dc.lower', offset: 1 } },
        },
      ],
    },
  },
  { name: 'rsi2-connors', family: 'mean_reversion', rules: rsiReversion(2, 10, 70) },
  {
    name: 'bollinger-touch',
    family: 'mean_reversion',
    rules: {
      elements: [
        { type: 'indicator', id: 'bb', indicator: 'bollinger', params: { period: 20, k: 2 } },
        {
          type: 'entry',
          side: 'long',
          when: { type: 'compare', left: 'close', op: '<', right: 'bb.lower' },
        },
        {
          type: 'exit',
          side: 'long',
          when: { type: 'compare', left: 'close', op: '>', right: 'bb.middle' },
        },
      ],
    },
  },
]

let core: TestCore

async function seedCatalogue(): Promise<void> {
  await core.deps.db.insert(probeStrategies).values(
    CATALOGUE.map((c) => ({
      name: c.name,
      displayName: c.name,
      strategyType: c.family,
      direction: 'long',
      details: { catalogueVersion: 1, source: 'test', rules: c.rules } satisfies CatalogueDetails,
    })),
  )
}

beforeAll(async () => {
  core = await openTestCore()
  // The core seeded the shipped catalogue at open; this test starts from none and adds its own.
  await core.deps.db.update(probeStrategies).set({ isActive: false })
  await core.value('bars-import', { path: GOOG, symbol: 'GOOG', timeframe: '1Day' })
})
afterAll(async () => {
  await core.close()
})

describe('strategy-family', () => {
  it('says the catalogue is empty before it is seeded', async () => {
    const got = await core.call('strategy-family', { strategy: 'sma-cross' })
    expect(got.ok).toBe(false)
    expect(!got.ok && got.error.code).toBe('not-found')
    expect(!got.ok && got.error.message).toMatch(/catalogue is empty/)
  })

  it('finds a saved moving-average cross to follow trends, not to revert to the mean', async () => {
    await seedCatalogue()
    const saved = await core.value('strategy-save', {
      name: 'my trend',
      rules: { name: 'my trend', ...cross(15, 45, 'sma') },
    })
    const a = await core.value('strategy-family', { strategy: `user:${saved.id}` })
    expect(a.family).toBe('trend')
    expect(a.symbols).toEqual(['GOOG'])
    expect(a.entries).toBe(CATALOGUE.length)
    expect(a.matches[0]?.name).toBe('sma-20-50')
    expect(a.strategyId).toBe(saved.id)
  })

  it('ranks the built-in sma-cross (long and short) nearer trend and breakout than reversion', async () => {
    const a = await core.value('strategy-family', { strategy: 'sma-cross' })
    const score = (f: string): number => a.families.find((x) => x.family === f)?.score ?? NaN
    expect(Math.max(score('trend'), score('breakout'))).toBeGreaterThan(score('mean_reversion'))
    expect(['trend', 'breakout']).toContain(a.families[0]?.family)
    // A built-in strategy has no row to store the answer on.
    expect(a.strategyId).toBeNull()
  })

  it('finds a saved RSI(3) strategy to be mean reversion and stores the family on it', async () => {
    const saved = await core.value('strategy-save', {
      name: 'my dip buyer',
      rules: { name: 'my dip buyer', ...rsiReversion(3, 15, 65) },
    })
    const a = await core.value('strategy-family', { strategy: `user:${saved.id}` })
    expect(a.family).toBe('mean_reversion')
    expect(a.matches[0]?.family).toBe('mean_reversion')
    const [row] = await core.deps.db
      .select({ family: strategies.impliedStrategyFamily })
      .from(strategies)
      .where(eq(strategies.id, saved.id))
    expect(row?.family).toBe('mean_reversion')
    // The list shows it where the strategy is; saving new rules drops it until asked again.
    const listed = (await core.value('strategies-list', {})).user.find((u) => u.id === saved.id)
    expect(listed?.impliedFamily).toBe('mean_reversion')
    await core.value('strategy-save', {
      id: saved.id,
      name: 'my dip buyer',
      rules: { name: 'my dip buyer', ...rsiReversion(4, 20, 60) },
    })
    const resaved = (await core.value('strategies-list', {})).user.find((u) => u.id === saved.id)
    expect(resaved?.impliedFamily).toBeNull()
    expect(core.events.some((e) => e.event === 'data-changed')).toBe(true)
  })

  it('refuses a strategy that never trades, naming why', async () => {
    const saved = await core.value('strategy-save', {
      name: 'never',
      rules: {
        elements: [
          { type: 'indicator', id: 'r', indicator: 'rsi', params: { period: 14 } },
          {
            type: 'entry',
            side: 'long',
            when: { type: 'compare', left: 'r', op: '>', right: 101 },
          },
        ],
      },
    })
    const got = await core.call('strategy-family', { strategy: `user:${saved.id}` })
    expect(!got.ok && got.error.code).toBe('invalid-input')
    expect(!got.ok && got.error.message).toMatch(/holds no position/)
  })

  it('says which timeframe has no bars', async () => {
    const got = await core.call('strategy-family', { strategy: 'sma-cross', timeframe: '1Hour' })
    expect(!got.ok && got.error.message).toMatch(/No 1Hour bars are stored/)
  })
})
