#!/usr/bin/env node
// Keeps every core busy for a bounded time: one spinning worker thread per core (or --threads N).
// The kill suites run beside it so that their promises are proved on a loaded machine.
//   node test/support/cpu-hog.mjs [--seconds S] [--threads N]
// It stops by itself after S seconds (default 600), or when its parent ends it.
import { availableParallelism } from 'node:os'
import { Worker, isMainThread, workerData } from 'node:worker_threads'

if (isMainThread) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name)
    return i >= 0 ? Number(process.argv[i + 1]) : fallback
  }
  const seconds = arg('--seconds', 600)
  const threads = arg('--threads', availableParallelism())
  const until = Date.now() + seconds * 1000
  for (let i = 0; i < threads; i++) new Worker(new URL(import.meta.url), { workerData: { until } })
  setTimeout(() => process.exit(0), seconds * 1000).unref()
  process.stdout.write(`cpu-hog: ${threads} threads for ${seconds}s\n`)
} else {
  let x = 0
  while (Date.now() < workerData.until) {
    for (let i = 0; i < 1e6; i++) x = (x * 31 + i) % 1000003
  }
  process.exit(x < 0 ? 1 : 0)
}
