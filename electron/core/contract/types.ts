import type { z } from 'zod'

/** The parsed (output) type of channel `K` in an input map `M`. */
export type InputOf<M, K extends keyof M> = M[K] extends z.ZodType ? z.output<M[K]> : never
