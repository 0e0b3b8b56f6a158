import { useEffect, useMemo, useState } from 'react'
import type { CampaignDto } from '../../../../../electron/core/contract/index'
import { formatMoney } from '../../../lib/format'
import { formatDateTime } from '../../../lib/zone'
import { useCampaignStore } from '../../../stores/campaign-store'
import { useZoneStore } from '../../../stores/zone-store'

// A long journal has tens of thousands of campaigns: the list shows the newest matches only.
const SHOWN = 200

function label(c: CampaignDto, zone: string): string {
  const money = formatMoney(c.netPnl, c.currency, { isSigned: true })
  return `${formatDateTime(c.openedAt, zone).slice(0, 16)} · ${c.symbol} ${c.side} · ${c.account} · ${money}`
}

/**
 * Picks the campaign a journal entry is about: a search box (symbol, account or date, any
 * case) over the campaigns, newest first, and a list of the matches. `value` is a group id.
 */
export function CampaignPicker({
  id,
  value,
  onChange,
}: {
  /** Id of the search box, for the field's label. */
  id?: string
  value: string
  onChange: (groupId: string) => void
}) {
  const list = useCampaignStore((s) => s.list)
  const loadList = useCampaignStore((s) => s.loadList)
  const zone = useZoneStore((s) => s.zone)
  const [query, setQuery] = useState('')
  useEffect(() => {
    if (list.status === 'idle') void loadList()
  }, [list.status, loadList])

  const all = useMemo(() => (list.status === 'ready' ? list.value : []), [list])
  const matches = useMemo(() => {
    const needle = query.trim().toLowerCase()
    const found: CampaignDto[] = []
    for (let i = all.length - 1; i >= 0 && found.length < SHOWN; i--) {
      const c = all[i]!
      if (!needle || label(c, zone).toLowerCase().includes(needle)) found.push(c)
    }
    return found
  }, [all, query, zone])
  const current = all.find((c) => c.groupId === value)

  return (
    <div className="campaign-picker" data-testid="campaign-picker">
      <input
        id={id}
        type="search"
        placeholder="Search symbol, account or date"
        aria-label="Search campaigns"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      <select
        aria-label="Campaign"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid="campaign-select"
      >
        <option value="">No campaign</option>
        {current && !matches.includes(current) && (
          <option value={current.groupId}>{label(current, zone)}</option>
        )}
        {value && !current && list.status === 'ready' && (
          <option value={value}>A campaign that no longer exists</option>
        )}
        {matches.map((c) => (
          <option key={c.groupId} value={c.groupId}>
            {label(c, zone)}
          </option>
        ))}
      </select>
      <span className="muted small">
        {list.status === 'loading'
          ? 'Loading campaigns…'
          : `${matches.length}${matches.length === SHOWN ? '+' : ''} of ${all.length} campaigns`}
      </span>
    </div>
  )
}
