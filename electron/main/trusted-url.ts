// Kept free of `electron` imports so the sender check can be tested in plain Node.

/** The scheme and host the UI is served from (`app://edgebook/…`). */
export const APP_SCHEME = 'app'
export const APP_HOST = 'edgebook'

/**
 * True for our own UI: a frame on `app://edgebook`, or in development the electron-vite dev
 * server's origin. Anything else (a navigated-away frame, an injected iframe, `file:`) is refused.
 */
export function isTrustedUrl(url: string | undefined, devServerUrl?: string): boolean {
  if (!url) return false
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST) return true
  if (devServerUrl) {
    let dev: URL
    try {
      dev = new URL(devServerUrl)
    } catch {
      return false
    }
    return parsed.protocol === dev.protocol && parsed.host === dev.host
  }
  return false
}
