import { z } from 'zod'
import { rulesStrategySchema } from './backtest-spec'
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
    updatedAt: string
  }[]
}

type In<K extends keyof typeof strategyInputs> = InputOf<typeof strategyInputs, K>

/** Handlers of the `strategies-list` and `strategy-*` channels. */
export type StrategyHandlers = {
  'strategies-list': (input: In<'strategies-list'>) => Promise<StrategiesDto>
  'strategy-save': (input: In<'strategy-save'>) => Promise<StrategiesDto['user'][number]>
  'strategy-delete': (input: In<'strategy-delete'>) => Promise<{ deleted: boolean }>
}
