import { ErrorCode, isErrorCode, type WireError, type WireIssue } from './contract/errors'
import type { DomainError } from './domain/result'

/** An expected failure with a code from the closed set; it crosses boundaries as `WireError`. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly issues: WireIssue[] | undefined
  readonly details: Record<string, unknown> | undefined

  constructor(
    code: ErrorCode,
    message: string,
    extra: { issues?: WireIssue[]; details?: Record<string, unknown> } = {},
  ) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.issues = extra.issues
    this.details = extra.details
  }
}

/**
 * Turns any thrown value into a cloneable `WireError`. `AppError`s keep their code; everything
 * else becomes `internal` (the message is kept, the stack only outside production).
 */
export function toWireError(err: unknown): WireError {
  if (err instanceof AppError) {
    const wire: WireError = { code: err.code, message: err.message }
    if (err.issues) wire.issues = err.issues
    if (err.details) wire.details = err.details
    return wire
  }
  if (isWireError(err)) return err
  const message = err instanceof Error ? err.message : String(err)
  const wire: WireError = { code: ErrorCode.Internal, message }
  if (err instanceof Error && err.stack && process.env.NODE_ENV !== 'production') {
    wire.details = { stack: err.stack }
  }
  return wire
}

/**
 * The contract error for an expected domain failure (a `Result`'s error): its code when the
 * contract knows it, else `internal`.
 */
export function toAppError(error: DomainError): AppError {
  const code = isErrorCode(error.code) ? error.code : ErrorCode.Internal
  return new AppError(code, error.message, error.issues ? { issues: error.issues } : {})
}

/** Rebuilds an `AppError` from a `WireError` received over a transport. */
export function fromWireError(wire: WireError): AppError {
  const extra: { issues?: WireIssue[]; details?: Record<string, unknown> } = {}
  if (wire.issues) extra.issues = wire.issues
  if (wire.details) extra.details = wire.details
  return new AppError(wire.code, wire.message, extra)
}

function isWireError(value: unknown): value is WireError {
  return (
    typeof value === 'object' &&
    value !== null &&
    isErrorCode((value as { code?: unknown }).code) &&
    typeof (value as { message?: unknown }).message === 'string'
  )
}
