import { setFlagsFromString } from 'node:v8'

// A command-line call is short-lived, and most of its time is PGlite starting PostgreSQL inside
// WebAssembly. V8 runs that code first through its baseline compiler (Liftoff) and recompiles hot
// functions with its optimising one (TurboFan) on background threads. For a call that answers in
// a second, that recompilation is pure cost: it takes about as much CPU as the answer itself
// (`info --json`: 1.5 s of CPU instead of 0.85 s), competes for the cores, and the process cannot
// exit until the jobs in flight are done. So such calls run on Liftoff alone; the commands that
// push many rows through PostgreSQL keep the optimising tier, which pays off within seconds of
// bulk work. Only WebAssembly is affected: JavaScript, the backtest engine included, is optimised
// as always.

/** Commands that do bulk work in the embedded PostgreSQL (imports, regrouping, sync, backtests). */
export const BULK_COMMANDS: readonly (readonly string[])[] = [
  ['import', 'fills'],
  ['import', 'undo'],
  ['campaigns', 'rebuild'],
  ['bars', 'import'],
  ['bars', 'fetch'],
  ['bars', 'aggregate'],
  ['backtest'],
  ['batch'],
  ['batch', 'resume'],
  ['probes', 'run'],
  ['probes', 'resume'],
  ['sync'],
]

export function isBulkCommand(path: readonly string[]): boolean {
  return BULK_COMMANDS.some((p) => p.length === path.length && p.every((w, i) => w === path[i]))
}

/**
 * Chooses how V8 compiles WebAssembly for this call. Must run before PGlite compiles its module,
 * i.e. before the core is opened.
 */
export function tuneWasmTiering(path: readonly string[]): void {
  if (!isBulkCommand(path)) setFlagsFromString('--liftoff-only')
}
