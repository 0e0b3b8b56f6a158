import {
  deleteUserStrategy,
  listUserStrategies,
  upsertUserStrategy,
} from '../../../db/repos/backtest-repo'
import { uuidv7 } from '../../../db/uuidv7'
import type { StrategyHandlers } from '../contract/backtest-strategy'
import { ErrorCode } from '../contract/errors'
import type { Deps } from '../deps'
import { checkRulesStrategy, strategyCatalogue } from '../domain/backtest'
import { AppError } from '../errors'
import { detectImpliedFamily } from '../services/probes/implied-family'

/** The strategy channels: the built-in catalogue and the user's saved rule strategies. */
export function strategyHandlers(deps: Deps): StrategyHandlers {
  return {
    'strategies-list': async () => ({
      builtin: strategyCatalogue.map((s) => ({
        name: s.name,
        description: s.description,
        params: s.params,
      })),
      user: await listUserStrategies(deps.db),
    }),

    'strategy-save': async (input) => {
      const check = checkRulesStrategy({ ...input.rules, name: input.name })
      if (!check.ok) {
        const { message, issues } = check.error
        throw new AppError(ErrorCode.InvalidInput, message, {
          issues: issues.map((i) => ({ path: ['rules', ...i.path], message: i.message })),
        })
      }
      const saved = await upsertUserStrategy(deps.db, {
        id: input.id ?? uuidv7(),
        name: input.name,
        description: input.description ?? null,
        rules: check.value,
      })
      deps.emit('data-changed', { domains: ['strategy'] })
      return saved
    },

    'strategy-delete': async (input) => {
      const deleted = await deleteUserStrategy(deps.db, input.id)
      if (!deleted) throw new AppError(ErrorCode.NotFound, `No saved strategy ${input.id}`)
      return { deleted }
    },

    'strategy-family': (input) => detectImpliedFamily(deps, input),
  }
}
