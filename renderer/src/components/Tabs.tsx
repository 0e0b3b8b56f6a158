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
  // Arrow keys (Home/End) select the neighbouring tab and move the focus with the selection,
  // as the WAI-ARIA tabs pattern asks: a roving tab stop that stayed behind would be lost.
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = tabs.findIndex((t) => t.id === value)
    let target: number
    if (e.key === 'ArrowRight') target = (i + 1) % tabs.length
    else if (e.key === 'ArrowLeft') target = (i + tabs.length - 1) % tabs.length
    else if (e.key === 'Home') target = 0
    else if (e.key === 'End') target = tabs.length - 1
    else return
    const next = tabs[target]
    if (!next) return
    e.preventDefault()
    onChange(next.id)
    const buttons = e.currentTarget.querySelectorAll<HTMLButtonElement>('[role="tab"]')
    buttons[target]?.focus()
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
