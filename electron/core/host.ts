// The core host: a worker thread that owns PGlite and the registry. PGlite is single-connection
// and a long query blocks its thread, so it never runs on the thread that answers the window.
import { parentPort, workerData } from 'node:worker_threads'
import { openCore, type Core } from './core'
import type { WireResult } from './contract/errors'
import { toWireError } from './errors'
import type { HostMessage, HostRequest, HostWorkerData } from './host-protocol'

const port = parentPort
if (!port) throw new Error('host.ts must run in a worker thread')

function post(message: HostMessage): void {
  port?.postMessage(message)
}

/**
 * Runs one request and always posts one answer. The registry never rejects, but this worker dies
 * on an unhandled rejection and takes every later request with it, so a throw anywhere here (a
 * registry bug, an answer that cannot be cloned) still becomes an error answer.
 */
function answer(core: Core, request: Extract<HostRequest, { type: 'invoke' }>): void {
  const { id } = request
  void Promise.resolve()
    .then(() => core.registry.invoke(request.channel, request.input, request.caller))
    .catch((err: unknown): WireResult<unknown> => {
      console.error('[edgebook] core host request failed:', err)
      return { ok: false, error: toWireError(err) }
    })
    .then((result) => {
      try {
        post({ type: 'result', id, result })
      } catch (err) {
        console.error('[edgebook] core host answer could not be sent:', err)
        post({
          type: 'result',
          id,
          result: {
            ok: false,
            error: { code: 'internal', message: 'The answer could not be sent to the window.' },
          },
        })
      }
    })
}

async function main(): Promise<void> {
  const data = workerData as HostWorkerData
  let core: Core
  try {
    core = await openCore({
      dataDir: data.dataDir,
      emit: (event, payload) => post({ type: 'event', event, payload }),
    })
  } catch (err) {
    post({ type: 'fatal', error: toWireError(err) })
    return
  }
  port?.on('message', (request: HostRequest) => {
    if (request.type === 'invoke') answer(core, request)
    else {
      void core.close().finally(() => {
        post({ type: 'closed' })
        port?.close()
      })
    }
  })
  post({ type: 'ready' })
}

void main()
