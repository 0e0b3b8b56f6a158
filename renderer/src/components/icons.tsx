import type { ReactNode, SVGProps } from 'react'

// Stroke icons on a 24-unit grid, drawn for this app; they take the text colour.
function Icon({ children, ...rest }: SVGProps<SVGSVGElement> & { children: ReactNode }) {
  return (
    <svg
      width="18"
      height="18"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.7"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      {...rest}
    >
      {children}
    </svg>
  )
}

/** Journal: a ledger book. */
export function JournalIcon() {
  return (
    <Icon>
      <path d="M5 4h11a3 3 0 0 1 3 3v13H8a3 3 0 0 1-3-3V4z" />
      <path d="M5 17a3 3 0 0 1 3-3h11M9 8h6" />
    </Icon>
  )
}

/** Backtests: an equity curve. */
export function BacktestIcon() {
  return (
    <Icon>
      <path d="M3 20h18" />
      <path d="M4 16l5-5 4 3 7-8" />
      <path d="M16 6h4v4" />
    </Icon>
  )
}

/** Probes: a grid of runs. */
export function ProbeIcon() {
  return (
    <Icon>
      <rect x="4" y="4" width="6" height="6" rx="1" />
      <rect x="14" y="4" width="6" height="6" rx="1" />
      <rect x="4" y="14" width="6" height="6" rx="1" />
      <path d="M17 14v6M14 17h6" />
    </Icon>
  )
}

/** Market data: candlesticks. */
export function MarketIcon() {
  return (
    <Icon>
      <path d="M7 3v4M7 17v4M17 5v3M17 16v3" />
      <rect x="5" y="7" width="4" height="10" rx="1" />
      <rect x="15" y="8" width="4" height="8" rx="1" />
    </Icon>
  )
}

/** Sync: two arrows in a circle. */
export function SyncIcon() {
  return (
    <Icon>
      <path d="M20 11a8 8 0 0 0-14.5-4.5L4 8" />
      <path d="M4 4v4h4" />
      <path d="M4 13a8 8 0 0 0 14.5 4.5L20 16" />
      <path d="M20 20v-4h-4" />
    </Icon>
  )
}

/** Settings: sliders. */
export function SettingsIcon() {
  return (
    <Icon>
      <path d="M4 6h10M18 6h2M4 12h4M12 12h8M4 18h12M20 18h0" />
      <circle cx="16" cy="6" r="2" />
      <circle cx="10" cy="12" r="2" />
      <circle cx="18" cy="18" r="2" />
    </Icon>
  )
}

/** The app mark: a rising edge. */
export function LogoMark() {
  return (
    <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true">
      <rect width="24" height="24" rx="6" fill="var(--accent)" />
      <path
        d="M5 16l4.5-4.5 3 3L19 8"
        fill="none"
        stroke="#fff"
        strokeWidth="2.2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  )
}
