import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

// vitest's reporter calls Map.groupBy, which Node 20 lacks (it arrived in Node 21): without it a
// failing test crashes the reporter and hides the failure. The config loads in the main process,
// where the reporter runs, so the polyfill goes here.
if (typeof (Map as { groupBy?: unknown }).groupBy !== 'function') {
  Object.defineProperty(Map, 'groupBy', {
    value<K, V>(items: Iterable<V>, key: (item: V, index: number) => K): Map<K, V[]> {
      const groups = new Map<K, V[]>()
      let index = 0
      for (const item of items) {
        const k = key(item, index++)
        const group = groups.get(k)
        if (group) group.push(item)
        else groups.set(k, [item])
      }
      return groups
    },
    configurable: true,
    writable: true,
  })
}

export default defineConfig({
  root: resolve(import.meta.dirname, '..'),
  test: {
    include: ['test/**/*.test.ts'],
    // PGlite instances are heavy (WASM + a cluster each); two files at a time suits two cores.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['test/support/global-setup.ts'],
  },
})
