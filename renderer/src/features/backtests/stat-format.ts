import type { BacktestStatsDto, NumericMetric } from '../../../../electron/core/contract/index'
import { formatMoney, formatNumber } from '../../lib/format'

/** The unit a statistic is printed in. */
export type StatUnit = '' | '%' | 'd' | '$' | 'date' | 'count'

/**
 * Labels and units of the statistics table, in the reference engine's order. `better` says
 * which way a statistic improves: drawdowns are negative percentages (higher is better), their
 * durations and volatility are better lower; null where neither way is better (dates, exposure,
 * trade counts, the market's own buy-and-hold return).
 */
export const STAT_LABELS: {
  key: keyof BacktestStatsDto
  label: string
  unit: StatUnit
  better?: 'higher' | 'lower'
}[] = [
  { key: 'start', label: 'Start', unit: 'date' },
  { key: 'end', label: 'End', unit: 'date' },
  { key: 'durationDays', label: 'Duration', unit: 'd' },
  { key: 'exposurePct', label: 'Exposure time', unit: '%' },
  { key: 'equityFinal', label: 'Equity final', unit: '$', better: 'higher' },
  { key: 'equityPeak', label: 'Equity peak', unit: '$', better: 'higher' },
  { key: 'returnPct', label: 'Return', unit: '%', better: 'higher' },
  { key: 'buyHoldReturnPct', label: 'Buy & hold return', unit: '%' },
  { key: 'returnAnnPct', label: 'Return (ann.)', unit: '%', better: 'higher' },
  { key: 'volatilityAnnPct', label: 'Volatility (ann.)', unit: '%', better: 'lower' },
  { key: 'cagrPct', label: 'CAGR', unit: '%', better: 'higher' },
  { key: 'sharpe', label: 'Sharpe ratio', unit: '', better: 'higher' },
  { key: 'sortino', label: 'Sortino ratio', unit: '', better: 'higher' },
  { key: 'calmar', label: 'Calmar ratio', unit: '', better: 'higher' },
  { key: 'alphaPct', label: 'Alpha', unit: '%', better: 'higher' },
  { key: 'beta', label: 'Beta', unit: '' },
  { key: 'maxDrawdownPct', label: 'Max. drawdown', unit: '%', better: 'higher' },
  { key: 'avgDrawdownPct', label: 'Avg. drawdown', unit: '%', better: 'higher' },
  { key: 'maxDrawdownDurationDays', label: 'Max. drawdown duration', unit: 'd', better: 'lower' },
  { key: 'avgDrawdownDurationDays', label: 'Avg. drawdown duration', unit: 'd', better: 'lower' },
  { key: 'trades', label: '# Trades', unit: 'count' },
  { key: 'winRatePct', label: 'Win rate', unit: '%', better: 'higher' },
  { key: 'bestTradePct', label: 'Best trade', unit: '%', better: 'higher' },
  { key: 'worstTradePct', label: 'Worst trade', unit: '%', better: 'higher' },
  { key: 'avgTradePct', label: 'Avg. trade', unit: '%', better: 'higher' },
  { key: 'maxTradeDurationDays', label: 'Max. trade duration', unit: 'd' },
  { key: 'avgTradeDurationDays', label: 'Avg. trade duration', unit: 'd' },
  { key: 'profitFactor', label: 'Profit factor', unit: '', better: 'higher' },
  { key: 'expectancyPct', label: 'Expectancy', unit: '%', better: 'higher' },
  { key: 'sqn', label: 'SQN', unit: '', better: 'higher' },
  { key: 'kelly', label: 'Kelly criterion', unit: '', better: 'higher' },
]

/** One statistic as text, by its unit. */
export function formatStat(
  value: string | number | null | undefined,
  unit: (typeof STAT_LABELS)[number]['unit'],
): string {
  if (value === null || value === undefined) return '—'
  if (typeof value === 'string') return unit === 'date' ? value.slice(0, 10) : value
  switch (unit) {
    case '%':
      return `${formatNumber(value, { digits: 2 })}%`
    case 'd':
      return `${formatNumber(value, { digits: 0 })} days`
    case '$':
      return formatMoney(value)
    case 'count':
      return formatNumber(value, { digits: 0 })
    default:
      return formatNumber(value, { digits: 3 })
  }
}

const BY_KEY = new Map(STAT_LABELS.map((s) => [s.key as string, s]))

/** A metric's label as a trader reads it ("Max. drawdown"), its key when unknown. */
export function metricLabel(metric: string): string {
  return BY_KEY.get(metric)?.label ?? metric
}

/** A metric's value as text in its unit: counts as integers, percentages with a % sign. */
export function formatMetric(metric: string, value: number | string | null | undefined): string {
  return formatStat(value, BY_KEY.get(metric)?.unit ?? '')
}

/** The difference of a metric between two runs as signed text in its unit. */
export function formatMetricDelta(metric: NumericMetric, delta: number | null | undefined): string {
  if (delta === null || delta === undefined || !Number.isFinite(delta)) return '—'
  const unit = BY_KEY.get(metric)?.unit ?? ''
  switch (unit) {
    case '%':
      return `${formatNumber(delta, { digits: 2, isSigned: true })} pp`
    case 'd':
      return `${formatNumber(delta, { digits: 0, isSigned: true })} days`
    case 'count':
      return formatNumber(delta, { digits: 0, isSigned: true })
    case '$':
      return formatNumber(delta, { digits: 2, isSigned: true })
    default:
      return formatNumber(delta, { digits: 3, isSigned: true })
  }
}

/**
 * Whether run B is better than run A on a metric, by the metric's direction: `better`, `worse`,
 * or null when equal, missing or when neither direction is better.
 */
export function compareVerdict(
  metric: NumericMetric,
  delta: number | null | undefined,
): 'better' | 'worse' | null {
  const better = BY_KEY.get(metric)?.better
  if (!better || delta === null || delta === undefined || !Number.isFinite(delta) || delta === 0)
    return null
  return delta > 0 === (better === 'higher') ? 'better' : 'worse'
}
