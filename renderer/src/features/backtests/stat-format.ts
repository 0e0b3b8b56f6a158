import type { BacktestStatsDto } from '../../../../electron/core/contract/index'
import { formatMoney, formatNumber } from '../../lib/format'

/** Labels and units of the statistics table, in the reference engine's order. */
export const STAT_LABELS: {
  key: keyof BacktestStatsDto
  label: string
  unit: '' | '%' | 'd' | '$' | 'date' | 'count'
}[] = [
  { key: 'start', label: 'Start', unit: 'date' },
  { key: 'end', label: 'End', unit: 'date' },
  { key: 'durationDays', label: 'Duration', unit: 'd' },
  { key: 'exposurePct', label: 'Exposure time', unit: '%' },
  { key: 'equityFinal', label: 'Equity final', unit: '$' },
  { key: 'equityPeak', label: 'Equity peak', unit: '$' },
  { key: 'returnPct', label: 'Return', unit: '%' },
  { key: 'buyHoldReturnPct', label: 'Buy & hold return', unit: '%' },
  { key: 'returnAnnPct', label: 'Return (ann.)', unit: '%' },
  { key: 'volatilityAnnPct', label: 'Volatility (ann.)', unit: '%' },
  { key: 'cagrPct', label: 'CAGR', unit: '%' },
  { key: 'sharpe', label: 'Sharpe ratio', unit: '' },
  { key: 'sortino', label: 'Sortino ratio', unit: '' },
  { key: 'calmar', label: 'Calmar ratio', unit: '' },
  { key: 'alphaPct', label: 'Alpha', unit: '%' },
  { key: 'beta', label: 'Beta', unit: '' },
  { key: 'maxDrawdownPct', label: 'Max. drawdown', unit: '%' },
  { key: 'avgDrawdownPct', label: 'Avg. drawdown', unit: '%' },
  { key: 'maxDrawdownDurationDays', label: 'Max. drawdown duration', unit: 'd' },
  { key: 'avgDrawdownDurationDays', label: 'Avg. drawdown duration', unit: 'd' },
  { key: 'trades', label: '# Trades', unit: 'count' },
  { key: 'winRatePct', label: 'Win rate', unit: '%' },
  { key: 'bestTradePct', label: 'Best trade', unit: '%' },
  { key: 'worstTradePct', label: 'Worst trade', unit: '%' },
  { key: 'avgTradePct', label: 'Avg. trade', unit: '%' },
  { key: 'maxTradeDurationDays', label: 'Max. trade duration', unit: 'd' },
  { key: 'avgTradeDurationDays', label: 'Avg. trade duration', unit: 'd' },
  { key: 'profitFactor', label: 'Profit factor', unit: '' },
  { key: 'expectancyPct', label: 'Expectancy', unit: '%' },
  { key: 'sqn', label: 'SQN', unit: '' },
  { key: 'kelly', label: 'Kelly criterion', unit: '' },
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
