// Types of build.mjs (plain JavaScript, so the launchers run before anything is built).

export type BuildTarget = { outputs: string[]; sources: string[] }

export const ROOT: string
export const CLI_TARGET: BuildTarget
export const APP_TARGET: BuildTarget

export function newestMtime(path: string): { mtimeMs: number; path: string }
export function staleness(target: BuildTarget, root?: string): string | null
export function withBuildLock<T>(fn: () => T, root?: string, log?: (line: string) => void): T
export function build(root?: string): string | null
export function ensureFresh(
  target: BuildTarget,
  options?: { root?: string; say?: (reason: string) => void },
): { built: boolean; reason: string | null; error: string | null }
