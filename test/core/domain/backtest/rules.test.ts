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
    // Each held to a published reference in test/core/domain/indicators/reference.test.ts:
    // Tulip Indicators (Achelis) for psar, mfi, cci, williamsR, aroon, stochRsi, adLine and
    // stddev; backtrader's 2006-data tests for ichimoku, highest, lowest, momentum, trix, kama,
    // dema, tema, smma and the EMA and ATR that make Keltner.
    ['psar', { step: 0.02, max: 0.2 }, 'value'],
    ['keltner', { period: 20, multiplier: 1.5, atrPeriod: 10 }, 'upper'],
    ['cci', { period: 20 }, 'value'],
    ['ichimoku', {}, 'kijun'],
    ['ichimoku', { tenkan: 7, kijun: 22, senkou: 44, displacement: 22 }, 'senkouA'],
    ['aroon', { period: 25 }, 'up'],
    ['mfi', { period: 14 }, 'value'],
    ['williamsR', { period: 14 }, 'value'],
    ['highest', { period: 20 }, 'value'],
    ['lowest', { period: 20 }, 'value'],
    ['momentum', { period: 10 }, 'value'],
    ['trix', { period: 15 }, 'value'],
    ['kama', { period: 10, fast: 2, slow: 30 }, 'value'],
    ['dema', { period: 20 }, 'value'],
    ['tema', { period: 20 }, 'value'],
    ['smma', { period: 14 }, 'value'],
    ['stddev', { period: 20 }, 'value'],
    ['stochRsi', { rsiPeriod: 14, stochPeriod: 14 }, 'value'],
    ['stochastic', { k: 14, d: 3, slowing: 3 }, 'k'],
    ['adx', { period: 14 }, 'adxr'],
    ['adLine', {}, 'value'],
    ['range', {}, 'value'],
    ['trueRange', {}, 'value'],
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

describe('rule language extensions', () => {
  it('reads highest and lowest of a chosen source, matching the indicator functions', async () => {
    const ind = await import('../../../../electron/core/domain/indicators')
    const hh = ind.rollingMax(goog.high, 20)
    // Trading-range break (Brock, Lakonishok & LeBaron 1992): close above yesterday's 20-bar high.
    const r = runSpec(goog, {
      strategy: {
        elements: [
          {
            type: 'indicator',
            id: 'hh',
            indicator: 'highest',
            source: 'high',
            params: { period: 20 },
          },
          {
            type: 'entry',
            side: 'long',
            when: { type: 'compare', left: 'close', op: '>', right: { ref: 'hh', offset: 1 } },
          },
        ],
      },
      orders: { exitAfterBars: 10 },
    })
    expect(r.stats.trades).toBeGreaterThan(5)
    for (const t of r.trades) {
      const i = t.entryBar - 1
      expect(goog.close[i]).toBeGreaterThan(hh[i - 1] as number)
    }
  })

  it('evaluates arithmetic operands bar by bar (a gap of 1 % over the previous close)', () => {
    const r = runSpec(goog, {
      strategy: {
        elements: [
          { type: 'param', name: 'gap', default: 1.01 },
          {
            type: 'entry',
            side: 'long',
            when: {
              type: 'compare',
              left: 'open',
              op: '>',
              right: { math: '*', args: [{ ref: 'close', offset: 1 }, '$gap'] },
            },
          },
        ],
      },
      orders: { exitAfterBars: 1 },
    })
    expect(r.stats.trades).toBeGreaterThan(10)
    for (const t of r.trades) {
      const i = t.entryBar - 1
      expect(goog.open[i]).toBeGreaterThan((goog.close[i - 1] as number) * 1.01)
      expect(t.exitBar - t.entryBar).toBe(1)
    }
  })

  it('computes +, -, /, min, max and abs, and NaN through a missing bar', () => {
    const bars = goog
    const sub = (a: unknown, b: unknown) => ({ math: '-' as const, args: [a, b] })
    const r = runSpec(bars, {
      strategy: {
        elements: [
          {
            type: 'entry',
            side: 'long',
            when: {
              type: 'and',
              conditions: [
                {
                  type: 'compare',
                  left: { math: 'abs', args: [sub('close', 'open') as never] },
                  op: '>',
                  right: {
                    math: '/',
                    args: [
                      {
                        math: 'max',
                        args: ['high', 'low', { math: 'min', args: ['open', 'close'] }],
                      },
                      50,
                    ],
                  },
                },
                {
                  type: 'compare',
                  left: { math: '+', args: ['close', { ref: 'close', offset: 3 }] },
                  op: '>',
                  right: 0,
                },
              ],
            },
          },
        ],
      },
      orders: { exitAfterBars: 2 },
    })
    expect(r.stats.trades).toBeGreaterThan(10)
    for (const t of r.trades) {
      const i = t.entryBar - 1
      // The close three bars back exists for every signal (NaN before it compares false).
      expect(i).toBeGreaterThanOrEqual(3)
      const body = Math.abs((bars.close[i] as number) - (bars.open[i] as number))
      expect(body).toBeGreaterThan((bars.high[i] as number) / 50)
    }
  })

  it('filters by calendar fields: ISO day of week, month and trading day of the month', () => {
    const r = runSpec(goog, {
      strategy: {
        elements: [
          { type: 'indicator', id: 'cal', indicator: 'calendar' },
          {
            type: 'entry',
            side: 'long',
            when: {
              type: 'and',
              conditions: [
                { type: 'compare', left: 'cal.dayOfWeek', op: '==', right: 5 },
                { type: 'compare', left: 'cal.month', op: '<=', right: 6 },
              ],
            },
          },
          {
            type: 'exit',
            side: 'long',
            when: { type: 'compare', left: 'cal.tradingDayOfMonth', op: '>=', right: 1 },
          },
        ],
      },
    })
    expect(r.stats.trades).toBeGreaterThan(50)
    for (const t of r.trades) {
      const signal = new Date(goog.time[t.entryBar - 1] as number)
      expect(signal.getUTCDay()).toBe(5)
      expect(signal.getUTCMonth()).toBeLessThan(6)
      // Any bar's close exits, so each trade lasts one bar.
      expect(t.exitBar - t.entryBar).toBeLessThanOrEqual(1)
    }
  })

  it('counts trading days within a month from 1 on its first bar', () => {
    const r = runSpec(goog, {
      strategy: {
        elements: [
          { type: 'indicator', id: 'cal', indicator: 'calendar' },
          {
            type: 'entry',
            side: 'long',
            when: { type: 'compare', left: 'cal.tradingDayOfMonth', op: '==', right: 1 },
          },
        ],
      },
      orders: { exitAfterBars: 1 },
    })
    expect(r.stats.trades).toBeGreaterThan(90)
    for (const t of r.trades) {
      const i = t.entryBar - 1
      const m = (k: number) => new Date(goog.time[k] as number).getUTCMonth()
      expect(m(i)).not.toBe(m(i - 1))
    }
  })

  it('name the path of an unknown indicator parameter and a bad arity', () => {
    const issues = issuesOf(() =>
      runSpec(goog, {
        strategy: {
          elements: [
            { type: 'indicator', id: 'k', indicator: 'keltner', params: { width: 2 } },
            {
              type: 'entry',
              side: 'long',
              when: {
                type: 'compare',
                left: { math: 'abs', args: ['close', 'open'] },
                op: '>',
                right: { math: '-', args: [{ math: '+', args: ['k.upper', 'nope'] }, 1] },
              },
            },
          ],
        },
      }),
    )
    expect(issues).toEqual([
      {
        path: ['strategy', 'elements', 0, 'params', 'width'],
        message: 'keltner has no parameter "width" (has: period, multiplier, atrPeriod)',
      },
      {
        path: ['strategy', 'elements', 1, 'when', 'left', 'args'],
        message: 'abs takes one operand',
      },
      {
        path: ['strategy', 'elements', 1, 'when', 'right', 'args', 0, 'args', 1],
        message: 'unknown operand "nope" (not a price field or indicator id)',
      },
    ])
  })

  it('refuses a malformed arithmetic operand at the boundary, naming the path', () => {
    const issues = issuesOf(() =>
      runSpec(goog, {
        strategy: {
          elements: [
            {
              type: 'entry',
              side: 'long',
              when: {
                type: 'compare',
                left: { math: 'pow', args: ['close', 2] } as never,
                op: '>',
                right: 1,
              },
            },
          ],
        },
      }),
    )
    expect(issues[0]?.path.slice(0, 5)).toEqual(['strategy', 'elements', 0, 'when', 'left'])
  })

  it('smooths an earlier indicator through input (a moving average of OBV)', async () => {
    const ind = await import('../../../../electron/core/domain/indicators')
    const obv = ind.obv(goog)
    const slow = ind.sma(obv, 50)
    const r = runSpec(goog, {
      strategy: {
        elements: [
          { type: 'indicator', id: 'o', indicator: 'obv' },
          { type: 'indicator', id: 'os', indicator: 'sma', input: 'o', params: { period: 50 } },
          { type: 'indicator', id: 'rng', indicator: 'range' },
          {
            type: 'indicator',
            id: 'low7',
            indicator: 'lowest',
            input: 'rng',
            params: { period: 7 },
          },
          {
            type: 'entry',
            side: 'long',
            when: { type: 'cross', left: 'o', direction: 'above', right: 'os' },
          },
          {
            type: 'exit',
            side: 'long',
            when: { type: 'compare', left: 'rng', op: '<=', right: 'low7' },
          },
        ],
      },
    })
    expect(r.stats.trades).toBeGreaterThan(5)
    for (const t of r.trades) {
      const i = t.entryBar - 1
      expect(obv[i]).toBeGreaterThan(slow[i] as number)
      expect(obv[i - 1]).toBeLessThan(slow[i - 1] as number)
    }
  })

  it('refuses an input that is not an earlier output, or a kind that reads bars', () => {
    const issues = issuesOf(() =>
      runSpec(goog, {
        strategy: {
          elements: [
            { type: 'indicator', id: 'a', indicator: 'ema', input: 'later' },
            { type: 'indicator', id: 'later', indicator: 'obv' },
            { type: 'indicator', id: 'b', indicator: 'atr', input: 'later' },
            { type: 'indicator', id: 'c', indicator: 'sma', input: 'later.top' },
            {
              type: 'entry',
              side: 'long',
              when: { type: 'compare', left: 'close', op: '>', right: 1 },
            },
          ],
        },
      }),
    )
    expect(issues).toEqual([
      {
        path: ['strategy', 'elements', 0, 'input'],
        message: 'input "later" is not an output of an earlier indicator',
      },
      { path: ['strategy', 'elements', 2, 'input'], message: 'atr cannot read an input' },
      {
        path: ['strategy', 'elements', 3, 'input'],
        message: 'input "later.top" is not an output of an earlier indicator',
      },
    ])
  })
})
