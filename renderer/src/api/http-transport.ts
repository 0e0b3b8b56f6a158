import type { AppEventName, AppEvents, WireResult } from '../../../electron/core/contract/index'
import type { Transport } from './transport'

const TOKEN_KEY = 'edgebook.token'
const RECONNECT_MIN_MS = 500
const RECONNECT_MAX_MS = 10_000

/**
 * Reads the per-launch token once: the web host prints `…/#token=HEX`; the token moves to
 * sessionStorage (it survives a reload of this tab, not a new tab) and leaves the address bar so
 * it is not bookmarked, shared in a screenshot or kept in history.
 */
export function takeToken(): string | null {
  const match = /(?:^#|&)token=([0-9a-f]+)/i.exec(location.hash)
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1])
    const rest = location.hash.replace(/(?:^#|&)token=[0-9a-f]+/i, '').replace(/^&/, '')
    const hash = rest.startsWith('#') ? rest : rest ? `#${rest}` : ''
    history.replaceState(null, '', `${location.pathname}${location.search}${hash}`)
    return match[1]
  }
  return sessionStorage.getItem(TOKEN_KEY)
}

function unauthorized(message: string): WireResult<unknown> {
  return { ok: false, error: { code: 'unauthorized', message } }
}

/**
 * The browser transport: `POST /rpc` with the bearer token, and core events read from
 * `GET /events` (Server-Sent Events) with `fetch` streaming, because `EventSource` cannot send an
 * Authorization header and the host refuses a token in a URL (it would land in history and
 * logs). The stream opens with the first listener and reconnects with backoff.
 */
export function createHttpTransport(token: string | null, base = ''): Transport {
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  let streaming = false

  async function invoke(channel: string, input: unknown): Promise<WireResult<unknown>> {
    if (!token) return unauthorized('No access token: open the address the web host printed.')
    let response: Response
    try {
      response = await fetch(`${base}/rpc`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ channel, input }),
      })
    } catch (err) {
      return {
        ok: false,
        error: {
          code: 'unavailable',
          message: `The Edgebook web host cannot be reached (${(err as Error).message}).`,
        },
      }
    }
    try {
      return (await response.json()) as WireResult<unknown>
    } catch {
      return {
        ok: false,
        error: { code: 'internal', message: `Unreadable answer (HTTP ${response.status}).` },
      }
    }
  }

  function dispatch(event: string, data: string): void {
    const set = listeners.get(event)
    if (!set || set.size === 0) return
    let payload: unknown
    try {
      payload = JSON.parse(data)
    } catch {
      return
    }
    for (const listener of set) listener(payload)
  }

  async function readStream(): Promise<void> {
    const response = await fetch(`${base}/events`, {
      headers: { authorization: `Bearer ${token ?? ''}`, accept: 'text/event-stream' },
      cache: 'no-store',
    })
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`)
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
    let buffer = ''
    for (;;) {
      const { value, done } = await reader.read()
      if (done) return
      buffer += value
      let end: number
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        let name = 'message'
        const data: string[] = []
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) name = line.slice(6).trim()
          else if (line.startsWith('data:')) data.push(line.slice(5).trimStart())
        }
        if (data.length > 0) dispatch(name, data.join('\n'))
      }
    }
  }

  async function stream(): Promise<void> {
    let delayMs = RECONNECT_MIN_MS
    for (;;) {
      try {
        await readStream()
        delayMs = RECONNECT_MIN_MS
      } catch {
        // The host restarted or the network blipped: back off and try again.
      }
      await new Promise((resolve) => setTimeout(resolve, delayMs))
      delayMs = Math.min(delayMs * 2, RECONNECT_MAX_MS)
    }
  }

  return {
    kind: 'http',
    invoke,
    on<E extends AppEventName>(event: E, listener: (payload: AppEvents[E]) => void) {
      const set = listeners.get(event) ?? new Set()
      const wrapped = listener as (payload: unknown) => void
      set.add(wrapped)
      listeners.set(event, set)
      if (!streaming && token) {
        streaming = true
        void stream()
      }
      return () => {
        set.delete(wrapped)
      }
    },
  }
}
