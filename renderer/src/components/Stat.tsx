import type { ReactNode } from 'react'

/** A labelled key figure; `tone` colours the value (P&L up or down). */
export function Stat({
  label,
  value,
  hint,
  tone,
  testId,
}: {
  label: ReactNode
  value: ReactNode
  hint?: ReactNode
  tone?: 'pos' | 'neg' | ''
  testId?: string
}) {
  return (
    <div className="stat" data-testid={testId}>
      <div className="stat-label">{label}</div>
      <div className={['stat-value', 'num', tone].filter(Boolean).join(' ')}>{value}</div>
      {hint !== undefined && <div className="stat-hint">{hint}</div>}
    </div>
  )
}
