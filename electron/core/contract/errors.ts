/**
 * The closed set of error codes that cross every boundary (IPC, HTTP, CLI). Values are kebab-case
 * and plain data: Electron's `invoke` drops error classes and fields, so codes travel as strings.
 */
export const ErrorCode = {
  /** The input failed its channel's schema; `issues` carries the field paths. */
  InvalidInput: 'invalid-input',
  /** A file or payload could not be parsed; `details` names file, line and field. */
  ParseError: 'parse-error',
  /** The thing asked for does not exist. */
  NotFound: 'not-found',
  /** The change conflicts with stored state (duplicate, stale version, ledger rule). */
  Conflict: 'conflict',
  /** Another process holds the data directory. */
  Locked: 'locked',
  /** The caller lacks the per-launch token or came from a foreign origin. */
  Unauthorized: 'unauthorized',
  /** Long work stopped at the user's request. */
  Cancelled: 'cancelled',
  /** A remote server or resource cannot be reached. */
  Unavailable: 'unavailable',
  /** Local and remote schema versions differ. */
  SchemaMismatch: 'schema-mismatch',
  /** Anything unexpected: a bug. Logged once by the registry. */
  Internal: 'internal',
} as const

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]

/** One validation problem: where (`path` into the input) and what. */
export type WireIssue = { path: (string | number)[]; message: string }

/** An error as plain JSON, safe to clone, post and serialise. */
export type WireError = {
  code: ErrorCode
  message: string
  issues?: WireIssue[]
  details?: Record<string, unknown>
}

/** What `registry.invoke` always resolves to: it never rejects. */
export type WireResult<T> = { ok: true; value: T } | { ok: false; error: WireError }

const codes = new Set<string>(Object.values(ErrorCode))

/** True when `value` is one of the closed error codes. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && codes.has(value)
}
