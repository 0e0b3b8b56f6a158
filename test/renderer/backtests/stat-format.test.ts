// Grid and compare views print metrics by these helpers: human labels, integers as integers,
// and a B − A difference judged by whether the metric is better higher or lower.
import { describe, expect, it } from 'vitest'
import { NUMERIC_METRICS } from '../../../electron/core/contract/index'
import {
  compareVerdict,
  formatMetric,
  formatMetricDelta,
  metricLabel,
} from '../../../renderer/src/features/backtests/stat-format'

describe('metricLabel', () => {
  it('names every numeric metric in words, never by its code identifier', () => {
    expect(metricLabel('maxDrawdownPct')).toBe('Max. drawdown')
    expect(metricLabel('sharpe')).toBe('Sharpe ratio')
    for (const m of NUMERIC_METRICS) expect(metricLabel(m)).not.toMatch(/^[a-z]+[A-Z]/)
  })
})

describe('formatMetric', () => {
  it('prints trade counts as integers and percentages with their sign', () => {
    expect(formatMetric('trades', 94)).toBe('94')
    expect(formatMetric('returnPct', 12.345)).toBe('12.35%')
    expect(formatMetric('sharpe', 0.58062)).toBe('0.581')
  })
})

describe('formatMetricDelta', () => {
  it('signs the difference in the metric’s unit', () => {
    expect(formatMetricDelta('trades', -3)).toBe('-3')
    expect(formatMetricDelta('returnPct', 1.5)).toBe('+1.50 pp')
    expect(formatMetricDelta('maxDrawdownDurationDays', 12)).toBe('+12 days')
  })
})

describe('compareVerdict', () => {
  it('calls B better where the metric improves, whichever way that is', () => {
    expect(compareVerdict('returnPct', 2)).toBe('better')
    expect(compareVerdict('returnPct', -2)).toBe('worse')
    // Drawdowns are negative percentages: a rise towards zero is a smaller drawdown.
    expect(compareVerdict('maxDrawdownPct', 5)).toBe('better')
    expect(compareVerdict('maxDrawdownDurationDays', 30)).toBe('worse')
    expect(compareVerdict('volatilityAnnPct', 1)).toBe('worse')
    expect(compareVerdict('volatilityAnnPct', -1)).toBe('better')
  })

  it('judges nothing where no direction is better, or nothing changed', () => {
    expect(compareVerdict('trades', 10)).toBeNull()
    expect(compareVerdict('exposurePct', 10)).toBeNull()
    expect(compareVerdict('sharpe', 0)).toBeNull()
    expect(compareVerdict('sharpe', null)).toBeNull()
  })
})
