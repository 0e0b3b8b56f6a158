import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect } from 'vitest'

const run = promisify(execFile)

/** The `edgebook` bin itself, as a trader runs it (`npm run -s build:fast` first). */
export const CLI = join(import.meta.dirname, '..', '..', 'electron', 'cli', 'edgebook.mjs')

/** Generous: a CLI call opens a data dir, and the machine may be busy. */
const TIMEOUT_MS = 180_000

/** What a CLI call ended with: its exit code and both streams. */
export type CliOutcome = { code: number; stdout: string; stderr: string }

/** Runs `edgebook ARGS`; a failing exit is an outcome to check, not a throw. */
export async function runCli(args: string[]): Promise<CliOutcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      timeout: TIMEOUT_MS,
    })
    return { code: 0, stdout, stderr }
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string }
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }
  }
}

/** Runs `edgebook ARGS`, expects success, and parses the JSON it printed. */
export async function runCliJson<T>(args: string[]): Promise<T> {
  const out = await runCli(args)
  expect(out.code, out.stderr).toBe(0)
  return JSON.parse(out.stdout) as T
}
