import { existsSync, mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { chromium, type Browser } from 'playwright-core'

/** Debian's Chromium; never a downloaded browser (`playwright install` is not used). */
export const CHROMIUM_PATH = process.env.EDGEBOOK_CHROMIUM ?? '/usr/bin/chromium'

/** Where screenshots go (ignored by git). */
export const ARTIFACTS_DIR = resolve(import.meta.dirname, '..', 'artifacts')

/** True when browser tests were switched off explicitly. */
export const isBrowserSkipped = process.env.EDGEBOOK_SKIP_BROWSER === '1'

/** Throws a message that says what to install when Chromium is missing. */
export function assertChromium(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}. Browser tests need Debian's Chromium: ` +
        '`apt-get update && apt-get install -y chromium` (or set EDGEBOOK_CHROMIUM to a binary, ' +
        'or EDGEBOOK_SKIP_BROWSER=1 to skip these tests).',
    )
  }
}

/** Launches headless Chromium with a fresh, empty profile and no background network. */
export async function launchChromium(): Promise<Browser> {
  assertChromium()
  mkdirSync(ARTIFACTS_DIR, { recursive: true })
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** An artifact path: `artifacts/<name>`. */
export function artifact(name: string): string {
  return resolve(ARTIFACTS_DIR, name)
}
