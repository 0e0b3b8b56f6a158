import type { ReactNode } from 'react'

/** A titled panel; `actions` sit at the right of the header. */
export function Card({
  title,
  actions,
  children,
  className,
  testId,
}: {
  title?: ReactNode
  actions?: ReactNode
  children: ReactNode
  className?: string
  testId?: string
}) {
  return (
    <section className={['card', className].filter(Boolean).join(' ')} data-testid={testId}>
      {(title ?? actions) !== undefined && (
        <header className="card-header">
          {title !== undefined && <h2 className="card-title">{title}</h2>}
          {actions !== undefined && <div className="card-actions">{actions}</div>}
        </header>
      )}
      <div className="card-body">{children}</div>
    </section>
  )
}
