// The core host: a worker thread that owns PGlite and the registry. PGlite is single-connection
// and a long query blocks its thread, so it never runs on the thread that answers the window.
import { parentPort, workerData } from 'node:worker_threads'
import { openCore, type Core } from './core'
import type { WireResult } from './contract/errors'
import { ErrorCode } from './contract/errors'
import { AppError, toWireError } from './errors'
import type { HostMessage, HostRequest, HostWorkerData, VaultOp } from './host-protocol'
import { setCredentialVault, type CredentialVault } from './sync/credentials'

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

// Vault calls travel to the shell, which owns the OS keychain, and come back by id.
const vaultCalls = new Map<
  number,
  { resolve: (value: string | null) => void; reject: (err: AppError) => void }
>()
let nextVaultId = 1

function askShell(op: VaultOp, url?: string): Promise<string | null> {
  const id = nextVaultId++
  return new Promise((resolve, reject) => {
    vaultCalls.set(id, { resolve, reject })
    post({ type: 'vault', id, op, ...(url === undefined ? {} : { url }) })
  })
}

const shellVault: CredentialVault = {
  save: async (url) => {
    await askShell('save', url)
  },
  load: () => askShell('load'),
  clear: async () => {
    await askShell('clear')
  },
}

async function main(): Promise<void> {
  const data = workerData as HostWorkerData
  if (data.hasVault) setCredentialVault(shellVault)
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
    else if (request.type === 'vault-answer') {
      const call = vaultCalls.get(request.id)
      vaultCalls.delete(request.id)
      if (request.ok) call?.resolve(request.value)
      else call?.reject(new AppError(ErrorCode.Unavailable, request.message))
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
