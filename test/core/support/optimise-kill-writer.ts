// A lab process for the optimiser kill test: imports GOOG's daily bars (a re-import adds
// nothing), then resumes the optimiser job a killed process left unfinished or starts a new
// seeded genetic algorithm, watches it to its end and starts the next, until it is killed. It
// speaks the lines of kill-harness.ts; an ack is one evaluated individual,
// `ack <jobId> <generation>:<genes> <checksum>`.
import { writeSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Channel, Out, RawIn } from '../../../electron/core/contract/index'
import { openCore } from '../../../electron/core/core'
import { individualKey, KILL_OPTIMISE } from './optimise-kill-digest'

const GOOG = resolve(import.meta.dirname, '../../fixtures/bars/backtesting_py_GOOG.csv')

const [dataDir] = process.argv.slice(2)
if (!dataDir) throw new Error('usage: optimise-kill-writer DATA_DIR')

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
const jobs = await value('optimise-list', { kind: 'optimise' })
for (const job of jobs) say(`status ${job.id} ${job.status}`)
say('listed')
await value('bars-import', { path: GOOG, symbol: KILL_OPTIMISE.symbol, timeframe: '1Day' })

let unfinished = jobs.find((j) => j.status !== 'completed')
for (;;) {
  let jobId: string
  if (unfinished) {
    jobId = (await value('optimise-resume', { jobId: unfinished.id })).id
    say(`resume ${jobId}`)
    unfinished = undefined
  } else {
    jobId = (await value('optimise-run', { ...KILL_OPTIMISE })).id
    say(`job ${jobId}`)
  }
  const acked = new Set<string>()
  for (;;) {
    // The status first: once it says completed, the individuals read after it are all of them.
    const job = await value('optimise-get', { jobId })
    if (job.status === 'failed' || job.status === 'cancelled') {
      throw new Error(`optimiser ${jobId} ended ${job.status}: ${job.error ?? ''}`)
    }
    const page = await value('optimise-individuals', { runId: jobId, limit: 10_000 })
    for (const individual of page.individuals) {
      const [key, digest] = individualKey(individual)
      if (acked.has(key)) continue
      acked.add(key)
      say(`ack ${jobId} ${key} ${digest}`)
    }
    if (job.status === 'completed') {
      say(`done ${jobId}`)
      break
    }
    await new Promise((r) => setTimeout(r, 50))
  }
}
