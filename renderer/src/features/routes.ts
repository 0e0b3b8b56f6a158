import type { ComponentType } from 'react'
import {
  AREAS,
  DEFAULT_AREA,
  shortcutOf,
  type AreaId,
} from '../../../electron/core/contract/navigation'
import {
  BacktestIcon,
  JournalIcon,
  MarketIcon,
  ProbeIcon,
  SettingsIcon,
  SyncIcon,
} from '../components/icons'
import { BacktestsPage } from './backtests/BacktestsPage'
import { JournalPage } from './journal/JournalPage'
import { MarketPage } from './market/MarketPage'
import { ProbesPage } from './probes/ProbesPage'
import { SettingsPage } from './settings/SettingsPage'
import { SyncPage } from './sync/SyncPage'

/** What every page receives: the route segments after its area, `#/journal/a/b` → `['a','b']`. */
export type PageProps = { path: string[] }

/** One area of the app: a nav entry, a hash route `#/<id>` and a keyboard shortcut. */
export type Area = {
  id: AreaId
  label: string
  /** Ctrl/Cmd + this digit opens the area (the Electron menu shows the same accelerator). */
  shortcut: string
  icon: ComponentType
  Page: ComponentType<PageProps>
}

/** What the renderer adds to each entry of the shared navigation table (contract/navigation.ts). */
const VIEWS: Record<AreaId, Pick<Area, 'icon' | 'Page'>> = {
  journal: { icon: JournalIcon, Page: JournalPage },
  backtests: { icon: BacktestIcon, Page: BacktestsPage },
  probes: { icon: ProbeIcon, Page: ProbesPage },
  market: { icon: MarketIcon, Page: MarketPage },
  sync: { icon: SyncIcon, Page: SyncPage },
  settings: { icon: SettingsIcon, Page: SettingsPage },
}

/**
 * The navigation table. A feature replaces only its own `features/<area>/<Area>Page.tsx`; the
 * table itself changes only when an area is added, in contract/navigation.ts.
 */
export const areas: readonly Area[] = AREAS.map(({ id, label }) => ({
  id,
  label,
  shortcut: shortcutOf(id),
  ...VIEWS[id],
}))

/** Where `#/` and unknown routes land. */
export const defaultAreaId: AreaId = DEFAULT_AREA
