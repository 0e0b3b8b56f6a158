// `npm run web`: browser mode. Starts the core host worker on the data dir, serves the renderer
// on 127.0.0.1 and prints the address with the per-launch token in its fragment (fragments never
// reach a server log or a Referer header).
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { WireError } from '../core/contract/errors'
import { defaultDataDir } from '../core/data-dir'
import { toWireError } from '../core/errors'
import { startCoreHost, type CoreHost } from '../core/host-client'
import { createWebServer, type WebServer } from './server'

const USAGE = `Usage: edgebook-web [--data-dir DIR] [--port N] [--json] [--no-open]

Serves Edgebook to your browser on 127.0.0.1. Stop with Ctrl+C.`

/** Exit status when the core worker died under the host (EX_SOFTWARE). */
const CORE_CRASHED_EXIT = 70

/** Where this file runs from decides the worker entry and the renderer folder. */
function locate(): { hostEntry: URL; staticDir: string } {
  const isSource = import.meta.url.endsWith('.ts')
  return {
    hostEntry: new URL(isSource ? './host-source.mjs' : './host.js', import.meta.url),
    staticDir: fileURLToPath(
      new URL(isSource ? '../../out/renderer' : '../renderer', import.meta.url),
    ),
  }
}

/** Opens the system browser when there is a screen to show it on; never fails the launch. */
function openBrowser(url: string): void {
  const hasDisplay =
    process.platform === 'darwin' ||
    process.platform === 'win32' ||
    Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY)
  if (!hasDisplay || process.env.CI) return
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]]
        : ['xdg-open', [url]]
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true })
    child.on('error', () => undefined)
    child.unref()
  } catch {
    // No opener installed: the printed address is enough.
  }
}

function fail(error: WireError, isJson: boolean): number {
  if (isJson) process.stdout.write(`${JSON.stringify({ ok: false, error })}\n`)
  process.stderr.write(`edgebook web: ${error.code}: ${error.message}\n`)
  return error.code === 'locked' ? 3 : 1
}

async function main(argv: string[]): Promise<number> {
  let values: {
    'data-dir'?: string
    port?: string
    json?: boolean
    'no-open'?: boolean
    help?: boolean
  }
  try {
    values = parseArgs({
      args: argv,
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        json: { type: 'boolean' },
        'no-open': { type: 'boolean' },
        // Accepted so `start.mjs --web` can pass its own arguments straight through.
        web: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`)
    return 2
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  const isJson = values.json === true
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be a number from 0 to 65535\n`)
    return 2
  }
  const dataDir = values['data-dir'] ?? defaultDataDir()
  const where = locate()
  if (!existsSync(where.staticDir)) {
    return fail(
      { code: 'not-found', message: `The renderer is not built (${where.staticDir} is missing).` },
      isJson,
    )
  }

  // Signals are caught from the start: a Ctrl+C during a cold start (migrations) must still close
  // PGlite and release the data-dir lock, not kill the process with the lock held.
  let isStopRequested = false
  let onStop: (() => void) | null = null
  const requestStop = (): void => {
    isStopRequested = true
    onStop?.()
  }
  process.on('SIGINT', requestStop)
  process.on('SIGTERM', requestStop)

  let core: CoreHost
  try {
    core = await startCoreHost(where.hostEntry, { dataDir })
  } catch (err) {
    return fail(toWireError(err), isJson)
  }
  if (isStopRequested) {
    await core.close()
    return 0
  }

  let server: WebServer
  try {
    server = await createWebServer({ core, staticDir: where.staticDir, port })
  } catch (err) {
    await core.close()
    return fail(toWireError(err), isJson)
  }

  let resolveStopped: (code: number) => void = () => undefined
  const stopped = new Promise<number>((resolve) => {
    resolveStopped = resolve
  })
  let isStopping = false
  const stop = (): void => {
    if (isStopping) return
    isStopping = true
    // Close the core last: it releases the data-dir lock once PGlite has flushed.
    void server
      .close()
      .then(() => core.close())
      .then(() => resolveStopped(0))
  }
  onStop = stop
  // A core that dies is not restarted in this process: its PGlite may have stopped mid-write and
  // this process still holds the data-dir lock, so reopening here could hide the failure or
  // contend with itself. Every pending and later call has already been answered with an error
  // and the failure logged; the host stops with status 70 (EX_SOFTWARE) so the user, or a
  // supervisor, starts a clean process, which reopens and recovers the data dir as at any start.
  core.onCrash((error) => {
    process.stderr.write(`edgebook web: internal: ${error.message}\n`)
    if (isStopping) return
    isStopping = true
    void server.close().then(() => resolveStopped(CORE_CRASHED_EXIT))
  })
  if (isStopRequested) {
    stop()
    return stopped
  }

  const address = `${server.url}/#token=${server.token}`
  if (isJson) {
    const ready = {
      ok: true,
      url: address,
      origin: server.url,
      port: server.port,
      token: server.token,
      dataDir,
      pid: process.pid,
    }
    process.stdout.write(`${JSON.stringify(ready)}\n`)
  } else {
    process.stdout.write(
      `Edgebook is running in browser mode.\n  Open: ${address}\n  Data: ${dataDir}\nPress Ctrl+C to stop.\n`,
    )
  }
  if (!values['no-open']) openBrowser(address)
  return stopped
}

process.exitCode = await main(process.argv.slice(2))
// Everything is closed by now; a stray handle (an opener child, a socket in TIME_WAIT) must not
// keep a stopped host alive.
setTimeout(() => process.exit(), 2_000).unref()
