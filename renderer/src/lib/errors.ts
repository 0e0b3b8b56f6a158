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

/** What the user can do about an error, where there is something to do; otherwise null. */
export function errorHint(code: ErrorCode): string | null {
  switch (code) {
    case 'unauthorized':
      return 'This tab has no valid access token for the running Edgebook. Open the address the web host printed (it ends in #token=…).'
    case 'locked':
      return 'Another Edgebook window or process is using this data folder. Close it, or open a different data folder.'
    case 'unavailable':
      return 'Check that Edgebook is still running, then try again.'
    case 'schema-mismatch':
      return 'Update Edgebook on every device that syncs to this server.'
    case 'invalid-input':
    case 'parse-error':
    case 'not-found':
    case 'conflict':
    case 'cancelled':
    case 'internal':
      return null
    default:
      return assertNever(code)
  }
}
