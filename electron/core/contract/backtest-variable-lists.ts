import { z } from 'zod'
import type { InputOf } from './types'

/** Input schemas of the `variable-lists-*` channels: named values for grid axes. */
export const variableListInputs = {
  'variable-lists-list': z.object({}).strict().optional(),
  /** Saves a named list of values for grids (seed 004 `variable_lists`). */
  'variable-lists-save': z
    .object({
      id: z.uuid().optional(),
      name: z.string().trim().min(1).max(255),
      type: z.enum(['number', 'symbol']).default('number'),
      values: z
        .array(z.union([z.number(), z.string()]))
        .min(1)
        .max(100_000),
      description: z.string().max(2000).optional(),
    })
    .strict(),
  'variable-lists-delete': z.object({ id: z.uuid() }).strict(),
}

/** A saved variable list. */
export type VariableListDto = {
  id: string
  name: string
  type: string
  values: (number | string)[]
  description: string | null
  updatedAt: string
}

type In<K extends keyof typeof variableListInputs> = InputOf<typeof variableListInputs, K>

/** Handlers of the `variable-lists-*` channels. */
export type VariableListHandlers = {
  'variable-lists-list': (input: In<'variable-lists-list'>) => Promise<VariableListDto[]>
  'variable-lists-save': (input: In<'variable-lists-save'>) => Promise<VariableListDto>
  'variable-lists-delete': (input: In<'variable-lists-delete'>) => Promise<{ deleted: boolean }>
}
