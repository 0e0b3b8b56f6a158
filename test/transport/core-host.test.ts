// The shell's side of the core host worker (electron/core/host-client.ts): whatever the worker
// does, every call is answered. A stand-in worker plays the core so it can hang, throw or exit
// on demand.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { WireError } from '../../electron/core/contract/errors'
import { startCoreHost } from '../../electron/core/host-client'

const WORKER = `
import { parentPort } from 'node:worker_threads'
parentPort.on('message', (m) => {
  if (m.type === 'close') { parentPort.postMessage({ type: 'closed' }); parentPort.close(); return }
  if (m.channel === 'hang') return
  if (m.channel === 'throw') setTimeout(() => { throw new Error('a bug in the core') })
  else if (m.channel === 'exit') process.exit(7)
  else parentPort.postMessage({ type: 'result', id: m.id, result: { ok: true, value: m.caller } })
})
parentPort.postMessage({ type: 'ready' })
`

let dir: string
let entry: URL

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'edgebook-host-'))
  writeFileSync(join(dir, 'worker.mjs'), WORKER)
  entry = pathToFileURL(join(dir, 'worker.mjs'))
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('core host client', () => {
  it('calls the core as a page unless told otherwise', async () => {
    const host = await startCoreHost(entry, { dataDir: null })
    try {
      expect(await host.invoke('echo', {})).toEqual({ ok: true, value: 'page' })
      expect(await host.invoke('echo', {}, 'cli')).toEqual({ ok: true, value: 'cli' })
    } finally {
      await host.close()
    }
  })

  for (const [how, channel] of [
    ['throws', 'throw'],
    ['exits', 'exit'],
  ] as const) {
    it(`answers pending and later calls, logs and reports when the core ${how}`, async () => {
      const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
      const host = await startCoreHost(entry, { dataDir: null })
      const crashes: WireError[] = []
      host.onCrash((error) => crashes.push(error))
      try {
        const pending = host.invoke('hang', {})
        const killer = host.invoke(channel, {})
        const [a, b] = await Promise.all([pending, killer])
        expect(a.ok).toBe(false)
        expect(b.ok).toBe(false)
        await vi.waitFor(() => expect(crashes).toHaveLength(1))
        expect(crashes[0]?.code).toBe('unavailable')
        const later = await host.invoke('echo', {})
        expect(later).toMatchObject({ ok: false, error: { code: 'unavailable' } })
        expect(logged).toHaveBeenCalled()
        expect(String(logged.mock.calls[0]?.[0])).toContain('core host')
      } finally {
        logged.mockRestore()
        await host.close()
      }
    })
  }

  it('does not report a crash when the shell closes the core', async () => {
    const host = await startCoreHost(entry, { dataDir: null })
    const crashes: WireError[] = []
    host.onCrash((error) => crashes.push(error))
    await host.close()
    expect(crashes).toEqual([])
    expect(await host.invoke('echo', {})).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    })
  })
})
