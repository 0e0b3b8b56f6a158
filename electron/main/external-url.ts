// Kept free of `electron` imports so the allowlist can be tested in plain Node.

/**
 * Origins the app may hand to the system browser (`shell.openExternal`): the documentation of
 * the services Edgebook talks to. Anything else a page asks to open is dropped: openExternal
 * starts whatever handler the OS has for a URL, so an open door is a way out of the sandbox.
 */
export const EXTERNAL_ORIGINS: readonly string[] = [
  'https://alpaca.markets',
  'https://docs.alpaca.markets',
  'https://polygon.io',
  'https://www.postgresql.org',
  'https://www.electronjs.org',
]

/** True when `url` is https, on an allowlisted origin, with no credentials. */
export function isAllowedExternalUrl(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password) return false
  return EXTERNAL_ORIGINS.includes(parsed.origin)
}
