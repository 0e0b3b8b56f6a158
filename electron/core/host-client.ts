import { Worker } from 'node:worker_threads'
import type { CallerKind } from './contract/index'
import type { AppEventName, AppEvents } from './contract/events'
import type { WireError, WireResult } from './contract/errors'
import { fromWireError } from './errors'
import type { CredentialVault } from './sync/credentials'
import type { HostMessage, HostRequest, HostWorkerData } from './host-protocol'

/** A shell's handle on the core host worker: the same surface as an in-process registry. */
export type CoreHost = {
  /**
   * Runs a channel in the core; `caller` defaults to `page` (the shells that own a host serve
   * windows). Always resolves: after the core has stopped, at once with `unavailable`.
   */
  invoke(channel: string, input?: unknown, caller?: CallerKind): Promise<WireResult<unknown>>
  on<E extends AppEventName>(event: E, listener: (payload: AppEvents[E]) => void): () => void
  onAny(listener: (event: string, payload: unknown) => void): () => void
  /**
   * Called once if the core worker dies without being asked to close (a crash, an exit). The
   * failure is already logged to stderr and every pending call answered; the shell decides
   * whether to restart or exit.
   */
  onCrash(listener: (error: WireError) => void): () => void
  close(): Promise<void>
}

/**
 * Starts the core host worker from `entry` (the bundled `host.js`, or `host.ts` with a TypeScript
 * loader in `execArgv`) and resolves once the data dir is open and migrated. A `locked` data dir
 * or a failed migration rejects with the rebuilt `AppError`. With `vault` (Electron's
 * safeStorage vault) the core keeps the sync URL through it.
 */
export function startCoreHost(
  entry: URL,
  data: HostWorkerData,
  options: { execArgv?: string[]; vault?: CredentialVault } = {},
): Promise<CoreHost> {
  const { vault } = options
  const worker = new Worker(entry, {
    workerData: { ...data, hasVault: vault !== undefined },
    ...(options.execArgv ? { execArgv: options.execArgv } : {}),
  })
  const pending = new Map<number, (result: WireResult<unknown>) => void>()
  const listeners = new Set<(event: string, payload: unknown) => void>()
  const crashListeners = new Set<(error: WireError) => void>()
  let nextId = 1
  let closing: Promise<void> | null = null
  // Set once the worker is gone: every later call is answered at once instead of hanging.
  let stopped: WireError | null = null
  let crashError: WireError | null = null

  const failAll = (error: WireError): void => {
    for (const resolve of pending.values()) resolve({ ok: false, error })
    pending.clear()
  }

  const answerVault = (message: Extract<HostMessage, { type: 'vault' }>): void => {
    const { id } = message
    const reply = (answer: HostRequest): void => {
      if (!stopped) worker.postMessage(answer)
    }
    const run = async (): Promise<string | null> => {
      if (!vault) throw new Error('This shell has no credential vault.')
      if (message.op === 'load') return vault.load()
      if (message.op === 'clear') await vault.clear()
      else await vault.save(message.url ?? '')
      return null
    }
    run().then(
      (value) => reply({ type: 'vault-answer', id, ok: true, value }),
      (err: unknown) =>
        reply({
          type: 'vault-answer',
          id,
          ok: false,
          message: err instanceof Error ? err.message : String(err),
        }),
    )
  }

  return new Promise<CoreHost>((resolveHost, rejectHost) => {
    let ready = false
    worker.on('error', (err) => {
      // An uncaught exception in the core: say so loudly, once, with the stack.
      console.error('[edgebook] the core host crashed:', err)
      crashError = { code: 'internal', message: `The core host crashed: ${err.message}` }
      failAll(crashError)
      if (!ready) rejectHost(fromWireError(crashError))
    })
    worker.on('exit', (code) => {
      const isExpected = closing !== null
      stopped = isExpected
        ? { code: 'unavailable', message: 'The core host has stopped.' }
        : (crashError ?? {
            code: 'internal',
            message: `The core host stopped unexpectedly (exit code ${code}).`,
          })
      if (!isExpected && !crashError) {
        console.error(`[edgebook] the core host stopped unexpectedly (exit code ${code})`)
      }
      failAll(stopped)
      if (!ready) {
        rejectHost(fromWireError(stopped))
        return
      }
      if (!isExpected) {
        const error: WireError = {
          code: 'unavailable',
          message: `The core has stopped (${stopped.message}); restart Edgebook.`,
        }
        stopped = error
        for (const listener of crashListeners) listener(error)
      }
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
        case 'vault':
          answerVault(message)
          break
      }
    })

    const host: CoreHost = {
      invoke(channel, input, caller = 'page') {
        if (stopped) return Promise.resolve({ ok: false, error: stopped })
        if (closing) {
          return Promise.resolve({
            ok: false,
            error: { code: 'unavailable', message: 'the core host is closing' },
          })
        }
        const id = nextId++
        return new Promise((resolve) => {
          pending.set(id, resolve)
          const request: HostRequest = { type: 'invoke', id, channel, input, caller }
          try {
            worker.postMessage(request)
          } catch (err) {
            // An input that cannot be cloned never reaches the core.
            pending.delete(id)
            resolve({
              ok: false,
              error: {
                code: 'invalid-input',
                message: `The input cannot be sent to the core: ${(err as Error).message}`,
              },
            })
          }
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
      onCrash(listener) {
        crashListeners.add(listener)
        return () => crashListeners.delete(listener)
      },
      close() {
        if (stopped && !closing) closing = Promise.resolve()
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
