import type { ReactNode } from 'react'

/** What a page shows when it has nothing yet: what it is for and what to do next. */
export function EmptyState({
  icon,
  title,
  children,
  action,
  testId,
}: {
  icon?: ReactNode
  title: ReactNode
  children?: ReactNode
  action?: ReactNode
  testId?: string
}) {
  return (
    <div className="empty" data-testid={testId ?? 'empty-state'}>
      {icon !== undefined && <div className="empty-icon">{icon}</div>}
      <h2 className="empty-title">{title}</h2>
      {children !== undefined && <div className="empty-body">{children}</div>}
      {action !== undefined && <div className="empty-action">{action}</div>}
    </div>
  )
}
