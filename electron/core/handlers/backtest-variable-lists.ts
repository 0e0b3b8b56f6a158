import {
  deleteVariableList,
  listVariableLists,
  upsertVariableList,
} from '../../../db/repos/batch-repo'
import { uuidv7 } from '../../../db/uuidv7'
import type { VariableListHandlers } from '../contract/backtest-variable-lists'
import { ErrorCode } from '../contract/errors'
import type { Deps } from '../deps'
import { AppError } from '../errors'

/** The `variable-lists-*` channels: named values for grid axes. */
export function variableListHandlers(deps: Deps): VariableListHandlers {
  return {
    'variable-lists-list': async () => listVariableLists(deps.db),

    'variable-lists-save': async (input) => {
      if (input.type === 'number' && input.values.some((v) => typeof v !== 'number')) {
        throw new AppError(ErrorCode.InvalidInput, 'A number list holds only numbers', {
          issues: [{ path: ['values'], message: 'non-number in a number list' }],
        })
      }
      return upsertVariableList(deps.db, {
        id: input.id ?? uuidv7(),
        name: input.name,
        type: input.type,
        values: input.values,
        description: input.description ?? null,
      })
    },

    'variable-lists-delete': async (input) => {
      const deleted = await deleteVariableList(deps.db, input.id)
      if (!deleted) throw new AppError(ErrorCode.NotFound, `No variable list ${input.id}`)
      return { deleted }
    },
  }
}
