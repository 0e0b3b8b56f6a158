import { describe, expect, it } from 'vitest'
import { IndicatorCache } from '../../../../electron/core/domain/backtest'
import { planRules } from '../../../../electron/core/domain/backtest/rules'
import {
  STRATEGY_FAMILIES,
  type CatalogueEntry,
} from '../../../../electron/core/domain/probes/catalogue'
import {
  findCatalogueFile,
  readCatalogueFile,
} from '../../../../electron/core/services/probes/catalogue'
import { parsedSpec, runSpec } from '../../../support/backtest'
import { loadBars } from '../../../support/reference-bars'

// The shipped probe catalogue (resources/catalogue/catalogue.json) against the real daily series
// of shared/data (copied into test/fixtures/bars; see its README): GOOG 2004–2013, the S&P 500
// 2000–2020, ORCL 1995–2014 and backtrader's 2006 index series.

const read = readCatalogueFile(findCatalogueFile())
if (!read.ok) throw new Error(read.error.message)
const catalogue = read.value
const DAILY = ['GOOG', 'SP500', 'ORCL', 'backtrader-2006'] as const
const series = DAILY.map((name) => ({ name, bars: loadBars(name) }))

function specOf(e: CatalogueEntry) {
  return { strategy: e.rules, ...(e.orders ? { orders: e.orders } : {}) }
}

describe('probe catalogue', () => {
  it('validates, with about a hundred uniquely named entries', () => {
    expect(catalogue.version).toBeGreaterThanOrEqual(1)
    expect(catalogue.strategies.length).toBeGreaterThanOrEqual(100)
    const names = catalogue.strategies.map((e) => e.name)
    expect(new Set(names).size).toBe(names.length)
  })

  it('represents every family and cites a published source in every entry', () => {
    const families = new Set(catalogue.strategies.map((e) => e.strategyType))
    expect([...families].sort()).toEqual([...STRATEGY_FAMILIES].sort())
    for (const e of catalogue.strategies) {
      // Author(s), year in parentheses, then the title.
      expect(e.source, e.name).toMatch(/^[A-Z][^()]+\((19|20)\d\d\)[,.]? \S/)
      expect(e.philosophy.length, e.name).toBeGreaterThan(20)
    }
  })

  it('declares every parameter with a default inside its range', () => {
    for (const e of catalogue.strategies) {
      for (const el of e.rules.elements) {
        if (el.type !== 'param') continue
        expect(el.min, `${e.name}.${el.name}`).toBeLessThanOrEqual(el.default)
        expect(el.max, `${e.name}.${el.name}`).toBeGreaterThanOrEqual(el.default)
        expect(el.step, `${e.name}.${el.name}`).toBeGreaterThan(0)
      }
    }
  })

  it('compiles every entry with planRules against real bars', () => {
    const bars = loadBars('GOOG')
    for (const e of catalogue.strategies) {
      const spec = parsedSpec(specOf(e))
      if (typeof spec.strategy === 'string') throw new Error('a catalogue rule is an object')
      const plan = planRules(bars, spec.strategy, {}, new IndicatorCache())
      expect(plan.ok ? '' : plan.error.message, e.name).toBe('')
    }
  })

  it('trades at least once on some real daily series for at least 90 % of entries', () => {
    const silent: string[] = []
    for (const e of catalogue.strategies) {
      const trades = series.some(({ bars }) => runSpec(bars, specOf(e)).stats.trades > 0)
      if (!trades) silent.push(e.name)
    }
    const share = 1 - silent.length / catalogue.strategies.length
    // The entries that never trade are listed on failure.
    expect({ share: share >= 0.9, silent }).toEqual({ share: true, silent })
    expect(silent).toEqual([])
  }, 300_000)
})
