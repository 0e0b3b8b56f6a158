import { describe, expect, it } from 'vitest'
import { backtestSpecSchema, SPEC_MIRRORS } from '../../../electron/core/contract/backtest-spec'
import { wireIssues } from '../../../electron/core/zod-issues'

// The boundary is the one place a backtest spec is validated: shape problems are named here, with
// the path into a rule strategy; the domain only finds what needs bars or the strategy's meaning.
const malformed = {
  strategy: {
    elements: [
      { type: 'indicator', id: 'x', indicator: 'smaa', params: {} },
      { type: 'entry', side: 'long', when: { type: 'compare', left: 'close', op: '=>', right: 1 } },
    ],
  },
}

describe('backtestSpecSchema', () => {
  it('parses to the domain types (checked at compile time)', () => {
    expect(Object.values(SPEC_MIRRORS).every(Boolean)).toBe(true)
  })

  it('applies the backtesting.py defaults', () => {
    expect(backtestSpecSchema.parse({ strategy: 'sma-cross' })).toEqual({
      strategy: 'sma-cross',
      params: {},
      cash: 10_000,
      commission: 0,
      spread: 0,
      slippage: 0,
      margin: 1,
      sizing: { type: 'all' },
      units: 'whole',
      orders: { entry: 'market', entryOffsetPct: 0 },
      finalizeTrades: true,
      statsConvention: '0.6.6',
    })
  })

  it('names the path of each malformed element of a rule strategy', () => {
    const parsed = backtestSpecSchema.safeParse(malformed)
    expect(parsed.success).toBe(false)
    const paths = parsed.error ? wireIssues(parsed.error).map((i) => i.path.join('.')) : []
    expect(paths).toContain('strategy.elements.0.indicator')
    expect(paths).toContain('strategy.elements.1.when.op')
  })

  it('keeps one issue at the strategy when it is neither a name nor a rule object', () => {
    const parsed = backtestSpecSchema.safeParse({ strategy: 42 })
    expect(parsed.error && wireIssues(parsed.error).map((i) => i.path)).toEqual([['strategy']])
  })
})
