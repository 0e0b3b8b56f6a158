import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { planChromium } from './chromium'

/** Where screenshots go (ignored by git). */
export const ARTIFACTS_DIR = resolve(import.meta.dirname, '..', 'artifacts')

/** True when browser tests were switched off explicitly. */
export const isBrowserSkipped = process.env.EDGEBOOK_SKIP_BROWSER === '1'

/**
 * The system's Chromium or Chrome (test/e2e/support/chromium.ts; the global setup installs
 * Debian's when the run has browser tests and it is missing); never a downloaded browser
 * (`playwright install` is not used). Throws a message that says what to install when missing.
 */
export function chromiumPath(): string {
  const plan = planChromium()
  if (plan.kind === 'found') return plan.path
  throw new Error(
    plan.kind === 'missing'
      ? `Cannot run the browser tests: ${plan.reason}`
      : 'Chromium is missing: `npm test` installs it with apt-get before the browser tests run (its global setup, test/support/global-setup.ts)',
  )
}

/** Launches headless Chromium with a fresh, empty profile and no background network. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath()
  mkdirSync(ARTIFACTS_DIR, { recursive: true })
  return chromium.launch({
    executablePath,
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
