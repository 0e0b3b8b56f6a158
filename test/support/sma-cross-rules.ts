import type { RulesStrategyInput } from '../../electron/core/domain/backtest'

/**
 * The built-in sma-cross written in the rule language: long above, short below (`reverse`), with
 * its two parameters declared. Tests hold a rule strategy to the built-in through it.
 */
export const smaCrossRules: RulesStrategyInput = {
  name: 'my sma cross',
  reverse: true,
  elements: [
    { type: 'param', name: 'fast', default: 10, min: 2, max: 100, step: 1 },
    { type: 'param', name: 'slow', default: 30, min: 3, max: 300, step: 1 },
    { type: 'indicator', id: 'f', indicator: 'sma', params: { period: '$fast' } },
    { type: 'indicator', id: 's', indicator: 'sma', params: { period: '$slow' } },
    {
      type: 'entry',
      side: 'long',
      when: { type: 'cross', left: 'f', direction: 'above', right: 's' },
    },
    {
      type: 'entry',
      side: 'short',
      when: { type: 'cross', left: 'f', direction: 'below', right: 's' },
    },
  ],
}
