import type { CallerKind } from './contract/index'
import type { WireError, WireResult } from './contract/errors'

/** A credential-vault operation the core asks its shell to run (safeStorage lives there). */
export type VaultOp = 'save' | 'load' | 'clear'

/** Messages from a shell to the core host worker. */
export type HostRequest =
  | { type: 'invoke'; id: number; channel: string; input: unknown; caller: CallerKind }
  | { type: 'close' }
  | { type: 'vault-answer'; id: number; ok: true; value: string | null }
  | { type: 'vault-answer'; id: number; ok: false; message: string }

/** Messages from the core host worker to its shell. */
export type HostMessage =
  | { type: 'ready' }
  | { type: 'fatal'; error: WireError }
  | { type: 'result'; id: number; result: WireResult<unknown> }
  | { type: 'event'; event: string; payload: unknown }
  | { type: 'closed' }
  | { type: 'vault'; id: number; op: VaultOp; url?: string }

/**
 * What the shell passes to the worker at start. `hasVault`: the shell answers `vault` messages
 * (Electron's safeStorage), so the core installs a vault that forwards to it.
 */
export type HostWorkerData = { dataDir: string | null; hasVault?: boolean }
