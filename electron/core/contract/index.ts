import type { z } from 'zod'
import type { AppEventName, AppEvents } from './events'
import type { WireResult } from './errors'
import { systemInputs, type SystemHandlers } from './system'
import { syncInputs, type SyncHandlers } from './sync'
import { marketInputs, type MarketHandlers } from './market'
import { backtestInputs, type BacktestHandlers } from './backtest'
import { campaignInputs, type CampaignHandlers } from './campaigns'
import { journalInputs, type JournalHandlers } from './journal'
import { fillsInputs, type FillsHandlers } from './fills'

export * from './errors'
export * from './events'
export * from './system'
export * from './sync'
export * from './market'
export * from './backtest'
export * from './campaigns'
export * from './journal'
export * from './fills'
export type { InputOf } from './types'

/** Every channel's input schema. A channel is `'<domain>-<verb>[-<object>]'`. */
export const inputs = {
  ...systemInputs,
  ...syncInputs,
  ...marketInputs,
  ...backtestInputs,
  ...campaignInputs,
  ...journalInputs,
  ...fillsInputs,
}

/** Every channel's handler type. */
export type Handlers = SystemHandlers &
  SyncHandlers &
  MarketHandlers &
  BacktestHandlers &
  CampaignHandlers &
  JournalHandlers &
  FillsHandlers

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
