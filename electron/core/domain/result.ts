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

/**
 * A `DomainError` thrown where a `Result` cannot travel: deep inside a run's preparation, which
 * grids repeat per variant and callers treat as all-or-nothing. The boundary (`toWireError`)
 * turns it into the contract error with the same code, message and issues.
 */
export class DomainFailure extends Error {
  readonly error: DomainError
  /** The error's code and issues, also on the thrown value as `AppError` has them. */
  readonly code: string
  readonly issues: DomainError['issues']

  constructor(error: DomainError) {
    super(error.message)
    this.name = 'DomainFailure'
    this.error = error
    this.code = error.code
    this.issues = error.issues
  }
}
