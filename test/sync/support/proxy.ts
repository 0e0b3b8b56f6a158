import { createServer, connect, type Server, type Socket } from 'node:net'

/**
 * A TCP proxy in front of the sync server, so a test can make the server vanish (connections
 * dropped, new ones refused) at a chosen moment and bring it back on the same address.
 */
export type CutProxy = {
  url: string
  /** Drops every connection and refuses new ones. */
  cut(): Promise<void>
  /** Accepts connections again. */
  restore(): Promise<void>
  /** Cuts right after forwarding the `n`-th client chunk containing `marker`. */
  cutAfter(marker: string, n: number): Promise<void>
  close(): Promise<void>
}

export async function startCutProxy(targetUrl: string): Promise<CutProxy> {
  const target = new URL(targetUrl)
  const sockets = new Set<Socket>()
  let trigger: { marker: string; left: number; done: () => void } | null = null
  let server: Server
  let port = 0

  function listen(): Promise<void> {
    server = createServer((client) => {
      const upstream = connect(Number(target.port), target.hostname)
      sockets.add(client)
      sockets.add(upstream)
      client.on('data', (chunk: Buffer) => {
        upstream.write(chunk)
        if (trigger && chunk.toString('latin1').includes(trigger.marker)) {
          trigger.left -= 1
          if (trigger.left === 0) {
            const done = trigger.done
            trigger = null
            void cut().then(done)
          }
        }
      })
      upstream.on('data', (chunk: Buffer) => client.write(chunk))
      for (const s of [client, upstream]) {
        s.on('error', () => undefined)
        s.on('close', () => {
          sockets.delete(s)
          client.destroy()
          upstream.destroy()
        })
      }
    })
    return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve()))
  }

  function cut(): Promise<void> {
    for (const s of sockets) s.destroy()
    sockets.clear()
    return new Promise((resolve) => server.close(() => resolve()))
  }

  await listen()
  const address = server!.address()
  port = typeof address === 'object' && address ? address.port : 0
  const url = new URL(targetUrl)
  url.port = String(port)
  return {
    url: url.toString(),
    cut,
    restore: listen,
    cutAfter(marker, n) {
      return new Promise((resolve) => {
        trigger = { marker, left: n, done: resolve }
      })
    },
    async close() {
      await cut().catch(() => undefined)
    },
  }
}
