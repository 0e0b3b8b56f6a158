import type {
  AppEventName,
  AppEvents,
  Channel,
  DataDomain,
  ErrorCode,
  Out,
  RawIn,
  WireError,
  WireIssue,
  WireResult,
} from '../../../electron/core/contract/index'
import { createHttpTransport, takeToken } from './http-transport'
import { createIpcTransport } from './ipc-transport'
import type { Transport } from './transport'

/** A failed call rebuilt from its `WireError`, so callers can switch on `code`. */
export class ClientError extends Error {
  readonly code: ErrorCode
  readonly issues: WireIssue[] | undefined
  readonly details: Record<string, unknown> | undefined

  constructor(wire: WireError) {
    super(wire.message)
    this.name = 'ClientError'
    this.code = wire.code
    this.issues = wire.issues
    this.details = wire.details
  }

  /** Back to plain data, e.g. for `ErrorView`. */
  toWire(): WireError {
    return {
      code: this.code,
      message: this.message,
      ...(this.issues ? { issues: this.issues } : {}),
      ...(this.details ? { details: this.details } : {}),
    }
  }
}

/** Any thrown value as a `WireError`: `ClientError`s keep their code, the rest is `internal`. */
export function toWireError(err: unknown): WireError {
  if (err instanceof ClientError) return err.toWire()
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) }
}

// Electron's preload sets window.api; anywhere else we are a browser tab of the web host.
const transport: Transport = window.api
  ? createIpcTransport(window.api)
  : createHttpTransport(takeToken())

/** Which transport this window uses. */
export const transportKind = transport.kind

/** Calls a channel and returns its `WireResult` as is; never rejects. */
export async function callSafe<C extends Channel>(
  channel: C,
  input?: RawIn<C>,
): Promise<WireResult<Out<C>>> {
  return (await transport.invoke(channel, input)) as WireResult<Out<C>>
}

/** Calls a channel and returns its value; a `{ ok: false }` answer throws a `ClientError`. */
export async function call<C extends Channel>(channel: C, input?: RawIn<C>): Promise<Out<C>> {
  const result = await callSafe(channel, input)
  if (!result.ok) throw new ClientError(result.error)
  return result.value
}

/** Subscribes to a core event; returns the unsubscribe function. */
export function on<E extends AppEventName>(
  event: E,
  listener: (payload: AppEvents[E]) => void,
): () => void {
  return transport.on(event, listener)
}

/**
 * Subscribes to writes of any of `domains` (`data-changed`): the way every store refreshes what
 * it shows, whoever wrote it (this window, another window, a sync pull). `handler` gets the
 * domains of the write that it listens to. Returns the unsubscribe function.
 */
export function onDataChanged(
  domains: readonly DataDomain[],
  handler: (changed: DataDomain[]) => void,
): () => void {
  return transport.on('data-changed', ({ domains: written }) => {
    const changed = written.filter((domain) => domains.includes(domain))
    if (changed.length > 0) handler(changed)
  })
}
