import type { AppEventName, AppEvents, WireResult } from '../../../electron/core/contract/index'

/** What the client needs from a transport: untyped at this layer, typed by `client.ts`. */
export type Transport = {
  /** Which door the renderer talks through, shown in the status bar. */
  readonly kind: 'ipc' | 'http'
  invoke(channel: string, input: unknown): Promise<WireResult<unknown>>
  on<E extends AppEventName>(event: E, listener: (payload: AppEvents[E]) => void): () => void
}
