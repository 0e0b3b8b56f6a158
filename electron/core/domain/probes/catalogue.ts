// The probe catalogue as plain types: about a hundred named strategies shipped as data in
// `resources/catalogue/`, seeded into `strategy.probe_strategies` and run by probe jobs. Each
// entry's rule is written in the rule language of `../backtest/rules.ts`; its parameters are the
// rule's `param` elements, so a grid, a random search or a genetic algorithm can vary them.

import type { Orders, RulesStrategyInput } from '../backtest/spec'

/** Strategy families of the catalogue (`strategy_probe_strategies.strategy_type`). */
export const STRATEGY_FAMILIES = [
  'trend',
  'breakout',
  'momentum',
  'mean_reversion',
  'volatility',
  'volume',
  'pattern',
  'seasonal',
] as const

/** One family of the catalogue. */
export type StrategyFamily = (typeof STRATEGY_FAMILIES)[number]

/** Which sides an entry trades. */
export type CatalogueDirection = 'long' | 'short' | 'both'

/** One named strategy of the catalogue. */
export type CatalogueEntry = {
  /** Unique, kebab-case, stable across catalogue versions (results refer to it). */
  name: string
  displayName: string
  /** One sentence: why it might work. */
  philosophy: string
  strategyType: StrategyFamily
  direction: CatalogueDirection
  /** The published source the rule is taken from (author, title, year; section where useful). */
  source: string
  /** The full rule; its `param` elements carry defaults and ranges. */
  rules: RulesStrategyInput
  /** Stops, targets and entry orders attached to every entry (percent units), if any. */
  orders?: Partial<Orders> | undefined
}

/** A versioned catalogue: a new version updates the table and keeps old results readable. */
export type Catalogue = { version: number; strategies: CatalogueEntry[] }

/** What `probe_strategies.details` holds for an entry. */
export type CatalogueDetails = {
  catalogueVersion: number
  source: string
  rules: RulesStrategyInput
  orders?: Partial<Orders> | undefined
}
