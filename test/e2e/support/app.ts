import { rmSync } from 'node:fs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { ShellPage } from '../pages/shell-page'
import { launchChromium } from './browser'
import { ensureBuilt } from './build'
import { startWebHost, tempDataDir, type WebHostProcess } from './web-host'

/** A running app: the web host on a temp data dir and one Chromium page signed in to it. */
export type App = {
  host: WebHostProcess
  browser: Browser
  context: BrowserContext
  page: Page
  shell: ShellPage
  /** Uncaught page errors and console errors seen so far. */
  errors: string[]
  /** Calls a channel over HTTP the way the renderer does (for expected values). */
  rpc: (channel: string, input?: unknown) => Promise<unknown>
  close: () => Promise<void>
}

/**
 * Builds if needed, starts `out/main/web.js` on a fresh data dir, launches Chromium and opens the
 * printed address (token in the fragment). Close it in `afterAll`.
 */
export async function openApp(
  options: {
    viewport?: { width: number; height: number }
    /** The browser's (the machine's) zone, e.g. `America/New_York`; default the host's. */
    timezoneId?: string
    /** A data dir to open again (a restart); the caller owns it and removes it. */
    dataDir?: string
  } = {},
): Promise<App> {
  await ensureBuilt()
  const dataDir = options.dataDir ?? tempDataDir()
  const host = await startWebHost(dataDir)
  let browser: Browser
  try {
    browser = await launchChromium()
  } catch (err) {
    await host.stop()
    throw err
  }
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    colorScheme: 'light',
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
  })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`))
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`)
  })
  const shell = new ShellPage(page)
  await shell.open(host.url)
  return {
    host,
    browser,
    context,
    page,
    shell,
    errors,
    async rpc(channel, input) {
      const response = await fetch(`${host.origin}/rpc`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}` },
        body: JSON.stringify({ channel, input }),
      })
      const result = (await response.json()) as { ok: boolean; value?: unknown; error?: unknown }
      if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`)
      return result.value
    },
    async close() {
      await browser.close()
      await host.stop()
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
