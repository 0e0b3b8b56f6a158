// `npm start` where no window can open (no display, or no Electron binary): the launcher says so
// in one paragraph and serves browser mode instead, without a stack trace.
import { spawn } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureBuilt, repoRoot } from './support/build'
import { tempDataDir, type WebHostReady } from './support/web-host'

describe.skipIf(process.platform !== 'linux')('npm start without a usable Electron', () => {
  let dataDir: string

  beforeAll(async () => {
    await ensureBuilt()
    dataDir = tempDataDir()
  })
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true })
  })

  it(
    'explains why and starts browser mode; SIGTERM stops it and frees the data dir',
    { timeout: 180_000 },
    async () => {
      const child = spawn(
        process.execPath,
        [join(repoRoot, 'electron/cli/start.mjs'), '--data-dir', dataDir, '--json', '--no-open'],
        {
          cwd: repoRoot,
          stdio: ['ignore', 'pipe', 'pipe'],
          // No display: even where an Electron binary exists, no window could open.
          env: { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '', CI: '1' },
        },
      )
      let stderr = ''
      child.stderr.setEncoding('utf8')
      child.stderr.on('data', (chunk: string) => (stderr += chunk))
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))

      const ready = await new Promise<WebHostReady>((resolve, reject) => {
        const lines = createInterface({ input: child.stdout })
        lines.on('line', (line) => {
          if (line.startsWith('{')) resolve(JSON.parse(line) as WebHostReady)
        })
        void exited.then((code) => reject(new Error(`launcher exited (${code}):\n${stderr}`)))
      })

      expect(ready.ok).toBe(true)
      expect(ready.dataDir).toBe(dataDir)
      expect(stderr).toMatch(
        /No Electron binary can run on this machine: .+\. Edgebook is starting in browser mode instead/,
      )
      expect(stderr).not.toMatch(/\n\s+at /)
      const page = await fetch(`${ready.origin}/`)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('<div id="root">')
      expect(existsSync(join(dataDir, 'edgebook.lock'))).toBe(true)

      child.kill('SIGTERM')
      expect(await exited).toBe(0)
      expect(existsSync(join(dataDir, 'edgebook.lock'))).toBe(false)
    },
  )
})
