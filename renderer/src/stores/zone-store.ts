import { create } from 'zustand'
import type { WireError } from '../../../electron/core/contract/index'
import { call, callSafe, onDataChanged, toWireError } from '../api/client'
import { machineZone } from '../lib/zone'

type ZoneState = {
  /** The zone every time, chart, calendar day and planned-hours check is shown in. */
  zone: string
  /** The zone the trader chose (kept in the risk profile); null follows the machine. */
  chosen: string | null
  isLoaded: boolean
  /** Reads the trader's choice from the profile (`profile-get`). */
  load: () => Promise<void>
  /** Keeps a zone across restarts (`profile-save`); null goes back to the machine's zone. */
  choose: (zone: string | null) => Promise<WireError | null>
}

/**
 * The display zone. The trader's choice is the risk profile's `timeZone`, the same one the core
 * uses for calendar days and the planned-hours rule, so what is shown and what is checked agree;
 * without a choice it is the machine's zone.
 */
export const useZoneStore = create<ZoneState>()((set) => ({
  zone: machineZone(),
  chosen: null,
  isLoaded: false,
  async load() {
    const result = await callSafe('profile-get', {})
    if (!result.ok) {
      set({ isLoaded: true })
      return
    }
    const chosen = result.value.timeZone
    set({ chosen, zone: chosen ?? machineZone(), isLoaded: true })
  },
  async choose(zone) {
    try {
      const saved = await call('profile-save', { timeZone: zone })
      set({ chosen: saved.timeZone, zone: saved.timeZone ?? machineZone() })
      return null
    } catch (err) {
      return toWireError(err)
    }
  },
}))

// A pulled profile (sync) may carry another device's choice.
onDataChanged(['journal'], () => void useZoneStore.getState().load())
