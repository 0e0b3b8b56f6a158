// The core host: a worker thread that owns PGlite and the registry. PGlite is single-connection
// and a long query blocks its thread, so it never runs on the thread that answers the window.
import { parentPort, workerData } from 'node:worker_threads'
import { openCore, type Core } from './core'
import { toWireError } from './errors'
import type { HostMessage, HostRequest, HostWorkerData } from './host-protocol'

const port = parentPort
if (!port) throw new Error('host.ts must run in a worker thread')

function post(message: HostMessage): void {
  port?.postMessage(message)
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
    if (request.type === 'invoke') {
      void core.registry
        .invoke(request.channel, request.input)
        .then((result) => post({ type: 'result', id: request.id, result }))
    } else {
      void core.close().finally(() => {
        post({ type: 'closed' })
        port?.close()
      })
    }
  })
  post({ type: 'ready' })
}

void main()
