import type { Bridge, Channel } from '../../../electron/core/contract/index'
import type { Transport } from './transport'

/** The Electron transport: the preload's `window.api` (one `rpc` and one `event` channel). */
export function createIpcTransport(bridge: Bridge): Transport {
  return {
    kind: 'ipc',
    invoke: (channel, input) => bridge.invoke(channel as Channel, input as never),
    on: (event, listener) => bridge.on(event, listener),
  }
}
