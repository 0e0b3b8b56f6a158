import type { KeyboardEvent, ReactNode } from 'react'

/** One column: header, cell renderer, alignment (numbers align right) and optional width. */
export type Column<T> = {
  key: string
  header: ReactNode
  render: (row: T) => ReactNode
  align?: 'left' | 'right' | 'center'
  width?: number | string
}

// Keyboard access to clickable rows: each row is a tab stop; Enter or Space opens it, and the
// up/down arrows (Home/End) move the focus between rows the way a list box does.
function onRowKeyDown(e: KeyboardEvent<HTMLTableRowElement>, open: () => void): void {
  const row = e.currentTarget
  const move = (target: Element | null | undefined) => {
    if (target instanceof HTMLElement) {
      e.preventDefault()
      target.focus()
    }
  }
  switch (e.key) {
    case 'Enter':
    case ' ':
      if (e.target !== row) return
      e.preventDefault()
      open()
      return
    case 'ArrowDown':
      move(row.nextElementSibling)
      return
    case 'ArrowUp':
      move(row.previousElementSibling)
      return
    case 'Home':
      move(row.parentElement?.firstElementChild)
      return
    case 'End':
      move(row.parentElement?.lastElementChild)
      return
  }
}

/**
 * A dense data table with a sticky header, scrolling sideways inside its card when its columns
 * are wider than the window. Clickable rows are reachable by keyboard. For thousands of rows, wrap the body with
 * `@tanstack/react-virtual` in the feature; this one renders every row.
 */
export function Table<T>({
  columns,
  rows,
  rowKey,
  onRowClick,
  selectedKey,
  empty,
  caption,
  testId,
}: {
  columns: readonly Column<T>[]
  rows: readonly T[]
  rowKey: (row: T) => string
  onRowClick?: (row: T) => void
  selectedKey?: string | null
  empty?: ReactNode
  caption?: string
  testId?: string
}) {
  return (
    <div className="table-wrap" data-testid={testId}>
      <table className="table">
        {caption !== undefined && <caption className="sr-only">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} style={{ width: c.width, textAlign: c.align ?? 'left' }} scope="col">
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td className="table-empty" colSpan={columns.length}>
                {empty ?? 'No rows'}
              </td>
            </tr>
          ) : (
            rows.map((row) => {
              const key = rowKey(row)
              return (
                <tr
                  key={key}
                  className={[
                    onRowClick ? 'clickable' : '',
                    selectedKey === key ? 'selected' : '',
                  ].join(' ')}
                  onClick={onRowClick ? () => onRowClick(row) : undefined}
                  tabIndex={onRowClick ? 0 : undefined}
                  onKeyDown={onRowClick ? (e) => onRowKeyDown(e, () => onRowClick(row)) : undefined}
                >
                  {columns.map((c) => (
                    <td
                      key={c.key}
                      className={c.align === 'right' ? 'num' : undefined}
                      style={{ textAlign: c.align ?? 'left' }}
                    >
                      {c.render(row)}
                    </td>
                  ))}
                </tr>
              )
            })
          )}
        </tbody>
      </table>
    </div>
  )
}
