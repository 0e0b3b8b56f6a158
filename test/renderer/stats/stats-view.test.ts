// The statistics page over the real core: the store calls `journal-stats` through a bridge to a
// PGlite core, and the dashboard of its answer is rendered to markup (server rendering runs no
// effects and reads a store's initial state, so the page's loading shell is left out). A journal in USD and SEK shows the majority
// currency with a switcher; choosing SEK re-asks in SEK and shows SEK money only.
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Bridge } from '../../../electron/core/contract/index'
import type * as StatsViewModule from '../../../renderer/src/features/journal/stats/StatsView'
import type * as StatsStoreModule from '../../../renderer/src/stores/stats-store'
import { openTestCore, type TestCore } from '../../support/core'

// The test program does not include the renderer's env.d.ts: the same bridge on Window here.
declare global {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- only an interface merges into the DOM's Window
  interface Window {
    api?: Bridge
  }
}

const CSV = [
  'Symbol,Side,Qty,Price,Time,Currency',
  'AAPL,BUY,10,100,2025-01-06 15:00:00,USD',
  'AAPL,SELL,10,105,2025-01-06 16:00:00,USD',
  'MSFT,BUY,5,200,2025-01-07 15:00:00,USD',
  'MSFT,SELL,5,195,2025-01-07 16:00:00,USD',
  'VOLV-B,BUY,100,250,2025-01-06 09:30:00,SEK',
  'VOLV-B,SELL,100,262.5,2025-01-07 10:00:00,SEK',
  '',
].join('\n')

let core: TestCore
// Imported once the window exists (the API client picks its transport at import).
let view: typeof StatsViewModule
let store: typeof StatsStoreModule
let addedNavigator = false

beforeAll(async () => {
  core = await openTestCore()
  // The Electron preload's bridge, answered by the test core as IPC would (JSON in, JSON out).
  const bridge = {
    invoke: (channel: string, input: unknown) => core.call(channel as never, input as never),
    on: () => () => undefined,
  } as unknown as Bridge
  ;(globalThis as { window?: unknown }).window = { api: bridge }
  // With a window the chart library asks the browser about itself at import; Node 20 has no
  // navigator (the chart itself only draws in an effect, which markup rendering never runs).
  if (!('navigator' in globalThis)) {
    Object.defineProperty(globalThis, 'navigator', {
      value: { userAgent: 'node', platform: 'node' },
      configurable: true,
    })
    addedNavigator = true
  }
  view = await import('../../../renderer/src/features/journal/stats/StatsView')
  store = await import('../../../renderer/src/stores/stats-store')
  await core.value('fills-import', {
    content: CSV,
    fileName: 'two-currencies.csv',
    broker: 'generic',
    mapping: {
      columns: {
        symbol: 'Symbol',
        side: 'Side',
        qty: 'Qty',
        price: 'Price',
        time: 'Time',
        currency: 'Currency',
      },
      dateFormat: 'yyyy-MM-dd HH:mm:ss',
    },
    account: 'gen',
    tz: 'UTC',
  })
})

afterAll(async () => {
  await core?.close()
  delete (globalThis as { window?: unknown }).window
  if (addedNavigator) delete (globalThis as { navigator?: unknown }).navigator
})

/** The dashboard of the store's current answer, wired to the store as the page wires it. */
function render(): string {
  const state = store.useStatsStore.getState()
  if (state.stats.status !== 'ready') throw new Error(`stats ${state.stats.status}`)
  return renderToStaticMarkup(
    createElement(view.StatsDashboard, {
      stats: state.stats.value,
      account: state.account,
      isRefreshing: state.isRefreshing,
      onFilter: state.setFilter,
    }),
  )
}

/** The markup without the per-currency table, whose rows are each in their own currency. */
function headline(html: string): string {
  return html.replace(/<section[^>]*data-testid="stats-by-currency".*?<\/section>/, '')
}

/** The `data-testid="stat-net"` figure of the markup. */
function netFigure(html: string): string | undefined {
  return /data-testid="stat-net".*?class="stat-value[^"]*">([^<]*)</.exec(html)?.[1]
}

describe('statistics page with two currencies', () => {
  it('shows the majority currency, a currency switcher and money in that currency', async () => {
    await store.useStatsStore.getState().load()
    const stats = await core.value('journal-stats', {})
    const html = render()
    expect(stats.currency).toBe('USD')
    expect(html).toContain('role="tablist" aria-label="Currency of the statistics"')
    expect(html).toMatch(/<button[^>]*role="tab" aria-selected="true"[^>]*>USD<\/button>/)
    expect(html).toMatch(/<button[^>]*role="tab" aria-selected="false"[^>]*>SEK<\/button>/)
    expect(netFigure(html)).toBe(
      new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency: 'USD',
        signDisplay: 'exceptZero',
      }).format(stats.netPnl),
    )
    expect(html).toMatch(
      /<td[^>]*>SEK<\/td>(<td[^>]*>[^<]*<\/td>){3}<td[^>]*><span[^>]*>\+SEK\u00a01,250\.00</,
    )
    expect(headline(html)).toContain('$')
    expect(headline(html)).not.toContain('SEK\u00a0')
  })

  it('re-asks in the chosen currency and shows its money only', async () => {
    store.useStatsStore.getState().setFilter({ currency: 'SEK' })
    await expect
      .poll(() => {
        const s = store.useStatsStore.getState()
        return s.stats.status === 'ready' && !s.isRefreshing ? s.stats.value.currency : null
      })
      .toBe('SEK')
    const sek = await core.value('journal-stats', { currency: 'SEK' })
    const html = render()
    expect(html).toMatch(/<button[^>]*role="tab" aria-selected="true"[^>]*>SEK<\/button>/)
    expect(netFigure(html)).toBe(
      new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency: 'SEK',
        signDisplay: 'exceptZero',
      }).format(sek.netPnl),
    )
    expect(html).toContain('In SEK: 1 campaigns')
    expect(headline(html)).toContain('SEK\u00a0')
    expect(headline(html)).not.toContain('$')
  })

  it('starts another account again from its main currency', async () => {
    store.useStatsStore.getState().setFilter({ account: 'gen' })
    expect(store.useStatsStore.getState().currency).toBeNull()
    await expect
      .poll(() => {
        const s = store.useStatsStore.getState()
        return s.stats.status === 'ready' && !s.isRefreshing ? s.stats.value.currency : null
      })
      .toBe('USD')
    expect(render()).toMatch(/<button[^>]*role="tab" aria-selected="true"[^>]*>USD<\/button>/)
  })
})
