import { openCore, type Core, type OpenCoreOptions } from '../../electron/core/core'
import type { AppEventName, AppEvents } from '../../electron/core/contract/events'
import type { CampaignRowDto, Channel, Out, RawIn } from '../../electron/core/contract/index'
import type { WireResult } from '../../electron/core/contract/errors'

export type TestCore = Core & {
  events: { event: AppEventName; payload: AppEvents[AppEventName] }[]
  /**
   * Invokes a channel the way a transport would: the input and the answer both round-trip
   * through JSON, so nothing that cannot cross a process boundary slips through (STYLE §9.7).
   */
  call<C extends Channel>(channel: C, input?: RawIn<C>): Promise<WireResult<Out<C>>>
  /** Like `call`, but unwraps `{ ok: true }` and throws on `{ ok: false }`. */
  value<C extends Channel>(channel: C, input?: RawIn<C>): Promise<Out<C>>
  /** Every campaign `campaigns-list` gives for `filter`, all pages, oldest opening first. */
  campaigns(
    filter?: Omit<RawIn<'campaigns-list'>, 'offset' | 'limit' | 'sort' | 'direction'>,
  ): Promise<CampaignRowDto[]>
}

/**
 * A fresh core: in-memory PGlite (or `dataDir`) with every migration applied. `options` passes
 * what only an opener may set (provider endpoints of a loopback test server).
 */
export async function openTestCore(
  dataDir: string | null = null,
  options: Omit<OpenCoreOptions, 'dataDir' | 'emit'> = {},
): Promise<TestCore> {
  const events: TestCore['events'] = []
  const core = await openCore({
    ...options,
    dataDir,
    emit: (event, payload) => events.push({ event, payload }),
  })
  const call = async <C extends Channel>(channel: C, input?: RawIn<C>) => {
    const wireIn = input === undefined ? undefined : (JSON.parse(JSON.stringify(input)) as unknown)
    const result = await core.registry.invoke(channel, wireIn)
    return JSON.parse(JSON.stringify(result)) as WireResult<Out<C>>
  }
  const value = async <C extends Channel>(channel: C, input?: RawIn<C>): Promise<Out<C>> => {
    const result = await call(channel, input)
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
    return result.value
  }
  return {
    ...core,
    events,
    call,
    value,
    async campaigns(filter = {}) {
      const rows: CampaignRowDto[] = []
      for (;;) {
        const page = await value('campaigns-list', { ...filter, offset: rows.length, limit: 5000 })
        rows.push(...page.rows)
        if (page.rows.length === 0 || rows.length >= page.total) return rows
      }
    },
  }
}
