import type { ErrorCode } from '../../../electron/core/contract/index'

/** Fails to compile when a switch misses a case; throws if reached at run time. */
export function assertNever(value: never): never {
  throw new Error(`unhandled error code: ${String(value)}`)
}

/** A heading a trader understands, per error code (exhaustive: a new code fails to compile). */
export function errorTitle(code: ErrorCode): string {
  switch (code) {
    case 'invalid-input':
      return 'Some fields are not valid'
    case 'parse-error':
      return 'The file could not be read'
    case 'not-found':
      return 'Not found'
    case 'conflict':
      return 'This conflicts with existing data'
    case 'locked':
      return 'The data folder is in use'
    case 'unauthorized':
      return 'Not authorised'
    case 'cancelled':
      return 'Cancelled'
    case 'unavailable':
      return 'Not reachable'
    case 'schema-mismatch':
      return 'Database versions differ'
    case 'internal':
      return 'Something went wrong'
    default:
      return assertNever(code)
  }
}
