/**
 * The one outcome shape of a domain function that can fail for expected reasons (STYLE §7.4).
 * The domain never throws `AppError`: a service or handler turns `{ ok: false }` into one.
 */
export type Result<T, E = DomainError> = { ok: true; value: T } | { ok: false; error: E }

/**
 * An expected domain failure as plain data: a kebab-case `code` a caller maps to an error code of
 * the contract, a message, and where the input was wrong when that is known.
 */
export type DomainError = {
  code: string
  message: string
  issues?: { path: (string | number)[]; message: string }[]
}

/** Wraps a success. */
export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value }
}

/** Wraps an expected failure. */
export function err<E>(error: E): { ok: false; error: E } {
  return { ok: false, error }
}
