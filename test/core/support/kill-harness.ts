// What the job kill suites share: a seeded generator, a writer process run until it is SIGKILLed
// at the moment its phase picks, and the checks of the job statuses every opener shows. A writer
// speaks one line per event (see probes-kill-writer.ts):
//   ready | status <job> <status> | listed | job <job> | resume <job> |
//   progress <job> <done> <total> | ack <job> <key> <checksum> | done <job>
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { expect } from 'vitest'

/** Where a kill lands: kill i takes phase i mod 4. */
export const PHASES = ['early', 'mid', 'finishing', 'ended'] as const
export type Phase = (typeof PHASES)[number]

/** A writer that never reaches its trigger is killed anyway after this long (a busy machine). */
const FALLBACK_MS = 120_000

/** A seeded linear congruential generator in [0, 1). */
export function seeded(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648
    return s / 2147483648
  }
}

/** What one writer process said before it was killed. */
export type WriterRun = {
  /** Jobs and their status as the writer listed them at open. */
  statuses: Map<string, string>
  /** The writer listed every job before it was killed. */
  isListed: boolean
  /** job → key → checksum of everything the writer saw stored. */
  acked: Map<string, Map<string, string>>
  /** Jobs the writer saw completed. */
  done: Set<string>
  /** The job the writer was running when killed, if not done. */
  current: string | null
  /** The kill came at its trigger, not at the fallback. */
  isTriggered: boolean
}

/**
 * Runs `writer` (a TypeScript file taking the data dir) until it is SIGKILLed at the moment
 * `phase` picks: early (soon after open or a job start), mid (after up to `midAcks` acks new to
 * `isKnown`), finishing (progress at `finishShare` of the total) or ended (a job completed).
 */
export function runWriter(options: {
  writer: string
  dataDir: string
  phase: Phase
  rng: () => number
  isKnown: (jobId: string, key: string) => boolean
  midAcks: number
  finishShare: number
}): Promise<WriterRun> {
  const { writer, dataDir, phase, rng, isKnown } = options
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const run: WriterRun = {
      statuses: new Map(),
      isListed: false,
      acked: new Map(),
      done: new Set(),
      current: null,
      isTriggered: false,
    }
    let isArmed = true
    const kill = (isTriggered: boolean, delayMs = 0): void => {
      if (!isArmed) return
      isArmed = false
      run.isTriggered = isTriggered
      setTimeout(() => child.kill('SIGKILL'), delayMs)
    }
    const fallback = setTimeout(() => kill(false), FALLBACK_MS)
    const ackTrigger = 1 + Math.floor(rng() * Math.max(1, options.midAcks))
    const earlyAfter = rng() < 0.5 ? 'ready' : 'start'
    const earlyDelayMs = earlyAfter === 'ready' ? rng() * 600 : rng() * 150
    const finishDelayMs = rng() * 150
    let newAcks = 0
    let stderr = ''
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const [word, id, a, b] = line.split(' ')
      if (word === 'ready' && phase === 'early' && earlyAfter === 'ready') kill(true, earlyDelayMs)
      else if (word === 'status' && id && a) run.statuses.set(id, a)
      else if (word === 'listed') run.isListed = true
      else if ((word === 'job' || word === 'resume') && id) {
        run.current = id
        if (phase === 'early' && earlyAfter === 'start') kill(true, earlyDelayMs)
      } else if (word === 'done' && id) {
        run.done.add(id)
        if (run.current === id) run.current = null
        if (phase === 'ended') kill(true, finishDelayMs)
      } else if (word === 'ack' && id && a && b) {
        const keys = run.acked.get(id) ?? new Map<string, string>()
        keys.set(a, b)
        run.acked.set(id, keys)
        if (!isKnown(id, a)) newAcks += 1
        if (phase === 'mid' && newAcks >= ackTrigger) kill(true)
      } else if (
        word === 'progress' &&
        phase === 'finishing' &&
        a &&
        b &&
        +a >= options.finishShare * +b
      ) {
        kill(true, finishDelayMs)
      }
    })
    child.on('exit', (code, signal) => {
      clearTimeout(fallback)
      if (signal === 'SIGKILL') resolve(run)
      else reject(new Error(`writer exited with ${code ?? signal}: ${stderr}`))
    })
  })
}

/**
 * Everything the writers acknowledged across kills, and the checks of what each opener listed:
 * a job no process runs is never shown running, a completed one stays completed, and a whole
 * listing names every job a process ever showed.
 */
export class KillLedger {
  readonly acked = new Map<string, Map<string, string>>()
  readonly done = new Set<string>()
  interruptedSeen = 0
  killedMidJob = 0
  triggered = 0
  listings = 0
  previous: WriterRun | null = null

  isKnown = (jobId: string, key: string): boolean => this.acked.get(jobId)?.has(key) ?? false

  checkStatuses(statuses: Map<string, string>, isListed: boolean): void {
    for (const [jobId, status] of statuses) {
      if (this.done.has(jobId)) expect(status, `job ${jobId}`).toBe('completed')
      else expect(['completed', 'interrupted'], `job ${jobId}`).toContain(status)
      if (status === 'interrupted') this.interruptedSeen += 1
    }
    if (!isListed) return
    this.listings += 1
    for (const jobId of this.acked.keys()) expect(statuses.has(jobId), `job ${jobId}`).toBe(true)
    const current = this.previous?.current
    if (current) expect(statuses.has(current), `job ${current}`).toBe(true)
  }

  /** Takes one killed writer's account: its listing checked, its acks merged (one checksum). */
  add(run: WriterRun): void {
    this.checkStatuses(run.statuses, run.isListed)
    for (const [jobId, keys] of run.acked) {
      const all = this.acked.get(jobId) ?? new Map<string, string>()
      for (const [key, digest] of keys) {
        // Seen by two processes, a stored item has one checksum: a resume never rewrites it.
        if (all.has(key)) expect(digest, `job ${jobId} ${key}`).toBe(all.get(key))
        all.set(key, digest)
      }
      this.acked.set(jobId, all)
    }
    for (const jobId of run.done) this.done.add(jobId)
    if (run.current) this.killedMidJob += 1
    if (run.isTriggered) this.triggered += 1
    this.previous = run
  }
}
