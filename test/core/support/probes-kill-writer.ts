// A lab process for the probe-run kill test: imports GOOG's daily bars under the kill symbols (a
// re-import adds nothing), then resumes the probe run a killed process left unfinished or starts
// a new one over the catalogue's trend family, watches it to its end and starts the next, until it
// is killed. Every line goes out with a synchronous write, so the parent knows exactly what was
// said before the kill:
//   ready                            the core is open (orphans marked)
//   status <jobId> <status>          each stored probe run as `probes-list` shows it at open
//   listed                           after the last status line
//   job <jobId> | resume <jobId>     a run started by `probes-run`, or continued by `probes-resume`
//   progress <jobId> <done> <total>  a `backtest-progress` event
//   ack <jobId> <pair> <checksum>    a symbol × strategy pair seen stored, once per pair
//   done <jobId>                     `probes-get` says completed, and every pair of it was acked
//   probes-kill-writer DATA_DIR
import { writeSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Channel, Out, RawIn } from '../../../electron/core/contract/index'
import { openCore } from '../../../electron/core/core'
import { KILL_PROBE, KILL_SYMBOLS, storedPairs } from './probes-kill-digest'

const GOOG = resolve(import.meta.dirname, '../../fixtures/bars/backtesting_py_GOOG.csv')

const [dataDir] = process.argv.slice(2)
if (!dataDir) throw new Error('usage: probes-kill-writer DATA_DIR')

function say(line: string): void {
  writeSync(1, `${line}\n`)
}

const core = await openCore({
  dataDir,
  emit: (event, payload) => {
    if (event === 'backtest-progress' && 'jobId' in payload) {
      say(`progress ${payload.jobId} ${payload.done} ${payload.total}`)
    }
  },
})

async function value<C extends Channel>(channel: C, input: RawIn<C>): Promise<Out<C>> {
  const result = await core.registry.invoke(channel, input)
  if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`)
  return result.value
}

say('ready')
const jobs = await value('probes-list', {})
for (const job of jobs) say(`status ${job.id} ${job.status}`)
say('listed')
for (const symbol of KILL_SYMBOLS) {
  await value('bars-import', { path: GOOG, symbol, timeframe: '1Day' })
}

let unfinished = jobs.find((j) => j.status !== 'completed')
for (;;) {
  let jobId: string
  if (unfinished) {
    jobId = (await value('probes-resume', { jobId: unfinished.id })).id
    say(`resume ${jobId}`)
    unfinished = undefined
  } else {
    jobId = (await value('probes-run', { ...KILL_PROBE, symbols: [...KILL_SYMBOLS] })).id
    say(`job ${jobId}`)
  }
  const acked = new Set<string>()
  for (;;) {
    // The status first: once it says completed, the pairs read after it are all of them.
    const job = await value('probes-get', { jobId })
    if (job.status === 'failed' || job.status === 'cancelled') {
      throw new Error(`probe run ${jobId} ended ${job.status}: ${job.error ?? ''}`)
    }
    for (const [pair, digest] of await storedPairs(core.pg, jobId)) {
      if (acked.has(pair)) continue
      acked.add(pair)
      say(`ack ${jobId} ${pair} ${digest}`)
    }
    if (job.status === 'completed') {
      say(`done ${jobId}`)
      break
    }
    await new Promise((r) => setTimeout(r, 100))
  }
}
