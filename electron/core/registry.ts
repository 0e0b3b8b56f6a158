import type { z } from 'zod'
import { inputs, type Channel, type Handlers, type Out } from './contract/index'
import { ErrorCode, type WireResult } from './contract/errors'
import { toWireError } from './errors'
import type { Deps } from './deps'
import { systemHandlers } from './handlers/system'
import { syncHandlers } from './handlers/sync'
import { marketHandlers } from './handlers/market'
import { backtestHandlers } from './handlers/backtest'
import { campaignHandlers } from './handlers/campaigns'
import { journalHandlers } from './handlers/journal'
import { fillsHandlers } from './handlers/fills'

export type Registry = {
  readonly channels: readonly Channel[]
  /** The only door to a handler: parse, run, and always resolve to a `WireResult`. */
  invoke<C extends Channel>(channel: C, rawInput?: unknown): Promise<WireResult<Out<C>>>
  invoke(channel: string, rawInput?: unknown): Promise<WireResult<unknown>>
}

type AnyHandler = (input: unknown) => Promise<unknown>

/** Merges handler maps; a channel bound twice is a bug and throws at start-up. */
function combine(...maps: Record<string, AnyHandler>[]): Record<string, AnyHandler> {
  const out: Record<string, AnyHandler> = {}
  for (const map of maps) {
    for (const [channel, handler] of Object.entries(map)) {
      if (channel in out) throw new Error(`channel ${channel} is bound twice; names must be unique`)
      out[channel] = handler
    }
  }
  return out
}

/** Binds every handler exactly once over `deps`. */
export function createRegistry(deps: Deps): Registry {
  const bound: Handlers = {
    ...(combine(
      systemHandlers(deps) as Record<string, AnyHandler>,
      syncHandlers(deps) as Record<string, AnyHandler>,
      marketHandlers(deps) as Record<string, AnyHandler>,
      backtestHandlers(deps) as Record<string, AnyHandler>,
      campaignHandlers(deps) as Record<string, AnyHandler>,
      journalHandlers(deps) as Record<string, AnyHandler>,
      fillsHandlers(deps) as Record<string, AnyHandler>,
    ) as unknown as Handlers),
  }
  const table = bound as unknown as Record<string, AnyHandler>
  for (const channel of Object.keys(inputs)) {
    if (!(channel in table)) throw new Error(`channel ${channel} has a schema but no handler`)
  }
  const schemas = inputs as Record<string, z.ZodType>

  async function invoke(channel: string, rawInput?: unknown): Promise<WireResult<unknown>> {
    const handler = table[channel]
    const schema = schemas[channel]
    if (!handler || !schema) {
      return {
        ok: false,
        error: { code: ErrorCode.NotFound, message: `Unknown channel: ${channel}` },
      }
    }
    const parsed = schema.safeParse(rawInput)
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({
        path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
        message: issue.message,
      }))
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
    try {
      return { ok: true, value: await handler(parsed.data) }
    } catch (err) {
      const error = toWireError(err)
      if (error.code === ErrorCode.Internal) {
        // Log once, with the channel and stack, never the input (STYLE §7.5).
        console.error(`[edgebook] ${channel} failed:`, err)
      }
      return { ok: false, error }
    }
  }

  return { channels: Object.keys(table) as Channel[], invoke } as Registry
}
