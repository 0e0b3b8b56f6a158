// The browser-mode host: serves the built renderer and carries the typed contract over HTTP.
// Bound to 127.0.0.1 only. Every call needs the per-launch token; foreign Origins and foreign Host
// headers (DNS rebinding) are refused before anything else runs.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import type { CallerKind } from '../core/contract/index'
import type { WireError, WireResult } from '../core/contract/errors'

/**
 * What the server needs from the core: the core host worker, or an in-process registry. The
 * server always calls as `page`: whatever reaches `/rpc` runs in a browser tab.
 */
export type CoreLink = {
  invoke(channel: string, input: unknown, caller: CallerKind): Promise<WireResult<unknown>>
  onAny(listener: (event: string, payload: unknown) => void): () => void
}

export type WebServerOptions = {
  core: CoreLink
  /** The built renderer (`out/renderer`). */
  staticDir: string
  /** 0 or absent picks a free port. */
  port?: number
  /** Defaults to 32 random bytes as hex, new at every launch. */
  token?: string
  /** Largest accepted `/rpc` body; larger ones get 413. Default 32 MiB (imports send files). */
  maxBodyBytes?: number
  /** Interval of SSE keep-alive comments. Default 15 s. */
  keepAliveMs?: number
}

export type WebServer = {
  /** `http://127.0.0.1:PORT` (no token). */
  url: string
  token: string
  port: number
  /** Ends every event stream and stops listening. */
  close(): Promise<void>
}

/** The CSP of the app's HTML: only our own scripts and our own origin for fetches. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

const MIME = new Map<string, string>(
  Object.entries({
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.mjs': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.json': 'application/json; charset=utf-8',
    '.map': 'application/json; charset=utf-8',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
    '.jpg': 'image/jpeg',
    '.jpeg': 'image/jpeg',
    '.gif': 'image/gif',
    '.webp': 'image/webp',
    '.ico': 'image/x-icon',
    '.woff': 'font/woff',
    '.woff2': 'font/woff2',
    '.ttf': 'font/ttf',
    '.wasm': 'application/wasm',
    '.txt': 'text/plain; charset=utf-8',
    '.csv': 'text/csv; charset=utf-8',
  }),
)

const BASE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly wire: WireError,
  ) {
    super(wire.message)
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    ...BASE_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  })
  res.end(text)
}

function sendError(res: ServerResponse, status: number, error: WireError): void {
  sendJson(res, status, { ok: false, error })
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const declared = Number(req.headers['content-length'])
    if (Number.isFinite(declared) && declared > limit) {
      reject(tooLarge(limit))
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        reject(tooLarge(limit))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, {
    code: 'invalid-input',
    message: `Request body larger than ${limit} bytes.`,
  })
}

/**
 * Starts the browser-mode host on 127.0.0.1.
 *
 * - `POST /rpc` `{ channel, input }` → the core's `WireResult` as JSON (HTTP 200 even for
 *   `{ ok: false }`: the transport worked, the call did not).
 * - `GET /events` → Server-Sent Events, one `event: <name>` / `data: <json>` per core event.
 * - Anything else under GET/HEAD → a file of `staticDir`, or `index.html` for app routes.
 *
 * Refusals: wrong Host → 403, foreign Origin → 403, missing or wrong token → 401 `unauthorized`,
 * body over the limit → 413, all as `{ ok: false, error }`.
 */
export async function createWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(32).toString('hex')
  const staticDir = resolve(options.staticDir)
  const maxBody = options.maxBodyBytes ?? 32 * 1024 * 1024
  const keepAliveMs = options.keepAliveMs ?? 15_000
  const streams = new Set<ServerResponse>()
  let port = 0

  const allowedHosts = (): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`])
  const allowedOrigins = (): Set<string> =>
    new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`])

  // The token travels in the Authorization header only. A query string ends up in history,
  // logs and Referer headers; a cookie would do no better here, because cookies are scoped by
  // host and not by port (RFC 6265 §8.5): every other server on 127.0.0.1 would receive it.
  function checkToken(req: IncomingMessage): void {
    const header = req.headers.authorization
    let given: string | null = null
    if (typeof header === 'string' && header.startsWith('Bearer ')) given = header.slice(7).trim()
    if (!given) {
      throw new HttpError(401, { code: 'unauthorized', message: 'Missing access token.' })
    }
    if (!sameSecret(given, token)) {
      throw new HttpError(401, { code: 'unauthorized', message: 'Wrong access token.' })
    }
  }

  async function handleRpc(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST')
      throw new HttpError(405, { code: 'invalid-input', message: 'Use POST for /rpc.' })
    }
    checkToken(req)
    const type = req.headers['content-type'] ?? ''
    if (!type.toLowerCase().startsWith('application/json')) {
      throw new HttpError(415, {
        code: 'invalid-input',
        message: 'Send /rpc bodies as application/json.',
      })
    }
    const text = await readBody(req, maxBody)
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      throw new HttpError(400, { code: 'invalid-input', message: 'The body is not valid JSON.' })
    }
    const channel = (body as { channel?: unknown } | null)?.channel
    if (typeof channel !== 'string' || channel.length === 0) {
      throw new HttpError(400, {
        code: 'invalid-input',
        message: 'The body must be { channel, input }.',
        issues: [{ path: ['channel'], message: 'Expected a channel name' }],
      })
    }
    const result = await options.core.invoke(channel, (body as { input?: unknown }).input, 'page')
    sendJson(res, 200, result)
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET') {
      res.setHeader('allow', 'GET')
      throw new HttpError(405, { code: 'invalid-input', message: 'Use GET for /events.' })
    }
    checkToken(req)
    res.writeHead(200, {
      ...BASE_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    })
    res.write('retry: 2000\n: connected\n\n')
    streams.add(res)
    const unsubscribe = options.core.onAny((event, payload) => {
      res.write(`event: ${event}\ndata: ${JSON.stringify(payload ?? null)}\n\n`)
    })
    // Comments keep proxies and idle timers from dropping a quiet stream.
    const timer = setInterval(() => res.write(': keep-alive\n\n'), keepAliveMs)
    timer.unref()
    const done = (): void => {
      clearInterval(timer)
      unsubscribe()
      streams.delete(res)
    }
    req.on('close', done)
    res.on('error', done)
  }

  async function handleStatic(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD')
      throw new HttpError(405, { code: 'invalid-input', message: 'Method not allowed.' })
    }
    let pathname: string
    try {
      pathname = decodeURIComponent(url.pathname)
    } catch {
      throw new HttpError(400, { code: 'invalid-input', message: 'Malformed path.' })
    }
    if (pathname.includes('\0')) {
      throw new HttpError(400, { code: 'invalid-input', message: 'Malformed path.' })
    }
    let file = resolve(staticDir, `.${pathname}`)
    const rel = relative(staticDir, file)
    if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
      throw new HttpError(404, { code: 'not-found', message: 'Not found.' })
    }
    let info = await stat(file).catch(() => null)
    if (info?.isDirectory()) {
      file = join(file, 'index.html')
      info = await stat(file).catch(() => null)
    }
    if (!info?.isFile()) {
      // App routes (no extension) get the SPA; a missing asset is a real 404.
      if (extname(pathname) !== '') {
        throw new HttpError(404, { code: 'not-found', message: `Not found: ${pathname}` })
      }
      file = join(staticDir, 'index.html')
      info = await stat(file).catch(() => null)
      if (!info?.isFile()) {
        throw new HttpError(404, {
          code: 'not-found',
          message: 'The renderer is not built: run `npm run build:fast`.',
        })
      }
    }
    const type = MIME.get(extname(file).toLowerCase()) ?? 'application/octet-stream'
    const isHtml = type.startsWith('text/html')
    const isHashedAsset = pathname.startsWith('/assets/')
    res.writeHead(200, {
      ...BASE_HEADERS,
      'content-type': type,
      'content-length': info.size,
      'cache-control': isHashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...(isHtml
        ? { 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-frame-options': 'DENY' }
        : {}),
    })
    if (req.method === 'HEAD') {
      res.end()
      return
    }
    createReadStream(file).pipe(res)
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // DNS rebinding: a page on evil.example resolved to 127.0.0.1 still sends its own Host.
    if (!allowedHosts().has(req.headers.host ?? '')) {
      throw new HttpError(403, { code: 'unauthorized', message: 'Host not allowed.' })
    }
    const origin = req.headers.origin
    if (origin !== undefined && !allowedOrigins().has(origin)) {
      throw new HttpError(403, { code: 'unauthorized', message: 'Origin not allowed.' })
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`)
    if (url.pathname === '/rpc') await handleRpc(req, res)
    else if (url.pathname === '/events') handleEvents(req, res)
    else await handleStatic(req, res, url)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy()
        return
      }
      if (err instanceof HttpError) {
        sendError(res, err.status, err.wire)
        return
      }
      console.error('[edgebook] web host request failed:', err)
      sendError(res, 500, { code: 'internal', message: 'The web host failed to answer.' })
    })
  })
  // Browsers speculatively open connections; don't let idle ones hold shutdown.
  server.keepAliveTimeout = 5_000

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolveListen()
    })
  })
  port = (server.address() as AddressInfo).port

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    port,
    close() {
      for (const res of streams) res.end()
      streams.clear()
      return new Promise<void>((resolveClose) => {
        server.close(() => resolveClose())
        server.closeAllConnections()
      })
    },
  }
}
