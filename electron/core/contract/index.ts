import type { z } from 'zod'
import type { AppEventName, AppEvents } from './events'
import type { WireResult } from './errors'
import { systemInputs, type SystemHandlers } from './system'
import { syncInputs, type SyncHandlers } from './sync'
import { marketCliOnlyFields, marketInputs, type MarketHandlers } from './market'
import { backtestInputs, type BacktestHandlers } from './backtest'
import { batchInputs, type BatchHandlers } from './backtest-batch'
import { strategyInputs, type StrategyHandlers } from './backtest-strategy'
import { variableListInputs, type VariableListHandlers } from './backtest-variable-lists'
import { campaignInputs, type CampaignHandlers } from './campaigns'
import { journalInputs, type JournalHandlers } from './journal'
import { fillsCliOnlyFields, fillsInputs, type FillsHandlers } from './fills'
import { fileInputs, type FileHandlers } from './file'
import { overfitInputs, type OverfitHandlers } from './overfit'
import { probeRunInputs, type ProbeRunHandlers } from './probes'
import { optimiseInputs, type OptimiseHandlers } from './optimise'
import { probesInputs, type ProbesHandlers } from './probes'

export * from './errors'
export * from './events'
export * from './system'
export * from './sync'
export * from './market'
export * from './backtest'
export * from './backtest-batch'
export * from './backtest-strategy'
export * from './backtest-variable-lists'
export * from './campaigns'
export * from './journal'
export * from './fills'
export * from './file'
export * from './overfit'
export * from './probes'
export * from './optimise'
export type { InputOf } from './types'

/** Every channel's input schema. A channel is `'<domain>-<verb>[-<object>]'`. */
export const inputs = {
  ...systemInputs,
  ...syncInputs,
  ...marketInputs,
  ...backtestInputs,
  ...batchInputs,
  ...strategyInputs,
  ...variableListInputs,
  ...campaignInputs,
  ...journalInputs,
  ...fillsInputs,
  ...fileInputs,
  ...overfitInputs,
  ...probeRunInputs,
  ...optimiseInputs,
  ...probesInputs,
}

/**
 * Who is calling: `cli` is the command line (and in-process tests), acting as the user in a
 * shell; `page` is whatever runs in a window (the browser host's `/rpc`, Electron's IPC), which
 * must not reach beyond what the user hands it (no file paths, no endpoints).
 */
export type CallerKind = 'cli' | 'page'

/**
 * Input fields only a `cli` caller may send, per channel. A `page` call that carries one is
 * refused with `unauthorized` before parsing. Every input field that names a file or folder on
 * this machine belongs here (a test scans the schemas for such names).
 */
export const cliOnlyFields: { readonly [C in keyof typeof inputs]?: readonly string[] } = {
  ...fillsCliOnlyFields,
  ...marketCliOnlyFields,
}

/** Every channel's handler type. */
export type Handlers = SystemHandlers &
  SyncHandlers &
  MarketHandlers &
  BacktestHandlers &
  BatchHandlers &
  StrategyHandlers &
  VariableListHandlers &
  CampaignHandlers &
  JournalHandlers &
  FillsHandlers &
  FileHandlers &
  OverfitHandlers &
  ProbeRunHandlers &
  OptimiseHandlers &
  ProbesHandlers

export type Channel = keyof Handlers & keyof typeof inputs
/** The raw (pre-parse) input a caller sends on channel `C`. */
export type RawIn<C extends Channel> = z.input<(typeof inputs)[C]>
/** The parsed input a handler receives on channel `C`. */
export type In<C extends Channel> = Parameters<Handlers[C]>[0]
/** What channel `C` answers with. */
export type Out<C extends Channel> = Awaited<ReturnType<Handlers[C]>>

/** The whole surface a renderer sees: `window.api` in Electron, the HTTP client in a browser. */
export type Bridge = {
  invoke<C extends Channel>(channel: C, input?: RawIn<C>): Promise<WireResult<Out<C>>>
  on<E extends AppEventName>(event: E, listener: (payload: AppEvents[E]) => void): () => void
}
