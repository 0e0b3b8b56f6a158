import { availableParallelism } from 'node:os'
import { runWorker, type WorkerStatus } from '../../core/jobs/server-worker'
import { redactUrl } from '../../core/sync/credentials'
import { intOpt, opt, UsageError } from '../args'
import type { Command } from '../command'
import { serverUrl } from './sync'

function statusText(s: WorkerStatus): string {
  switch (s.event) {
    case 'started':
      return `worker ${s.worker} started with ${s.concurrency} engine thread(s)`
    case 'chunk-started':
      return `chunk ${s.chunkIndex} of job ${s.jobId}: ${s.runs} runs`
    case 'chunk-done':
      return `chunk ${s.chunkIndex} of job ${s.jobId}: ${s.runs} runs in ${s.ms} ms, ${s.stored} stored`
    case 'chunk-skipped':
      return `chunk ${s.chunkIndex} of job ${s.jobId} skipped: ${s.reason}`
    case 'chunk-failed':
      return `chunk ${s.chunkIndex} of job ${s.jobId} failed: ${s.error}`
    case 'stopping':
      return `worker ${s.worker} stopping: finishing the chunk in hand`
    case 'stopped':
      return `worker ${s.worker} stopped after ${s.chunks} chunk(s), ${s.runs} runs`
  }
}

export const workerCommands: Command[] = [
  {
    path: ['worker'],
    usage:
      'edgebook worker [--url-file FILE | --url postgres://…] [--concurrency N] [--name NAME] [--json]\n' +
      '  Takes batch chunks queued on the shared server (`batch-run` with where: server), runs them\n' +
      '  on N engine threads (default: every core) and writes their results there, until SIGINT or\n' +
      '  SIGTERM (the chunk in hand is finished first). The URL comes from --url-file, --url,\n' +
      '  EDGEBOOK_SYNC_URL or a prompt. --json prints one status line per event.',
    summary: 'Run batch chunks queued on the shared PostgreSQL server',
    options: [
      '--concurrency N        engine threads (default: the cores of this machine)',
      '--name NAME            the name written beside each result (default: host:pid)',
      '--maintenance-seconds S  how often this worker hands on the chunks of dead workers (10)',
      '--poll-seconds S       how often an idle worker looks for chunks (1)',
    ],
    needsCore: false,
    async run(ctx) {
      const url = await serverUrl(ctx.args, true)
      if (url === undefined)
        throw new UsageError('a server URL is required: --url-file, EDGEBOOK_SYNC_URL or --url')
      const concurrency = intOpt(ctx.args, 'concurrency') ?? availableParallelism()
      if (concurrency < 1) throw new UsageError('--concurrency must be at least 1')
      const maintenanceSeconds = intOpt(ctx.args, 'maintenance-seconds')
      const pollSeconds = Number(opt(ctx.args, 'poll-seconds') ?? 1)
      if (!(pollSeconds >= 0.5)) throw new UsageError('--poll-seconds must be at least 0.5')
      const name = opt(ctx.args, 'name')
      const stop = new AbortController()
      const onSignal = (): void => stop.abort()
      process.once('SIGINT', onSignal)
      process.once('SIGTERM', onSignal)
      if (!ctx.isJson) process.stderr.write(`edgebook: worker on ${redactUrl(url)}\n`)
      try {
        await runWorker({
          url,
          concurrency,
          signal: stop.signal,
          pollSeconds,
          ...(name === undefined ? {} : { name }),
          ...(maintenanceSeconds === undefined ? {} : { maintenanceSeconds }),
          onStatus: (s) =>
            process.stdout.write(ctx.isJson ? `${JSON.stringify(s)}\n` : `${statusText(s)}\n`),
        })
      } finally {
        process.off('SIGINT', onSignal)
        process.off('SIGTERM', onSignal)
      }
    },
  },
]
