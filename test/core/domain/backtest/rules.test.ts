import { describe, expect, it } from 'vitest'
import { runSpec } from '../../../support/backtest'
import { loadBars } from '../../../support/reference-bars'
import { smaCrossRules } from '../../../support/sma-cross-rules'

const goog = loadBars('GOOG')

function issuesOf(fn: () => unknown): { path: (string | number)[]; message: string }[] {
  try {
    fn()
  } catch (err) {
    return (err as { issues: { path: (string | number)[]; message: string }[] }).issues
  }
  throw new Error('expected a failure')
}

describe('rule strategies', () => {
  it('reproduce the built-in sma-cross exactly when written as rules', () => {
    for (const params of [{}, { fast: 5, slow: 40 }] as Record<string, number>[]) {
      const rules = runSpec(goog, { strategy: smaCrossRules, params, commission: 0.001 })
      const builtin = runSpec(goog, { strategy: 'sma-cross', params, commission: 0.001 })
      expect(rules.stats).toEqual(builtin.stats)
      expect(rules.trades).toEqual(builtin.trades)
      expect(rules.strategy).toEqual({
        name: 'my sma cross',
        params: { fast: 10, slow: 30, ...params },
      })
    }
  })

  it('combine comparisons with and/or/not, offsets and indicator outputs', () => {
    const r = runSpec(goog, {
      strategy: {
        elements: [
          { type: 'indicator', id: 'bb', indicator: 'bollinger', params: { period: 20, k: 2 } },
          { type: 'indicator', id: 'r', indicator: 'rsi', params: { period: 14 } },
          {
            type: 'entry',
            side: 'long',
            when: {
              type: 'and',
              conditions: [
                { type: 'compare', left: 'close', op: '<', right: 'bb.lower' },
                {
                  type: 'or',
                  conditions: [
                    { type: 'compare', left: 'r', op: '<', right: 35 },
                    { type: 'compare', left: 'close', op: '<', right: { ref: 'close', offset: 5 } },
                  ],
                },
              ],
            },
          },
          {
            type: 'exit',
            side: 'long',
            when: {
              type: 'not',
              condition: { type: 'compare', left: 'close', op: '<', right: 'bb.middle' },
            },
          },
          { type: 'sizing', sizing: { type: 'fraction', value: 0.5 } },
        ],
      },
    })
    expect(r.stats.trades).toBeGreaterThan(5)
    for (const t of r.trades) expect(t.size).toBeGreaterThan(0)
    // The bar before each entry closed under the lower band.
    const lower = r.trades.map((t) => t.entryBar - 1)
    expect(lower.every((i) => i >= 19)).toBe(true)
  })

  it('name the path of an unknown id, output or parameter (semantics)', () => {
    const issues = issuesOf(() =>
      runSpec(goog, {
        strategy: {
          elements: [
            { type: 'indicator', id: 'bb', indicator: 'bollinger', params: { period: '$n' } },
            {
              type: 'entry',
              side: 'long',
              when: { type: 'cross', left: 'fast', direction: 'above', right: 'bb.top' },
            },
          ],
        },
      }),
    )
    expect(issues).toEqual([
      {
        path: ['strategy', 'elements', 0, 'params', 'period'],
        message: 'parameter "n" is not declared by a param element',
      },
      {
        path: ['strategy', 'elements', 1, 'when', 'left'],
        message: 'unknown operand "fast" (not a price field or indicator id)',
      },
      {
        path: ['strategy', 'elements', 1, 'when', 'right'],
        message: 'indicator "bb" has no output "top" (has: upper, middle, lower)',
      },
    ])
  })

  it('need an entry element', () => {
    const issues = issuesOf(() =>
      runSpec(goog, {
        strategy: {
          elements: [{ type: 'indicator', id: 'a', indicator: 'sma', params: { period: 5 } }],
        },
      }),
    )
    expect(issues).toEqual([
      { path: ['strategy', 'elements'], message: 'a strategy needs at least one entry element' },
    ])
  })
})

describe('rule indicators', () => {
  const kinds = [
    ['sma', {}, 'value'],
    ['ema', {}, 'value'],
    ['wma', {}, 'value'],
    ['rsi', {}, 'value'],
    ['macd', { fast: 5, slow: 10, signal: 3 }, 'signal'],
    ['bollinger', { period: 10, k: 1.5 }, 'upper'],
    ['atr', {}, 'value'],
    ['stochastic', { k: 10, d: 3 }, 'd'],
    ['adx', {}, 'plusDi'],
    ['donchian', { period: 10 }, 'lower'],
    ['roc', {}, 'value'],
    ['obv', {}, 'value'],
    ['vwap', {}, 'value'],
    ['zscore', {}, 'value'],
  ] as const
  for (const [indicator, params, output] of kinds) {
    it(`${indicator} can drive an entry through its "${output}" output`, () => {
      const ref = output === 'value' ? 'x' : `x.${output}`
      const r = runSpec(goog, {
        strategy: {
          elements: [
            { type: 'indicator', id: 'x', indicator, params },
            {
              type: 'entry',
              side: 'long',
              when: { type: 'compare', left: ref, op: '>', right: { ref, offset: 1 } },
            },
            {
              type: 'exit',
              side: 'long',
              when: { type: 'compare', left: ref, op: '<', right: { ref, offset: 1 } },
            },
          ],
        },
      })
      expect(r.stats.trades).toBeGreaterThan(0)
    })
  }

  it('rejects a fractional period', () => {
    expect(() =>
      runSpec(goog, {
        strategy: {
          elements: [
            { type: 'indicator', id: 's', indicator: 'stochastic', params: { k: 2.5 } },
            {
              type: 'entry',
              side: 'long',
              when: { type: 'compare', left: 's', op: '<', right: 20 },
            },
          ],
        },
      }),
    ).toThrow(/elements\.0\.params\.k: k must be a whole number/)
  })
})
