import { z } from 'zod'
import type { StrategyFamily } from '../domain/probes/catalogue'
import type { EntryMatch, FamilyScore } from '../domain/probes/implied-family'
import { backtestSpecFields, rulesStrategySchema } from './backtest-spec'
import { symbolSchema, timeframeSchema } from './market'
import type { InputOf } from './types'

/** Input schemas of the strategy channels: the catalogue and the user's rule strategies. */
export const strategyInputs = {
  /** The built-in catalogue and the user's saved rule strategies. */
  'strategies-list': z.object({}).strict().optional(),
  /** Saves a user rule strategy (seed 004 `elements`), validated with every problem named. */
  'strategy-save': z
    .object({
      id: z.uuid().optional(),
      name: z.string().trim().min(1).max(200),
      description: z.string().max(2000).optional(),
      rules: rulesStrategySchema,
    })
    .strict(),
  'strategy-delete': z.object({ id: z.uuid() }).strict(),
  /**
   * The catalogue family a strategy behaves like (its per-bar returns against every catalogue
   * entry's on the same stored bars), stored on a saved strategy (`user:<id>`).
   */
  'strategy-family': z
    .object({
      strategy: backtestSpecFields.strategy,
      timeframe: timeframeSchema.default('1Day'),
      symbols: z.array(symbolSchema).min(1).max(20).optional(),
      maxSymbols: z.number().int().min(1).max(20).default(5),
    })
    .strict(),
}

/** A built-in strategy parameter. */
export type ParamSpecDto = {
  name: string
  default: number
  min: number
  max: number
  step: number
  description: string
}

/** Answer of `strategies-list`. */
export type StrategiesDto = {
  builtin: { name: string; description: string; params: ParamSpecDto[] }[]
  user: {
    id: string
    name: string
    description: string | null
    rules: Record<string, unknown>
    /** The catalogue family it behaves like, as `strategy-family` last stored it (null: none). */
    impliedFamily: string | null
    updatedAt: string
  }[]
}

/** Answer of `strategy-family`: the implied family (null: none lines up) and how it was found. */
export type StrategyFamilyDto = {
  strategy: string
  strategyId: string | null
  family: StrategyFamily | null
  score: number
  families: FamilyScore[]
  matches: EntryMatch[]
  samples: number
  symbols: string[]
  entries: number
  skipped: string[]
}

type In<K extends keyof typeof strategyInputs> = InputOf<typeof strategyInputs, K>

/** Handlers of the `strategies-list` and `strategy-*` channels. */
export type StrategyHandlers = {
  'strategies-list': (input: In<'strategies-list'>) => Promise<StrategiesDto>
  'strategy-save': (input: In<'strategy-save'>) => Promise<StrategiesDto['user'][number]>
  'strategy-delete': (input: In<'strategy-delete'>) => Promise<{ deleted: boolean }>
  'strategy-family': (input: In<'strategy-family'>) => Promise<StrategyFamilyDto>
}
