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

// The kill suites (SIGKILL at random moments of a write path) run on their own, under a CPU hog:
// `npm test` runs them through test/support/kill-under-load.mjs after the main suite.
const KILL_SUITES = 'test/**/kill*.test.ts'
const isKillRun = process.env.EDGEBOOK_TEST_SUITE === 'kill'

export default defineConfig({
  root: resolve(import.meta.dirname, '..'),
  test: {
    include: isKillRun ? [KILL_SUITES] : ['test/**/*.test.ts'],
    exclude: isKillRun ? [] : [KILL_SUITES],
    // PGlite instances are heavy (WASM + a cluster each); two files at a time suits two cores.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['test/support/global-setup.ts'],
  },
})
