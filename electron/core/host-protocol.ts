import type { CallerKind } from './contract/index'
import type { WireError, WireResult } from './contract/errors'

/** Messages from a shell to the core host worker. */
export type HostRequest =
  | { type: 'invoke'; id: number; channel: string; input: unknown; caller: CallerKind }
  | { type: 'close' }

/** Messages from the core host worker to its shell. */
export type HostMessage =
  | { type: 'ready' }
  | { type: 'fatal'; error: WireError }
  | { type: 'result'; id: number; result: WireResult<unknown> }
  | { type: 'event'; event: string; payload: unknown }
  | { type: 'closed' }

/** What the shell passes to the worker at start. */
export type HostWorkerData = { dataDir: string | null }
