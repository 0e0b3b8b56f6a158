import type { ComponentType } from 'react'
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
  id: string
  label: string
  /** Ctrl/Cmd + this digit opens the area (the Electron menu shows the same accelerator). */
  shortcut: string
  icon: ComponentType
  Page: ComponentType<PageProps>
}

/**
 * The navigation table. A feature replaces only its own `features/<area>/<Area>Page.tsx`; the
 * table itself changes only when an area is added.
 */
export const areas: readonly Area[] = [
  { id: 'journal', label: 'Journal', shortcut: '1', icon: JournalIcon, Page: JournalPage },
  { id: 'backtests', label: 'Backtests', shortcut: '2', icon: BacktestIcon, Page: BacktestsPage },
  { id: 'probes', label: 'Probes', shortcut: '3', icon: ProbeIcon, Page: ProbesPage },
  { id: 'market', label: 'Market data', shortcut: '4', icon: MarketIcon, Page: MarketPage },
  { id: 'sync', label: 'Sync', shortcut: '5', icon: SyncIcon, Page: SyncPage },
  { id: 'settings', label: 'Settings', shortcut: '6', icon: SettingsIcon, Page: SettingsPage },
]

/** Where `#/` and unknown routes land. */
export const defaultAreaId = 'journal'
