import type { KeyboardEvent } from 'react'

/** One tab: its id and its label. */
export type TabItem<T extends string> = { id: T; label: string; badge?: string | number }

/** A row of tabs (ARIA tablist, arrow keys move); the caller renders the active panel. */
export function Tabs<T extends string>({
  tabs,
  value,
  onChange,
  label,
}: {
  tabs: readonly TabItem<T>[]
  value: T
  onChange: (id: T) => void
  label: string
}) {
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return
    const i = tabs.findIndex((t) => t.id === value)
    const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]
    if (next) onChange(next.id)
  }
  return (
    <div className="tabs" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
      {tabs.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          aria-selected={t.id === value}
          tabIndex={t.id === value ? 0 : -1}
          className={t.id === value ? 'tab tab-active' : 'tab'}
          onClick={() => onChange(t.id)}
        >
          {t.label}
          {t.badge !== undefined && <span className="tab-badge num">{t.badge}</span>}
        </button>
      ))}
    </div>
  )
}
