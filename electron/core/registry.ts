import type { z } from 'zod'
import { cliOnlyFields, inputs, type CallerKind, type Channel, type Out } from './contract/index'
import { ErrorCode, type WireError, type WireResult } from './contract/errors'
import { toWireError } from './errors'
import { wireIssues } from './zod-issues'
import type { Deps } from './deps'
import { systemHandlers } from './handlers/system'
import { syncHandlers } from './handlers/sync'
import { marketHandlers } from './handlers/market'
import { backtestHandlers } from './handlers/backtest'
import { batchHandlers } from './handlers/backtest-batch'
import { strategyHandlers } from './handlers/backtest-strategy'
import { variableListHandlers } from './handlers/backtest-variable-lists'
import { campaignHandlers } from './handlers/campaigns'
import { journalHandlers } from './handlers/journal'
import { fillsHandlers } from './handlers/fills'
import { fileHandlers } from './handlers/file'
import { overfitHandlers } from './handlers/overfit'
import { probeRunHandlers } from './handlers/probe-runs'
import { optimiseHandlers } from './handlers/optimise'
import { probesHandlers } from './handlers/probes'

export type Registry = {
  readonly channels: readonly Channel[]
  /**
   * The only door to a handler: parse, run, and always resolve to a `WireResult` (it never
   * rejects, whatever `channel` and `rawInput` are). `caller` defaults to `cli` (the in-process
   * door); the page transports pass `page`, which refuses CLI-only fields (`cliOnlyFields`).
   */
  invoke<C extends Channel>(
    channel: C,
    rawInput?: unknown,
    caller?: CallerKind,
  ): Promise<WireResult<Out<C>>>
  invoke(channel: string, rawInput?: unknown, caller?: CallerKind): Promise<WireResult<unknown>>
}

type AnyHandler = (input: unknown) => Promise<unknown>

// Channel names come from the wire. Every lookup by channel goes through a `Map` built from own
// properties: `'__proto__'`, `'constructor'` or `'toString'` must find nothing, not
// `Object.prototype` and its methods.

/** Merges handler maps; a channel bound twice is a bug and throws at start-up. */
function combine(...maps: Record<string, AnyHandler>[]): Map<string, AnyHandler> {
  const out = new Map<string, AnyHandler>()
  for (const map of maps) {
    for (const [channel, handler] of Object.entries(map)) {
      if (out.has(channel)) {
        throw new Error(`channel ${channel} is bound twice; names must be unique`)
      }
      out.set(channel, handler)
    }
  }
  return out
}

/** A `page` caller's input that carries a CLI-only field, as an `unauthorized` answer. */
function refuseCliOnly(channel: string, rawInput: unknown, fields: readonly string[]) {
  if (typeof rawInput !== 'object' || rawInput === null) return null
  const sent = fields.filter((field) => Object.hasOwn(rawInput, field))
  if (sent.length === 0) return null
  const error: WireError = {
    code: ErrorCode.Unauthorized,
    message: `${channel}: ${sent.join(', ')} may be given only on the command line; send the file's content instead.`,
    issues: sent.map((field) => ({ path: [field], message: 'not accepted from a page' })),
  }
  return error
}

/** Binds every handler exactly once over `deps`. */
export function createRegistry(deps: Deps): Registry {
  const table = combine(
    systemHandlers(deps) as Record<string, AnyHandler>,
    syncHandlers(deps) as Record<string, AnyHandler>,
    marketHandlers(deps) as Record<string, AnyHandler>,
    backtestHandlers(deps) as Record<string, AnyHandler>,
    batchHandlers(deps) as Record<string, AnyHandler>,
    strategyHandlers(deps) as Record<string, AnyHandler>,
    variableListHandlers(deps) as Record<string, AnyHandler>,
    campaignHandlers(deps) as Record<string, AnyHandler>,
    journalHandlers(deps) as Record<string, AnyHandler>,
    fillsHandlers(deps) as Record<string, AnyHandler>,
    fileHandlers(deps) as Record<string, AnyHandler>,
    overfitHandlers(deps) as Record<string, AnyHandler>,
    probeRunHandlers(deps) as Record<string, AnyHandler>,
    optimiseHandlers(deps) as Record<string, AnyHandler>,
    probesHandlers(deps) as Record<string, AnyHandler>,
  )
  const schemas = new Map(Object.entries(inputs as Record<string, z.ZodType>))
  for (const channel of schemas.keys()) {
    if (!table.has(channel)) throw new Error(`channel ${channel} has a schema but no handler`)
  }
  const cliOnly = new Map(Object.entries(cliOnlyFields as Record<string, readonly string[]>))
  for (const [channel, fields] of cliOnly) {
    if (!schemas.has(channel)) throw new Error(`cliOnlyFields names unknown channel ${channel}`)
    if (fields.length === 0) throw new Error(`cliOnlyFields of ${channel} is empty`)
  }

  async function run(
    channel: string,
    rawInput: unknown,
    caller: CallerKind,
  ): Promise<WireResult<unknown>> {
    const handler = typeof channel === 'string' ? table.get(channel) : undefined
    const schema = typeof channel === 'string' ? schemas.get(channel) : undefined
    if (!handler || !schema) {
      return {
        ok: false,
        error: { code: ErrorCode.NotFound, message: `Unknown channel: ${String(channel)}` },
      }
    }
    const fields = caller === 'page' ? cliOnly.get(channel) : undefined
    const refused = fields ? refuseCliOnly(channel, rawInput, fields) : null
    if (refused) return { ok: false, error: refused }
    const parsed = schema.safeParse(rawInput)
    if (!parsed.success) {
      const issues = wireIssues(parsed.error)
      const first = issues[0]
      const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : ''
      return {
        ok: false,
        error: {
          code: ErrorCode.InvalidInput,
          message: `Invalid input for ${channel}${where}: ${first?.message ?? 'invalid'}`,
          issues,
        },
      }
    }
    return { ok: true, value: await handler(parsed.data) }
  }

  async function invoke(
    channel: string,
    rawInput?: unknown,
    caller: CallerKind = 'cli',
  ): Promise<WireResult<unknown>> {
    // The error boundary covers lookup and parsing too: a throw anywhere (a hostile input that
    // trips a schema, a handler bug) is an answer, never a rejected promise in the host worker.
    try {
      return await run(channel, rawInput, caller)
    } catch (err) {
      const error = toWireError(err)
      if (error.code === ErrorCode.Internal) {
        // Log once, with the channel and stack, never the input (STYLE §7.5).
        console.error(`[edgebook] ${String(channel)} failed:`, err)
      }
      return { ok: false, error }
    }
  }

  return { channels: [...table.keys()] as Channel[], invoke } as Registry
}
