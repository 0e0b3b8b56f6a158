import type { z } from 'zod'

/** The parsed (output) type of channel `K` in an input map `M`. */
export type InputOf<M, K extends keyof M> = M[K] extends z.ZodType ? z.output<M[K]> : never

/**
 * `true` when `A` and `B` are the same type, field for field (each assignable to the other, with
 * the same optionality); for compile-time checks that a contract type mirrors a domain type.
 */
export type Same<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
