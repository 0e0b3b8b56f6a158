import { describe, expect, it } from 'vitest'
import { type BacktestSpec } from '../../../../electron/core/domain/backtest'
import type { BarColumns } from '../../../../electron/core/domain/market/bars'
import { runSpec } from '../../../support/backtest'
import { loadBars } from '../../../support/reference-bars'

// Golden runs on slices of the reference engine's bundled series: full statistics and the first
// trades are pinned by snapshot, so any change to fills, costs or statistics shows up in review.

function head(b: BarColumns, n: number): BarColumns {
  return {
    time: b.time.subarray(0, n),
    open: b.open.subarray(0, n),
    high: b.high.subarray(0, n),
    low: b.low.subarray(0, n),
    close: b.close.subarray(0, n),
    volume: b.volume.subarray(0, n),
  }
}

const series = {
  goog: loadBars('GOOG'),
  eurusd: head(loadBars('EURUSD'), 2000),
  btcusd: loadBars('BTCUSD'),
}

const cases: [keyof typeof series, string, BacktestSpec][] = [
  [
    'goog',
    'sma-cross 10/20 commission .002 (README quick start)',
    {
      strategy: 'sma-cross',
      params: { fast: 10, slow: 20 },
      commission: 0.002,
      finalizeTrades: false,
    },
  ],
  ['goog', 'ema-cross 12/26 spread .001', { strategy: 'ema-cross', spread: 0.001 }],
  ['goog', 'rsi-reversion 14 30/70', { strategy: 'rsi-reversion' }],
  [
    'goog',
    'bollinger-reversion 20/2 with 5 % stop-loss',
    { strategy: 'bollinger-reversion', orders: { stopLossPct: 5 } },
  ],
  [
    'goog',
    'donchian-breakout 20/10 half the cash',
    { strategy: 'donchian-breakout', sizing: { type: 'fraction', value: 0.5 } },
  ],
  [
    'goog',
    'macd-trend 12/26/9 with ATR trailing stop',
    { strategy: 'macd-trend', orders: { trailingAtr: { period: 14, multiple: 3 } } },
  ],
  ['goog', 'buy-hold from 2008', { strategy: 'buy-hold', from: '2008-01-01', to: '2010-12-31' }],
  [
    'eurusd',
    'sma-cross 10/30 hourly, spread 0.0002, fractional',
    { strategy: 'sma-cross', spread: 0.0002, units: 'fractional', cash: 100_000 },
  ],
  [
    'eurusd',
    'rsi-reversion hourly with take-profit',
    { strategy: 'rsi-reversion', cash: 100_000, orders: { takeProfitPct: 0.5 } },
  ],
  [
    'btcusd',
    'sma-cross 3/6 monthly',
    { strategy: 'sma-cross', params: { fast: 3, slow: 6 }, cash: 1_000_000, commission: 0.001 },
  ],
  ['btcusd', 'buy-hold monthly', { strategy: 'buy-hold', cash: 1_000_000 }],
]

// Ten significant digits: a change in fills, costs or definitions moves far more than that,
// while reordering a float sum (which the engine may do for speed) does not.
function rounded(value: unknown): unknown {
  if (typeof value === 'number')
    return Number.isInteger(value) ? value : Number(value.toPrecision(10))
  if (Array.isArray(value)) return value.map(rounded)
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]))
  }
  return value
}

describe('golden backtests', () => {
  for (const [name, label, spec] of cases) {
    it(`${name}: ${label}`, () => {
      const r = runSpec(series[name], spec)
      const pinned = {
        stats: r.stats,
        firstTrades: r.trades.slice(0, 3),
        lastTrade: r.trades.at(-1) ?? null,
      }
      expect(rounded(pinned)).toMatchSnapshot()
    })
  }
})
