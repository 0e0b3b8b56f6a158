// The Electron transport: ONE `rpc` handle and ONE `event` channel. Every call is checked against
// the sending frame's URL before it reaches the core host.
import { ipcMain, webContents, type IpcMainInvokeEvent } from 'electron'
import type { WireResult } from '../core/contract/errors'
import type { CoreHost } from '../core/host-client'
import { isTrustedUrl } from './trusted-url'

/** A message on the `event` channel: the core event's name and payload. */
export type EventMessage = { event: string; payload: unknown }

/** Binds `rpc` to the core host and forwards every core event to every window. */
export function registerIpcTransport(core: CoreHost, devServerUrl?: string): () => void {
  ipcMain.handle('rpc', async (event: IpcMainInvokeEvent, channel: unknown, input: unknown) => {
    if (!isTrustedUrl(event.senderFrame?.url, devServerUrl)) {
      const refused: WireResult<never> = {
        ok: false,
        error: { code: 'unauthorized', message: 'Calls are accepted only from the Edgebook UI.' },
      }
      return refused
    }
    if (typeof channel !== 'string') {
      const bad: WireResult<never> = {
        ok: false,
        error: { code: 'invalid-input', message: 'The channel must be a string.' },
      }
      return bad
    }
    return core.invoke(channel, input, 'page')
  })
  const unsubscribe = core.onAny((event, payload) => {
    const message: EventMessage = { event, payload }
    for (const contents of webContents.getAllWebContents()) {
      if (!contents.isDestroyed() && isTrustedUrl(contents.getURL(), devServerUrl)) {
        contents.send('event', message)
      }
    }
  })
  return () => {
    unsubscribe()
    ipcMain.removeHandler('rpc')
  }
}
