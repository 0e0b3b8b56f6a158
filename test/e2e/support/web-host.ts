import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { WireError } from '../../../electron/core/contract/errors'
import { repoRoot, webEntry } from './build'

/** The JSON line the web host prints with `--json`. */
export type WebHostReady = {
  ok: true
  url: string
  origin: string
  port: number
  token: string
  dataDir: string
  pid: number
}

/** A web host running as a child process. */
export type WebHostProcess = WebHostReady & {
  child: ChildProcess
  /** Everything the host wrote to stderr so far (for failure messages). */
  stderr: () => string
  /** SIGTERM, then resolves with the exit code once the process is gone. */
  stop: () => Promise<number | null>
}

/** What a web host that refused to start printed and how it exited. */
export type WebHostFailure = {
  ok: false
  error: WireError
  exitCode: number | null
  stderr: string
}

/** A fresh, empty data directory under the system temp folder. */
export function tempDataDir(prefix = 'edgebook-e2e-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/**
 * Starts `out/main/web.js --json --no-open` on `dataDir` and resolves with its first JSON line:
 * ready (`ok: true`) or refused (`ok: false`, e.g. `locked`), in which case the exit is awaited.
 */
export function launchWebHost(
  dataDir: string,
  timeoutMs = 90_000,
): Promise<WebHostProcess | WebHostFailure> {
  const child = spawn(
    process.execPath,
    [webEntry, '--data-dir', dataDir, '--json', '--no-open', '--port', '0'],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '1' } },
  )
  let stderr = ''
  child.stderr?.setEncoding('utf8')
  child.stderr?.on('data', (chunk: string) => {
    stderr += chunk
  })
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode)
    else child.once('exit', (code) => resolve(code))
  })

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`the web host did not start within ${timeoutMs} ms:\n${stderr}`))
    }, timeoutMs)
    let hasAnswered = false
    const lines = createInterface({ input: child.stdout })
    lines.on('line', (line) => {
      if (hasAnswered) return
      let parsed: WebHostReady | { ok: false; error: WireError }
      try {
        parsed = JSON.parse(line) as typeof parsed
      } catch {
        return
      }
      clearTimeout(timer)
      hasAnswered = true
      if (parsed.ok) {
        resolve({
          ...parsed,
          child,
          stderr: () => stderr,
          stop: () => {
            if (child.exitCode === null) child.kill('SIGTERM')
            return exited
          },
        })
      } else {
        const error = parsed.error
        void exited.then((exitCode) => resolve({ ok: false, error, exitCode, stderr }))
      }
    })
    void exited.then((code) => {
      if (hasAnswered) return
      clearTimeout(timer)
      reject(new Error(`the web host exited (${code}) before it was ready:\n${stderr}`))
    })
  })
}

/** Like `launchWebHost`, but a refusal is an error. */
export async function startWebHost(dataDir: string = tempDataDir()): Promise<WebHostProcess> {
  const host = await launchWebHost(dataDir)
  if (!host.ok)
    throw new Error(`the web host refused to start: ${host.error.code}: ${host.error.message}`)
  return host
}
