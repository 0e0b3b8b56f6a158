// A lab process for the batch job kill test: imports GOOG's daily bars (a re-import adds
// nothing), then resumes the job a killed process left unfinished or starts a new grid, watches
// it to its end and starts the next, until it is killed. Every line goes out with a synchronous
// write, so the parent knows exactly what was said before the kill:
//   ready                          the core is open (orphans marked)
//   status <jobId> <status>        each stored job as `batch-list` shows it at open
//   listed                         after the last status line
//   job <jobId> | resume <jobId>   a grid started by `batch-run`, or continued by `batch-resume`
//   progress <jobId> <done> <total> a `backtest-progress` event
//   ack <jobId> <runIndex> <checksum>  a run `batch-runs` shows stored, once per run
//   done <jobId>                   `batch-get` says completed, and every run of it was acked
//   jobs-kill-writer DATA_DIR
import { writeSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Channel, Out, RawIn } from '../../../electron/core/contract/index'
import { openCore } from '../../../electron/core/core'
import { KILL_GRID, runDigest } from './jobs-kill-digest'

const GOOG = resolve(import.meta.dirname, '../../fixtures/bars/backtesting_py_GOOG.csv')

const [dataDir] = process.argv.slice(2)
if (!dataDir) throw new Error('usage: jobs-kill-writer DATA_DIR')

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
const jobs = await value('batch-list', {})
for (const job of jobs) say(`status ${job.id} ${job.status}`)
say('listed')
await value('bars-import', { path: GOOG, symbol: KILL_GRID.symbol, timeframe: KILL_GRID.timeframe })

let unfinished = jobs.find((j) => j.status !== 'completed')
for (;;) {
  let jobId: string
  if (unfinished) {
    jobId = (await value('batch-resume', { jobId: unfinished.id })).id
    say(`resume ${jobId}`)
    unfinished = undefined
  } else {
    jobId = (await value('batch-run', { ...KILL_GRID, grid: [...KILL_GRID.grid] })).id
    say(`job ${jobId}`)
  }
  const acked = new Set<number>()
  for (;;) {
    // The status first: once it says completed, the runs read after it are all of them.
    const job = await value('batch-get', { jobId })
    if (job.status === 'failed' || job.status === 'cancelled') {
      throw new Error(`job ${jobId} ended ${job.status}: ${job.error ?? ''}`)
    }
    const stored = await value('batch-runs', { jobId, limit: 100_000 })
    for (const run of stored.runs) {
      if (acked.has(run.runIndex)) continue
      acked.add(run.runIndex)
      say(`ack ${jobId} ${run.runIndex} ${runDigest(run)}`)
    }
    if (job.status === 'completed') {
      say(`done ${jobId}`)
      break
    }
    await new Promise((r) => setTimeout(r, 20))
  }
}
