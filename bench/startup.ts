// Start-up benchmark, to the first `system-info` answer through the bundled core host worker
// (`out/main/host.js`), as the app starts: a cold first run from the build's database template, a
// cold run from scratch (initdb + every migration) and a warm open. Prints one JSON summary.
// `npm run bench:startup` builds first.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { SystemInfo } from '../electron/core/contract/system'
import { templatePath } from '../db/template'
import { startCoreHost } from '../electron/core/host-client'

const hostEntry = new URL('../out/main/host.js', import.meta.url)
if (!existsSync(hostEntry))
  throw new Error('out/main/host.js is missing: run `npm run bench:startup`')

async function openOnce(dataDir: string): Promise<{ ms: number; info: SystemInfo }> {
  const start = performance.now()
  // The bundled worker needs no TypeScript loader: an empty execArgv keeps tsx out of it.
  const host = await startCoreHost(hostEntry, { dataDir }, { execArgv: [] })
  const result = await host.invoke('system-info', {})
  const ms = performance.now() - start
  await host.close()
  if (!result.ok) throw new Error(`system-info failed: ${result.error.message}`)
  return { ms, info: result.value as SystemInfo }
}

const COLD_RUNS = 3
const SCRATCH_RUNS = 2
const WARM_RUNS = 7
const cold: number[] = []
const scratch: number[] = []
const warm: number[] = []
let info: SystemInfo | undefined
// From scratch: initdb inside WebAssembly plus every migration, as when no template was built.
process.env.EDGEBOOK_NO_DB_TEMPLATE = '1'
for (let i = 0; i < SCRATCH_RUNS; i++) {
  const dir = mkdtempSync(join(tmpdir(), 'edgebook-bench-'))
  try {
    scratch.push((await openOnce(dir)).ms)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
// The product's first run: the build's template for these migrations, then the migrator.
delete process.env.EDGEBOOK_NO_DB_TEMPLATE
if (!existsSync(templatePath())) throw new Error('no db template: run `npm run bench:startup`')
for (let i = 0; i < COLD_RUNS; i++) {
  const dir = mkdtempSync(join(tmpdir(), 'edgebook-bench-'))
  try {
    const run = await openOnce(dir)
    cold.push(run.ms)
    info = run.info
    if (i === 0) for (let j = 0; j < WARM_RUNS; j++) warm.push((await openOnce(dir)).ms)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN
const round = (x: number): number => Math.round(x * 10) / 10
const summary = {
  bench: 'startup',
  schemaVersion: info?.schemaVersion,
  tables: info?.totalTables,
  migrations: info?.migrations,
  coldMs: { median: round(median(cold)), max: round(Math.max(...cold)), runs: cold.map(round) },
  coldFromScratchMs: {
    median: round(median(scratch)),
    max: round(Math.max(...scratch)),
    runs: scratch.map(round),
  },
  warmMs: { median: round(median(warm)), max: round(Math.max(...warm)), runs: warm.map(round) },
  targets: { coldMs: 6000, warmMs: 1000 },
  meetsTargets: Math.max(...cold) <= 6000 && Math.max(...warm) <= 1000,
}
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`)
