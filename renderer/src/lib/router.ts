import { useSyncExternalStore } from 'react'

// Hash routing: `#/<area>[/<rest>]`. Hash URLs work unchanged under the `app://` protocol, the
// web host and a reload, and need no server-side route table.

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange)
  return () => window.removeEventListener('hashchange', onChange)
}

function snapshot(): string {
  return location.hash
}

/** The current route as path segments: `#/journal/abc` → `['journal', 'abc']`. */
export function parseHash(hash: string): string[] {
  return hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => decodeURIComponent(s))
}

/** Re-renders on every hash change; returns the path segments. */
export function useRoute(): string[] {
  const hash = useSyncExternalStore(subscribe, snapshot)
  return parseHash(hash)
}

/** Goes to `#/<segments…>`. */
export function navigate(...segments: string[]): void {
  location.hash = `#/${segments.map((s) => encodeURIComponent(s)).join('/')}`
}

/** The href for `<a>` elements pointing at a route. */
export function hrefFor(...segments: string[]): string {
  return `#/${segments.map((s) => encodeURIComponent(s)).join('/')}`
}
