import { useEffect, useRef, useState } from 'react'
import type { CampaignPage, CampaignRowDto } from '../../../../../electron/core/contract/index'
import { callSafe } from '../../../api/client'
import { formatMoney } from '../../../lib/format'
import { formatDateTime } from '../../../lib/zone'
import { useZoneStore } from '../../../stores/zone-store'

// A long journal has tens of thousands of campaigns: the list shows the newest matches only.
const SHOWN = 200
const SEARCH_DELAY_MS = 250

type Labelled = Pick<
  CampaignRowDto,
  'groupId' | 'openedAt' | 'symbol' | 'side' | 'account' | 'netPnl' | 'currency'
>

function label(c: Labelled, zone: string): string {
  const money = formatMoney(c.netPnl, c.currency, { isSigned: true })
  return `${formatDateTime(c.openedAt, zone).slice(0, 16)} · ${c.symbol} ${c.side} · ${c.account} · ${money}`
}

/**
 * Picks the campaign a journal entry is about: a search box (any part of the symbol, any case)
 * over the campaigns, newest first, and a list of the matches. `value` is a group id.
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
  const zone = useZoneStore((s) => s.zone)
  const [query, setQuery] = useState('')
  const [page, setPage] = useState<CampaignPage | null>(null)
  // The chosen campaign, when it is not among the matches shown.
  const [current, setCurrent] = useState<Labelled | null | 'missing'>(null)

  // The first load starts at once; later ones wait until typing pauses.
  const hasLoaded = useRef(false)
  useEffect(() => {
    let isLive = true
    const timer = setTimeout(
      () => {
        void callSafe('campaigns-list', {
          ...(query.trim() ? { symbol: query.trim() } : {}),
          sort: 'opened',
          direction: 'desc',
          limit: SHOWN,
        }).then((result) => {
          if (isLive && result.ok) setPage(result.value)
        })
      },
      hasLoaded.current ? SEARCH_DELAY_MS : 0,
    )
    hasLoaded.current = true
    return () => {
      isLive = false
      clearTimeout(timer)
    }
  }, [query])

  const matches = page?.rows ?? []
  const shown = matches.find((c) => c.groupId === value)
  useEffect(() => {
    if (!value || shown) return
    let isLive = true
    void callSafe('campaigns-get', { groupId: value }).then((result) => {
      if (isLive) setCurrent(result.ok ? result.value.campaign : 'missing')
    })
    return () => {
      isLive = false
    }
  }, [value, shown])

  return (
    <div className="campaign-picker" data-testid="campaign-picker">
      <input
        id={id}
        type="search"
        placeholder="Search by symbol"
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
        {value && !shown && current && current !== 'missing' && current.groupId === value && (
          <option value={current.groupId}>{label(current, zone)}</option>
        )}
        {value && !shown && current === 'missing' && (
          <option value={value}>A campaign that no longer exists</option>
        )}
        {matches.map((c) => (
          <option key={c.groupId} value={c.groupId}>
            {label(c, zone)}
          </option>
        ))}
      </select>
      <span className="muted small">
        {page === null
          ? 'Loading campaigns…'
          : `${matches.length} of ${page.total.toLocaleString('en-US')} campaigns`}
      </span>
    </div>
  )
}
