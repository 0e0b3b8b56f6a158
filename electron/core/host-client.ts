import { Worker } from 'node:worker_threads'
import type { AppEventName, AppEvents } from './contract/events'
import type { WireError, WireResult } from './contract/errors'
import { fromWireError } from './errors'
import type { HostMessage, HostRequest, HostWorkerData } from './host-protocol'

/** A shell's handle on the core host worker: the same surface as an in-process registry. */
export type CoreHost = {
  invoke(channel: string, input?: unknown): Promise<WireResult<unknown>>
  on<E extends AppEventName>(event: E, listener: (payload: AppEvents[E]) => void): () => void
  onAny(listener: (event: string, payload: unknown) => void): () => void
  close(): Promise<void>
}

/**
 * Starts the core host worker from `entry` (the bundled `host.js`, or `host.ts` with a TypeScript
 * loader in `execArgv`) and resolves once the data dir is open and migrated. A `locked` data dir
 * or a failed migration rejects with the rebuilt `AppError`.
 */
export function startCoreHost(
  entry: URL,
  data: HostWorkerData,
  options: { execArgv?: string[] } = {},
): Promise<CoreHost> {
  const worker = new Worker(entry, {
    workerData: data,
    ...(options.execArgv ? { execArgv: options.execArgv } : {}),
  })
  const pending = new Map<number, (result: WireResult<unknown>) => void>()
  const listeners = new Set<(event: string, payload: unknown) => void>()
  let nextId = 1
  let closing: Promise<void> | null = null

  const failAll = (error: WireError): void => {
    for (const resolve of pending.values()) resolve({ ok: false, error })
    pending.clear()
  }

  return new Promise<CoreHost>((resolveHost, rejectHost) => {
    let ready = false
    worker.on('error', (err) => {
      const error: WireError = { code: 'internal', message: `core host crashed: ${err.message}` }
      failAll(error)
      if (!ready) rejectHost(fromWireError(error))
    })
    worker.on('exit', () => {
      failAll({ code: 'unavailable', message: 'the core host has stopped' })
    })
    worker.on('message', (message: HostMessage) => {
      switch (message.type) {
        case 'ready':
          ready = true
          resolveHost(host)
          break
        case 'fatal':
          void worker.terminate()
          rejectHost(fromWireError(message.error))
          break
        case 'result': {
          const resolve = pending.get(message.id)
          pending.delete(message.id)
          resolve?.(message.result)
          break
        }
        case 'event':
          for (const listener of listeners) listener(message.event, message.payload)
          break
        case 'closed':
          break
      }
    })

    const host: CoreHost = {
      invoke(channel, input) {
        if (closing) {
          return Promise.resolve({
            ok: false,
            error: { code: 'unavailable', message: 'the core host is closing' },
          })
        }
        const id = nextId++
        return new Promise((resolve) => {
          pending.set(id, resolve)
          const request: HostRequest = { type: 'invoke', id, channel, input }
          worker.postMessage(request)
        })
      },
      on(event, listener) {
        const wrapped = (name: string, payload: unknown): void => {
          if (name === event) listener(payload as AppEvents[typeof event])
        }
        listeners.add(wrapped)
        return () => listeners.delete(wrapped)
      },
      onAny(listener) {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
      close() {
        closing ??= new Promise<void>((resolve) => {
          worker.once('exit', () => resolve())
          const request: HostRequest = { type: 'close' }
          worker.postMessage(request)
        })
        return closing
      },
    }
  })
}
