const LABELS: Record<string, string> = {
  trend: 'Trend following',
  breakout: 'Breakout',
  momentum: 'Momentum',
  mean_reversion: 'Mean reversion',
  volatility: 'Volatility',
  volume: 'Volume',
  pattern: 'Pattern',
  seasonal: 'Seasonal',
}

/** A catalogue family's name in words. */
export function familyLabel(family: string): string {
  return LABELS[family] ?? family
}
