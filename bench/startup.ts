// Start-up benchmark, to the first `system-info` answer through the bundled core host worker
// (`out/main/host.js`), as the app starts: a cold first run from the build's database template, a
// cold run from scratch (initdb + every migration) and a warm open. Then the command line as a
// trader calls it, through the `edgebook` bin: `--help` against `node -e 0`, and a warm
// `info --json`. Prints one JSON summary. `npm run bench:startup` builds first.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
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

// The command line, each call a new process as from a shell.
const BIN = fileURLToPath(new URL('../electron/cli/edgebook.mjs', import.meta.url))
const CLI_RUNS = 7
function timeProcess(args: string[], mayRebuild = false): number {
  const start = performance.now()
  const result = spawnSync(process.execPath, args, { encoding: 'utf8' })
  const ms = performance.now() - start
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed:\n${result.stderr}`)
  // A rebuild would be timed as start-up: only the first, untimed call may do one.
  if (!mayRebuild && result.stderr.includes('rebuilding'))
    throw new Error(`the bin rebuilt (a source changed during the bench):\n${result.stderr}`)
  return ms
}
const nodeBare: number[] = []
const cliHelp: number[] = []
const cliInfo: number[] = []
const cliDir = mkdtempSync(join(tmpdir(), 'edgebook-bench-cli-'))
try {
  // Creates the data dir (not warm) and brings the bundle up to date (`bench:startup` builds first).
  timeProcess([BIN, '--data-dir', cliDir, 'info', '--json'], true)
  for (let i = 0; i < CLI_RUNS; i++) {
    nodeBare.push(timeProcess(['-e', '0']))
    cliHelp.push(timeProcess([BIN, '--help']))
    cliInfo.push(timeProcess([BIN, '--data-dir', cliDir, 'info', '--json']))
  }
} finally {
  rmSync(cliDir, { recursive: true, force: true })
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
  cli: {
    nodeBareMs: { median: round(median(nodeBare)), runs: nodeBare.map(round) },
    helpMs: { median: round(median(cliHelp)), runs: cliHelp.map(round) },
    // Medians of runs taken in turn, so a busy moment weighs on both alike.
    helpVsNode: round(median(cliHelp) / median(nodeBare)),
    infoWarmMs: { median: round(median(cliInfo)), runs: cliInfo.map(round) },
  },
  targets: { coldMs: 6000, warmMs: 1000, cliHelpVsNode: 6, cliInfoWarmMs: 1500 },
  meetsTargets:
    Math.max(...cold) <= 6000 &&
    Math.max(...warm) <= 1000 &&
    median(cliHelp) / median(nodeBare) <= 6 &&
    median(cliInfo) <= 1500,
}
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`)
