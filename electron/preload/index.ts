// The only bridge between the sandboxed renderer and the main process: `window.api` with
// `invoke` and `on`, nothing else (no ipcRenderer, no Node).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { Bridge } from '../core/contract/index'

type EventMessage = { event: string; payload: unknown }

const api: Bridge = {
  invoke: (channel, input) => ipcRenderer.invoke('rpc', channel, input) as never,
  on(event, listener) {
    const wrapped = (_e: IpcRendererEvent, message: EventMessage): void => {
      if (message.event === event) listener(message.payload as never)
    }
    ipcRenderer.on('event', wrapped)
    return () => {
      ipcRenderer.removeListener('event', wrapped)
    }
  },
}

contextBridge.exposeInMainWorld('api', api)
