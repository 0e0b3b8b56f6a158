import { probeStrategies } from '../../db/schema/index'
import type { Handle } from '../../db/query'
import type { CatalogueDetails, CatalogueEntry } from '../../electron/core/domain/probes/catalogue'

// A handful of catalogue entries in today's rule language, for probe-run tests: they stand in for
// the shipped catalogue (seeded elsewhere), so these tests insert their own rows.

const param = (name: string, dflt: number, min: number, max: number) =>
  ({ type: 'param', name, default: dflt, min, max, step: 1 }) as const

/** Five entries over four families. */
export const probeFixtures: CatalogueEntry[] = [
  {
    name: 'fixture-sma-cross',
    displayName: 'SMA 10/30 cross',
    philosophy: 'Trends persist: a fast average above a slow one rides them.',
    strategyType: 'trend',
    direction: 'long',
    source: 'Brock, Lakonishok & LeBaron, J. of Finance 47(5), 1992: moving-average rules',
    rules: {
      name: 'fixture-sma-cross',
      elements: [
        param('fast', 10, 2, 100),
        param('slow', 30, 3, 300),
        { type: 'indicator', id: 'f', indicator: 'sma', params: { period: '$fast' } },
        { type: 'indicator', id: 's', indicator: 'sma', params: { period: '$slow' } },
        {
          type: 'entry',
          side: 'long',
          when: { type: 'cross', left: 'f', direction: 'above', right: 's' },
        },
        {
          type: 'exit',
          side: 'long',
          when: { type: 'cross', left: 'f', direction: 'below', right: 's' },
        },
      ],
    },
  },
  {
    name: 'fixture-donchian-breakout',
    displayName: 'Donchian 20 breakout',
    philosophy: 'A close beyond the recent range starts a move.',
    strategyType: 'breakout',
    direction: 'long',
    source: 'Donchian, Commodity Year Book, 1960; the Turtle system 1',
    rules: {
      name: 'fixture-donchian-breakout',
      elements: [
        param('period', 20, 5, 100),
        { type: 'indicator', id: 'dc', indicator: 'donchian', params: { period: '$period' } },
        {
          type: 'entry',
          side: 'long',
          when: { type: 'compare', left: 'close', op: '>', right: { ref: 'dc.upper', offset: 1 } },
        },
        {
          type: 'exit',
          side: 'long',
          when: { type: 'compare', left: 'close', op: '<', right: { ref: 'dc.lower', offset: 1 } },
        },
      ],
    },
    orders: { stopLossPct: 8 },
  },
  {
    name: 'fixture-rsi2',
    displayName: 'RSI(2) pullback',
    philosophy: 'Sharp short pullbacks in an uptrend snap back.',
    strategyType: 'mean_reversion',
    direction: 'long',
    source: 'Connors & Alvarez, Short Term Trading Strategies That Work, 2009, ch. 9',
    rules: {
      name: 'fixture-rsi2',
      elements: [
        { type: 'indicator', id: 'r', indicator: 'rsi', params: { period: 2 } },
        { type: 'indicator', id: 't', indicator: 'sma', params: { period: 200 } },
        { type: 'indicator', id: 'x', indicator: 'sma', params: { period: 5 } },
        {
          type: 'entry',
          side: 'long',
          when: {
            type: 'and',
            conditions: [
              { type: 'compare', left: 'close', op: '>', right: 't' },
              { type: 'compare', left: 'r', op: '<', right: 10 },
            ],
          },
        },
        {
          type: 'exit',
          side: 'long',
          when: { type: 'compare', left: 'close', op: '>', right: 'x' },
        },
      ],
    },
  },
  {
    name: 'fixture-bollinger-reversion',
    displayName: 'Bollinger 20/2 reversion',
    philosophy: 'Closes outside two standard deviations tend to return to the mean.',
    strategyType: 'mean_reversion',
    direction: 'long',
    source: 'Bollinger, Bollinger on Bollinger Bands, 2001',
    rules: {
      name: 'fixture-bollinger-reversion',
      elements: [
        { type: 'indicator', id: 'bb', indicator: 'bollinger', params: { period: 20, k: 2 } },
        {
          type: 'entry',
          side: 'long',
          when: { type: 'cross', left: 'close', direction: 'below', right: 'bb.lower' },
        },
        {
          type: 'exit',
          side: 'long',
          when: { type: 'cross', left: 'close', direction: 'above', right: 'bb.middle' },
        },
      ],
    },
  },
  {
    name: 'fixture-macd-cross',
    displayName: 'MACD 12/26/9 cross',
    philosophy: 'Momentum turning up, measured by MACD over its signal line, continues.',
    strategyType: 'momentum',
    direction: 'long',
    source: 'Appel, Technical Analysis: Power Tools for Active Investors, 2005',
    rules: {
      name: 'fixture-macd-cross',
      elements: [
        {
          type: 'indicator',
          id: 'm',
          indicator: 'macd',
          params: { fast: 12, slow: 26, signal: 9 },
        },
        {
          type: 'entry',
          side: 'long',
          when: { type: 'cross', left: 'm.macd', direction: 'above', right: 'm.signal' },
        },
        {
          type: 'exit',
          side: 'long',
          when: { type: 'cross', left: 'm.macd', direction: 'below', right: 'm.signal' },
        },
      ],
    },
  },
]

/**
 * Inserts catalogue entries into `strategy.probe_strategies` as the seeding would, in place of the
 * shipped catalogue the core seeded at open (its rows become inactive); answers their ids by name.
 */
export async function insertProbeFixtures(
  db: Handle,
  entries: readonly CatalogueEntry[] = probeFixtures,
): Promise<Map<string, number>> {
  await db.update(probeStrategies).set({ isActive: false })
  const rows = await db
    .insert(probeStrategies)
    .values(
      entries.map((e) => ({
        name: e.name,
        displayName: e.displayName,
        philosophy: e.philosophy,
        strategyType: e.strategyType,
        direction: e.direction,
        details: {
          catalogueVersion: 1,
          source: e.source,
          rules: e.rules,
          ...(e.orders ? { orders: e.orders } : {}),
        } satisfies CatalogueDetails,
      })),
    )
    .returning({ id: probeStrategies.id, name: probeStrategies.name })
  return new Map(rows.map((r) => [r.name, r.id]))
}
